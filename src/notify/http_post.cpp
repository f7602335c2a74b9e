#include "notify/http_post.h"

#include "sync/curl_handles.h"

namespace redriva::notify {

namespace {

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
    sync::init_curl_once();
    sync::EasyHandle curl(curl_easy_init());
    if (!curl) return result.error = "curl could not start", result;
    sync::HeaderList headers =
        sync::append_header(nullptr, "Content-Type: " + message.content_type);
    for (const auto& [name, value] : message.headers)
        headers = sync::append_header(std::move(headers), name + ": " + value);
    // No 100-continue round trip for a small body.
    headers = sync::append_header(std::move(headers), "Expect:");

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
