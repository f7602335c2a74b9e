// Owning wrappers for libcurl's C handles, and its one-time global set-up: what the
// RD client and the notifications' POST share.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>

namespace redriva::sync {

struct EasyDeleter {
    void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};
struct MultiDeleter {
    void operator()(CURLM* h) const noexcept { curl_multi_cleanup(h); }
};
struct SlistDeleter {
    void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

// curl_global_init is not thread-safe and must run once before any handle exists.
// Throws std::runtime_error when it fails.
void init_curl_once();

// `list` with one more header line; throws std::bad_alloc when curl cannot grow it.
HeaderList append_header(HeaderList list, const std::string& line);

}  // namespace redriva::sync
