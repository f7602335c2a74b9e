#include <boost/test/unit_test.hpp>

#include <string>

#include "web/csrf.h"

using namespace redriva::web;

namespace {

const std::string kToken(64, 'a');
const std::string kOtherToken = std::string(63, 'a') + "b";

Request same_origin_browser() {
    Request r;
    r.method = "POST";
    r.host = "127.0.0.1:8080";
    r.scheme = "http";
    r.origin = "http://127.0.0.1:8080";
    r.sec_fetch_site = "same-origin";
    r.cookie_header = "theme=dark; redriva_csrf=" + kToken;
    return r;
}

Request non_browser() {
    Request r;
    r.method = "POST";
    r.host = "127.0.0.1:8080";
    return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(csrf)

BOOST_AUTO_TEST_CASE(origin_mismatch_is_cross_origin) {
    Request r = non_browser();
    BOOST_TEST(!is_cross_origin(r));  // no header at all
    r.origin = "http://127.0.0.1:8080";
    BOOST_TEST(!is_cross_origin(r));
    for (const char* other : {"http://evil.example", "https://127.0.0.1:8080", "http://127.0.0.1",
                              "http://127.0.0.1:8081", "http://127.0.0.1:8080.evil.example", "null",
                              "http://127.0.0.1:8080/"}) {
        BOOST_TEST_CONTEXT("Origin " << other) {
            r.origin = other;
            BOOST_TEST(is_cross_origin(r));
        }
    }
    r.scheme = "https";
    r.origin = "https://127.0.0.1:8080";
    BOOST_TEST(!is_cross_origin(r));
}

// As nginx passes them: HTTP_HOST is $host, without the port; SERVER_PORT has it.
BOOST_AUTO_TEST_CASE(the_port_counts_when_the_host_comes_without_one) {
    Request r = non_browser();
    r.host = "127.0.0.1";
    r.server_port = "8080";
    r.origin = "http://127.0.0.1:8080";
    BOOST_TEST(!is_cross_origin(r));
    // A page on port 80 (or any other) of the same host is another origin.
    for (const char* other : {"http://127.0.0.1", "http://127.0.0.1:80", "http://127.0.0.1:8081",
                              "https://127.0.0.1:8080", "http://127.0.0.1:8080/x",
                              "http://user@127.0.0.1:8080", "127.0.0.1:8080", "null"}) {
        BOOST_TEST_CONTEXT("Origin " << other) {
            r.origin = other;
            BOOST_TEST(is_cross_origin(r));
        }
    }
    // On the scheme's own port, the origin may write it or not.
    r.server_port = "80";
    r.origin = "http://127.0.0.1";
    BOOST_TEST(!is_cross_origin(r));
    r.origin = "http://127.0.0.1:80";
    BOOST_TEST(!is_cross_origin(r));
    r.host = "[::1]";
    r.server_port = "8080";
    r.origin = "http://[::1]:8080";
    BOOST_TEST(!is_cross_origin(r));
    r.origin = "http://[::1]";
    BOOST_TEST(is_cross_origin(r));
}

BOOST_AUTO_TEST_CASE(two_csrf_cookies_are_trusted_neither) {
    Request r = same_origin_browser();
    r.form = {{"csrf_token", kToken}};
    BOOST_TEST(form_post_allowed(r));
    // A page on another port of this host set its own cookie beside ours.
    r.cookie_header = "redriva_csrf=" + kOtherToken + "; theme=dark; redriva_csrf=" + kToken;
    BOOST_TEST(csrf_cookie_token(r).empty());
    BOOST_TEST(!form_post_allowed(r));
    r.form = {{"csrf_token", kOtherToken}};
    BOOST_TEST(!form_post_allowed(r));
    r.csrf_header = kOtherToken;
    BOOST_TEST(!api_post_allowed(r));
}

BOOST_AUTO_TEST_CASE(sec_fetch_site_values) {
    Request r = non_browser();
    r.sec_fetch_site = "cross-site";
    BOOST_TEST(is_cross_origin(r));
    r.sec_fetch_site = "same-site";  // a sibling subdomain is another origin
    BOOST_TEST(is_cross_origin(r));
    r.sec_fetch_site = "same-origin";
    BOOST_TEST(!is_cross_origin(r));
    r.sec_fetch_site = "none";  // typed in the address bar, a bookmark
    BOOST_TEST(!is_cross_origin(r));
    r.sec_fetch_site = "something-new";
    BOOST_TEST(is_cross_origin(r));
    // Either header alone is enough to refuse.
    r.sec_fetch_site = "same-origin";
    r.origin = "http://evil.example";
    BOOST_TEST(is_cross_origin(r));
    r.origin = "http://127.0.0.1:8080";
    r.sec_fetch_site = "cross-site";
    BOOST_TEST(is_cross_origin(r));
}

BOOST_AUTO_TEST_CASE(cookie_token_must_be_64_lower_hex) {
    Request r = same_origin_browser();
    BOOST_TEST(csrf_cookie_token(r) == kToken);
    for (const std::string& bad :
         {std::string(63, 'a'), std::string(65, 'a'), std::string(64, 'A'), std::string(64, 'g'),
          std::string(""), std::string(32, 'a') + " " + std::string(31, 'a')}) {
        r.cookie_header = "redriva_csrf=" + bad;
        BOOST_TEST(csrf_cookie_token(r) == "");
    }
    r.cookie_header = "";
    BOOST_TEST(csrf_cookie_token(r) == "");
}

BOOST_AUTO_TEST_CASE(form_post_needs_the_cookie_token) {
    Request r = same_origin_browser();
    r.form = {{"csrf_token", kToken}};
    BOOST_TEST(form_post_allowed(r));

    r.form = {{"csrf_token", kOtherToken}};
    BOOST_TEST(!form_post_allowed(r));  // wrong
    r.form = {};
    BOOST_TEST(!form_post_allowed(r));  // missing
    r.form = {{"csrf_token", ""}};
    BOOST_TEST(!form_post_allowed(r));  // empty
    r.form = {{"csrf", kToken}};
    BOOST_TEST(!form_post_allowed(r));  // another field

    // No cookie, or a malformed one, even with a field that equals it.
    r.form = {{"csrf_token", kToken}};
    r.cookie_header = "";
    BOOST_TEST(!form_post_allowed(r));
    const std::string upper(64, 'A');
    r.cookie_header = "redriva_csrf=" + upper;
    r.form = {{"csrf_token", upper}};
    BOOST_TEST(!form_post_allowed(r));
    r.cookie_header = "redriva_csrf=abc";
    r.form = {{"csrf_token", "abc"}};
    BOOST_TEST(!form_post_allowed(r));
    r.cookie_header = "redriva_csrf=";
    r.form = {{"csrf_token", ""}};
    BOOST_TEST(!form_post_allowed(r));

    // A correct token from another origin is still refused.
    Request cross = same_origin_browser();
    cross.form = {{"csrf_token", kToken}};
    cross.origin = "http://evil.example";
    BOOST_TEST(!form_post_allowed(cross));
    cross = same_origin_browser();
    cross.form = {{"csrf_token", kToken}};
    cross.sec_fetch_site = "cross-site";
    BOOST_TEST(!form_post_allowed(cross));

    // A form post never works without the cookie, even from a non-browser.
    Request bare = non_browser();
    bare.form = {{"csrf_token", kToken}};
    BOOST_TEST(!form_post_allowed(bare));
}

BOOST_AUTO_TEST_CASE(api_post_from_a_non_browser_is_allowed) {
    Request r = non_browser();
    BOOST_TEST(api_post_allowed(r));
    r.csrf_header = "anything";  // no cookie to compare with: ignored
    BOOST_TEST(api_post_allowed(r));
}

BOOST_AUTO_TEST_CASE(api_post_from_a_browser_needs_the_header_token) {
    Request r = same_origin_browser();
    r.csrf_header = kToken;
    BOOST_TEST(api_post_allowed(r));

    r.csrf_header = kOtherToken;
    BOOST_TEST(!api_post_allowed(r));  // wrong
    r.csrf_header = "";
    BOOST_TEST(!api_post_allowed(r));  // missing
    r.csrf_header = kToken.substr(0, 32);
    BOOST_TEST(!api_post_allowed(r));  // a prefix

    // Browser-like without our cookie: refused whatever the header says.
    Request origin_only = non_browser();
    origin_only.origin = "http://127.0.0.1:8080";
    BOOST_TEST(!api_post_allowed(origin_only));
    origin_only.csrf_header = kToken;
    BOOST_TEST(!api_post_allowed(origin_only));

    Request fetch_only = non_browser();
    fetch_only.sec_fetch_site = "same-origin";
    BOOST_TEST(!api_post_allowed(fetch_only));

    Request other_cookie = non_browser();
    other_cookie.cookie_header = "theme=dark";
    BOOST_TEST(!api_post_allowed(other_cookie));

    // A malformed cookie is no cookie, even with an equal header.
    Request malformed = same_origin_browser();
    malformed.cookie_header = "redriva_csrf=short";
    malformed.csrf_header = "short";
    BOOST_TEST(!api_post_allowed(malformed));

    // Cross-origin with the right token: refused.
    Request cross = same_origin_browser();
    cross.csrf_header = kToken;
    cross.sec_fetch_site = "cross-site";
    BOOST_TEST(!api_post_allowed(cross));
    cross = same_origin_browser();
    cross.csrf_header = kToken;
    cross.origin = "http://evil.example";
    BOOST_TEST(!api_post_allowed(cross));
}

BOOST_AUTO_TEST_CASE(new_tokens_and_their_cookie) {
    const std::string a = new_csrf_token();
    const std::string b = new_csrf_token();
    BOOST_TEST(a.size() == 64u);
    BOOST_TEST(a.find_first_not_of("0123456789abcdef") == std::string::npos);
    BOOST_TEST(a != b);

    const std::string cookie = csrf_set_cookie(a);
    BOOST_TEST(cookie.rfind("redriva_csrf=" + a + ";", 0) == 0u);
    BOOST_TEST(cookie.find("Path=/") != std::string::npos);
    BOOST_TEST(cookie.find("HttpOnly") != std::string::npos);
    BOOST_TEST(cookie.find("SameSite=Strict") != std::string::npos);

    // What the server sets is what it then accepts.
    Request r = same_origin_browser();
    r.cookie_header = cookie.substr(0, cookie.find(';'));
    r.form = {{"csrf_token", a}};
    BOOST_TEST(form_post_allowed(r));
}

BOOST_AUTO_TEST_SUITE_END()
