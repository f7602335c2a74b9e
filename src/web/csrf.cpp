#include "web/csrf.h"

#include "common/strings.h"

namespace redriva::web {

namespace {
bool is_token(std::string_view s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (!is_lower_hex(c)) return false;
    return true;
}
}  // namespace

namespace {
// "scheme://host:port", the port always written (the scheme's default when absent),
// or "" when `origin` is not a bare origin (a path, "null", no scheme).
std::string normalized_origin(std::string_view origin) {
    const auto sep = origin.find("://");
    if (sep == std::string_view::npos || sep == 0) return {};
    const std::string_view scheme = origin.substr(0, sep);
    const std::string_view authority = origin.substr(sep + 3);
    if (authority.empty() || authority.find_first_of("/?#@") != std::string_view::npos) return {};
    const bool has_port = authority.back() != ']' && authority.find(':') != std::string_view::npos;
    if (has_port) return std::string(origin);
    const char* port = scheme == "https" ? "443" : scheme == "http" ? "80" : nullptr;
    if (!port) return {};
    return std::string(origin) + ":" + port;
}
}  // namespace

bool is_cross_origin(const Request& r) {
    if (!r.sec_fetch_site.empty() && r.sec_fetch_site != "same-origin" &&
        r.sec_fetch_site != "none")
        return true;
    if (r.origin.empty()) return false;
    // Our origin is scheme://host:port, compared with the port always written: a page
    // on another port of the same host is another origin (and may set cookies that
    // reach us: cookies do not keep ports apart). nginx's $host drops the port, so a
    // host without one takes the port the request came in on.
    const bool host_has_port =
        !r.host.empty() && r.host.back() != ']' && r.host.find(':') != std::string::npos;
    const std::string ours =
        host_has_port || r.server_port.empty()
            ? normalized_origin(r.scheme + "://" + r.host)
            : normalized_origin(r.scheme + "://" + r.host + ":" + r.server_port);
    const std::string theirs = normalized_origin(r.origin);
    return ours.empty() || theirs != ours;
}

std::string csrf_cookie_token(const Request& r) {
    // Two cookies of the name: one was set by somebody else. Trust neither.
    auto token = r.sole_cookie(kCsrfCookie);
    return token && is_token(*token) ? *token : std::string();
}

bool form_post_allowed(const Request& r) {
    if (is_cross_origin(r)) return false;
    const std::string cookie = csrf_cookie_token(r);
    auto field = r.form_value("csrf_token");
    return !cookie.empty() && field && secure_equals(cookie, *field);
}

bool api_post_allowed(const Request& r) {
    if (is_cross_origin(r)) return false;
    const std::string cookie = csrf_cookie_token(r);
    if (!cookie.empty() && !r.csrf_header.empty()) return secure_equals(cookie, r.csrf_header);
    const bool browser_like =
        !r.cookie_header.empty() || !r.origin.empty() || !r.sec_fetch_site.empty();
    return !browser_like;
}

std::string new_csrf_token() {
    return random_hex(32);
}

const std::string& csrf_placeholder() {
    static const std::string placeholder = random_hex(32);
    return placeholder;
}

std::string csrf_set_cookie(const std::string& token) {
    return std::string(kCsrfCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
}

}  // namespace redriva::web
