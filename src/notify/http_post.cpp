#include "notify/http_post.h"

#include <curl/curl.h>

#include <memory>

namespace redriva::notify {

namespace {

struct EasyCleanup {
    void operator()(CURL* curl) const noexcept { curl_easy_cleanup(curl); }
};
struct ListFree {
    void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};

// The receiver's answer is not read: a body is discarded as it arrives.
std::size_t discard(char*, std::size_t size, std::size_t n, void*) {
    return size * n;
}

}  // namespace

std::string SendResult::describe() const {
    return status > 0 ? "HTTP " + std::to_string(status) : error;
}

CurlSender::CurlSender(std::string url, long timeout_ms)
    : url_(std::move(url)), timeout_ms_(timeout_ms) {}

SendResult CurlSender::send(const HttpMessage& message) {
    SendResult result;
    std::unique_ptr<CURL, EasyCleanup> curl(curl_easy_init());
    if (!curl) return result.error = "curl could not start", result;
    std::unique_ptr<curl_slist, ListFree> headers;
    const auto add_header = [&](const std::string& line) {
        curl_slist* grown = curl_slist_append(headers.get(), line.c_str());
        if (grown) {
            (void)headers.release();  // `grown` owns the list now (same head or a new one)
            headers.reset(grown);
        }
    };
    add_header("Content-Type: " + message.content_type);
    for (const auto& [name, value] : message.headers) add_header(name + ": " + value);
    add_header("Expect:");  // no 100-continue round trip for a small body

    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms_);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms_);
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, message.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(message.body.size()));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "redriva-sync");
    const CURLcode code = curl_easy_perform(h);
    if (code != CURLE_OK) {
        // curl_easy_strerror names the kind of failure, never the host or the path
        // (the error buffer would).
        result.error = curl_easy_strerror(code);
        return result;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &result.status);
    return result;
}

}  // namespace redriva::notify
