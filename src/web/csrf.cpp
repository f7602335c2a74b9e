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

bool is_cross_origin(const Request& r) {
    if (!r.sec_fetch_site.empty() && r.sec_fetch_site != "same-origin" &&
        r.sec_fetch_site != "none")
        return true;
    if (r.origin.empty()) return false;
    // Our origin is scheme://host[:port]. nginx's $host drops the port, so a
    // host without one is also tried with the port the request came in on.
    const std::string ours = r.scheme + "://" + r.host;
    if (r.origin == ours) return false;
    const bool host_has_port =
        !r.host.empty() && r.host.back() != ']' && r.host.find(':') != std::string::npos;
    if (!host_has_port && !r.server_port.empty() && r.origin == ours + ":" + r.server_port)
        return false;
    return true;
}

std::string csrf_cookie_token(const Request& r) {
    auto token = r.cookie(kCsrfCookie);
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
