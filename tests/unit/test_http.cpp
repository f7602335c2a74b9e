#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/strings.h"
#include "server/http.h"

using namespace redriva::server;
using redriva::url_encode;

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

std::string decoded(std::string_view in, bool plus_is_space = true) {
    auto out = percent_decode(in, plus_is_space);
    BOOST_REQUIRE_MESSAGE(out.has_value(), "percent_decode refused '" << in << "'");
    return *out;
}

Pairs parsed(std::string_view qs) {
    auto out = parse_query(qs);
    BOOST_REQUIRE_MESSAGE(out.has_value(), "parse_query refused '" << qs << "'");
    return *out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http)

BOOST_AUTO_TEST_CASE(percent_decode_decodes_escapes_and_plus) {
    BOOST_TEST(decoded("") == "");
    BOOST_TEST(decoded("plain") == "plain");
    BOOST_TEST(decoded("a%20b") == "a b");
    BOOST_TEST(decoded("%41%42c") == "ABc");
    BOOST_TEST(decoded("%2f%2F") == "//");  // either case of hex digit
    BOOST_TEST(decoded("a+b", true) == "a b");
    BOOST_TEST(decoded("a+b", false) == "a+b");
    BOOST_TEST(decoded("%2B", true) == "+");  // an encoded plus stays a plus
    BOOST_TEST(decoded("100%25") == "100%");
    BOOST_TEST(decoded("%2541") == "%41");  // decoded once, not twice
}

BOOST_AUTO_TEST_CASE(percent_decode_refuses_nul_and_malformed_escapes) {
    for (std::string_view bad :
         {"%00", "a%00b", "%", "%A", "abc%4", "a%", "%zz", "%g1", "%1g", "%-1", "% 1", "%%41"}) {
        BOOST_TEST_CONTEXT("input '" << bad << "'") {
            BOOST_TEST(!percent_decode(bad, true).has_value());
            BOOST_TEST(!percent_decode(bad, false).has_value());
        }
    }
    // A raw NUL byte in the input is refused like an encoded one.
    BOOST_TEST(!percent_decode(std::string_view("a\0b", 3), false).has_value());
}

BOOST_AUTO_TEST_CASE(percent_decode_refuses_invalid_utf8) {
    for (std::string_view bad : {"%FF", "%C3", "%C3%28", "%C0%AF", "%E0%80%AF", "%ED%A0%80",
                                 "%F4%90%80%80", "%80", "x%E2%82"}) {
        BOOST_TEST_CONTEXT("input '" << bad << "'") {
            BOOST_TEST(!percent_decode(bad, true).has_value());
        }
    }
    // Raw invalid bytes (not escaped) are refused too.
    BOOST_TEST(!percent_decode("\xFF", true).has_value());
    BOOST_TEST(!percent_decode("caf\xE9", true).has_value());  // Latin-1 é
}

BOOST_AUTO_TEST_CASE(percent_decode_accepts_valid_multibyte) {
    BOOST_TEST(decoded("caf%C3%A9") == "caf\xC3\xA9");
    BOOST_TEST(decoded("%c3%a9") == "\xC3\xA9");
    BOOST_TEST(decoded("%E2%82%AC") == "\xE2\x82\xAC");             // €
    BOOST_TEST(decoded("%F0%9F%8E%AC") == "\xF0\x9F\x8E\xAC");      // 🎬
    BOOST_TEST(decoded("%F4%8F%BF%BF") == "\xF4\x8F\xBF\xBF");      // U+10FFFF
    BOOST_TEST(decoded("\xC3\xA9+%C3%A9") == "\xC3\xA9 \xC3\xA9");  // raw and escaped
}

BOOST_AUTO_TEST_CASE(parse_query_keeps_order_and_decodes) {
    Pairs expected = {{"b", "x y"}, {"a", "1"}, {"q", "caf\xC3\xA9+1"}};
    BOOST_TEST((parsed("b=x%20y&a=1&q=caf%C3%A9%2B1") == expected));
    BOOST_TEST((parsed("q=a+b") == Pairs{{"q", "a b"}}));
    BOOST_TEST((parsed("k%20ey=v") == Pairs{{"k ey", "v"}}));
}

BOOST_AUTO_TEST_CASE(parse_query_skips_empty_parts_and_handles_missing_equals) {
    BOOST_TEST(parsed("").empty());
    BOOST_TEST(parsed("&&&").empty());
    BOOST_TEST((parsed("&a=1&&b=2&") == Pairs{{"a", "1"}, {"b", "2"}}));
    BOOST_TEST((parsed("flag") == Pairs{{"flag", ""}}));
    BOOST_TEST((parsed("flag&x=") == Pairs{{"flag", ""}, {"x", ""}}));
    BOOST_TEST((parsed("=v") == Pairs{{"", "v"}}));
    BOOST_TEST((parsed("a=1=2") == Pairs{{"a", "1=2"}}));
}

BOOST_AUTO_TEST_CASE(parse_query_refuses_a_bad_component) {
    BOOST_TEST(!parse_query("a=1&b=%zz").has_value());
    BOOST_TEST(!parse_query("a=%00").has_value());
    BOOST_TEST(!parse_query("%FF=1").has_value());
    BOOST_TEST(!parse_query("q=%C3").has_value());
}

BOOST_AUTO_TEST_CASE(duplicate_keys_param_returns_the_first) {
    Request r;
    r.query = parsed("page=2&status=dead&page=3&page=4");
    BOOST_TEST(r.query.size() == 4u);
    BOOST_REQUIRE(r.param("page").has_value());
    BOOST_TEST(*r.param("page") == "2");
    BOOST_TEST(*r.param("status") == "dead");
    BOOST_TEST(!r.param("missing").has_value());
    BOOST_TEST(!r.param("Page").has_value());  // names are case-sensitive

    r.form = parsed("csrf_token=a&csrf_token=b");
    BOOST_TEST(*r.form_value("csrf_token") == "a");
    BOOST_TEST(!r.form_value("page").has_value());
}

BOOST_AUTO_TEST_CASE(url_encode_keeps_unreserved_and_escapes_the_rest) {
    BOOST_TEST(url_encode("") == "");
    BOOST_TEST(url_encode("AZaz09-_.~") == "AZaz09-_.~");
    BOOST_TEST(url_encode("a b&c=d/e?f#g+h%") == "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25");
    BOOST_TEST(url_encode("caf\xC3\xA9") == "caf%C3%A9");
    BOOST_TEST(url_encode("<script>") == "%3Cscript%3E");
    BOOST_TEST(url_encode("\"'") == "%22%27");
}

BOOST_AUTO_TEST_CASE(url_encode_round_trips_through_percent_decode) {
    const std::vector<std::string> samples = {
        "plain",
        "a b+c",
        "100% & more = less?",
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "Le Fabuleux Destin d'Am\xC3\xA9lie",
        "Movie \xF0\x9F\x8E\xAC\xF0\x9F\x8D\xBF",
        "?page=2&sort=name#top %2F a+b=c",
        "tab\there\nnewline",
    };
    for (const auto& s : samples) {
        BOOST_TEST_CONTEXT("sample '" << s << "'") {
            const std::string encoded = url_encode(s);
            for (char c : encoded) {
                const bool safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                  (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
                                  c == '~' || c == '%';
                BOOST_TEST(safe);
            }
            BOOST_TEST(decoded(encoded, true) == s);
            BOOST_TEST(decoded(encoded, false) == s);
            // And inside a query string.
            auto pairs = parsed("k=" + encoded + "&z=1");
            BOOST_TEST((pairs == Pairs{{"k", s}, {"z", "1"}}));
        }
    }
}

BOOST_AUTO_TEST_CASE(cookie_parsing) {
    Request r;
    BOOST_TEST(!r.cookie("a").has_value());  // no header at all

    r.cookie_header = "a=1; redriva_csrf=abc;theme=dark ;  empty=; x=1=2";
    BOOST_TEST(r.cookie("a").value_or("?") == "1");
    BOOST_TEST(r.cookie("redriva_csrf").value_or("?") == "abc");
    BOOST_TEST(r.cookie("theme").value_or("?") == "dark");
    BOOST_TEST(r.cookie("empty").value_or("?") == "");
    BOOST_TEST(r.cookie("x").value_or("?") == "1=2");
    BOOST_TEST(!r.cookie("missing").has_value());
    BOOST_TEST(!r.cookie("redriva").has_value());  // a prefix of a name is not the name
    BOOST_TEST(!r.cookie("csrf").has_value());     // nor a suffix

    r.cookie_header = "xredriva_csrf=evil; redriva_csrf=good";
    BOOST_TEST(r.cookie("redriva_csrf").value_or("?") == "good");

    r.cookie_header = "first=1; first=2";
    BOOST_TEST(r.cookie("first").value_or("?") == "1");

    r.cookie_header = ";;  ; novalue; b=2";
    BOOST_TEST(!r.cookie("novalue").has_value());
    BOOST_TEST(r.cookie("b").value_or("?") == "2");
}

BOOST_AUTO_TEST_CASE(is_api_matches_the_api_prefix_only) {
    Request r;
    r.path = "/api";
    BOOST_TEST(r.is_api());
    r.path = "/api/stats";
    BOOST_TEST(r.is_api());
    r.path = "/apix";
    BOOST_TEST(!r.is_api());
    r.path = "/torrents/api";
    BOOST_TEST(!r.is_api());
    r.path = "/";
    BOOST_TEST(!r.is_api());
}

BOOST_AUTO_TEST_CASE(status_reasons) {
    BOOST_TEST(std::string(status_reason(200)) == "OK");
    BOOST_TEST(std::string(status_reason(202)) == "Accepted");
    BOOST_TEST(std::string(status_reason(303)) == "See Other");
    BOOST_TEST(std::string(status_reason(400)) == "Bad Request");
    BOOST_TEST(std::string(status_reason(403)) == "Forbidden");
    BOOST_TEST(std::string(status_reason(404)) == "Not Found");
    BOOST_TEST(std::string(status_reason(405)) == "Method Not Allowed");
    BOOST_TEST(std::string(status_reason(409)) == "Conflict");
    BOOST_TEST(std::string(status_reason(500)) == "Internal Server Error");
    BOOST_TEST(std::string(status_reason(503)) == "Service Unavailable");
    BOOST_TEST(std::string(status_reason(299)) == "Unknown");
}

BOOST_AUTO_TEST_CASE(response_helpers) {
    Response j = Response::json(409, "{\"error\":\"x\"}");
    BOOST_TEST(j.status == 409);
    BOOST_TEST(j.content_type == "application/json");
    BOOST_TEST(j.body == "{\"error\":\"x\"}");

    Response r = Response::redirect("/?flash=1");
    BOOST_TEST(r.status == 303);
    BOOST_REQUIRE(r.headers.size() == 1u);
    BOOST_TEST(r.headers[0].first == "Location");
    BOOST_TEST(r.headers[0].second == "/?flash=1");
}

BOOST_AUTO_TEST_SUITE_END()
