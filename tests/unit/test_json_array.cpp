#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "db/json_array.h"

using redriva::db::decode_string_array;
using redriva::db::encode_string_array;
using Strings = std::vector<std::string>;

BOOST_AUTO_TEST_SUITE(json_array)

BOOST_AUTO_TEST_CASE(encodes_empty_and_plain_arrays) {
    BOOST_TEST(encode_string_array({}) == "[]");
    BOOST_TEST(encode_string_array({""}) == R"([""])");
    BOOST_TEST(encode_string_array({"https://real-debrid.com/d/ABC", "b"}) ==
               R"(["https://real-debrid.com/d/ABC","b"])");
}

BOOST_AUTO_TEST_CASE(escapes_quotes_backslashes_and_control_characters) {
    std::string nul_inside("a\0b", 3);
    BOOST_TEST(
        encode_string_array({"say \"hi\"", R"(C:\dir)", "l1\nl2\tx\r", "\x01\x1f", nul_inside}) ==
        R"(["say \"hi\"","C:\\dir","l1\nl2\tx\r","\u0001\u001f","a\u0000b"])");
}

BOOST_AUTO_TEST_CASE(passes_utf8_through) {
    std::string accented = "Amélie à Noël \xF0\x9F\x8E\xAC \xE2\x80\xAE";
    BOOST_TEST(encode_string_array({accented}) == "[\"" + accented + "\"]");
}

BOOST_AUTO_TEST_CASE(round_trips) {
    Strings cases[] = {
        {},
        {""},
        {"a", "", "c"},
        {R"("><img src=x onerror=alert(1)>)", "<script>alert(1)</script>", "back\\slash\\"},
        {std::string("nul\0inside", 10), "\b\f\n\r\t\x7f", "é\xF0\x9F\x94\xA5 {{X}}"},
    };
    for (const Strings& items : cases)
        BOOST_TEST(decode_string_array(encode_string_array(items)) == items,
                   boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(decodes_whitespace_and_escapes) {
    BOOST_TEST(decode_string_array(" [ \"a\" ,\n\t\"b\" ] \r\n") == (Strings{"a", "b"}),
               boost::test_tools::per_element());
    BOOST_TEST(decode_string_array(R"(["\u00e9\u00C9","\/","\ud83c\udfac"])") ==
                   (Strings{"éÉ", "/", "\xF0\x9F\x8E\xAC"}),
               boost::test_tools::per_element());
    BOOST_TEST(decode_string_array(R"(["\"\\\b\f\n\r\t"])") == (Strings{"\"\\\b\f\n\r\t"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(returns_empty_on_malformed_input) {
    const char* malformed[] = {
        "",
        "   ",
        "[",
        "]",
        R"(["a")",
        R"(["a",])",
        R"([,"a"])",
        R"(["a" "b"])",
        R"(["a"] x)",
        R"(["a"]])",
        "[1]",
        "[null]",
        R"(["a",2])",
        R"({"a":"b"})",
        R"("a")",
        R"(["unterminated])",
        R"(["bad \x escape"])",
        R"(["\u12"])",
        R"(["\u12G4"])",
        R"(["\ud800"])",        // high surrogate alone
        R"(["\ud800\u0041"])",  // high surrogate then a non-surrogate
        R"(["\udc00"])",        // low surrogate alone
        "[\"raw\nnewline\"]",   // control characters must be escaped
        "[\"\xff\"]",           // not UTF-8
        "[\"\xC3\"]",           // truncated sequence
    };
    for (const char* input : malformed) {
        BOOST_TEST_INFO("input: " << input);
        BOOST_TEST(decode_string_array(input).empty());
    }
    // And a valid element does not survive next to a malformed one.
    BOOST_TEST(decode_string_array(R"(["ok", "\ud800"])").empty());
}

BOOST_AUTO_TEST_SUITE_END()
