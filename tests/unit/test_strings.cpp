#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <set>
#include <string>

#include "common/strings.h"

using namespace redriva;

BOOST_AUTO_TEST_SUITE(strings)

BOOST_AUTO_TEST_CASE(parse_int_accepts_plain_integers) {
    BOOST_TEST(parse_int("0").value_or(-1) == 0);
    BOOST_TEST(parse_int("-0").value_or(-1) == 0);
    BOOST_TEST(parse_int("7").value_or(-1) == 7);
    BOOST_TEST(parse_int("007").value_or(-1) == 7);
    BOOST_TEST(parse_int("-42").value_or(0) == -42);
    BOOST_TEST(parse_int("1000000").value_or(-1) == 1'000'000);
    BOOST_TEST(parse_int("9223372036854775807").value_or(-1) ==
               std::numeric_limits<std::int64_t>::max());
    BOOST_TEST(parse_int("-9223372036854775808").value_or(0) ==
               std::numeric_limits<std::int64_t>::min());
}

BOOST_AUTO_TEST_CASE(parse_int_refuses_overflow) {
    for (const char* bad : {"9223372036854775808", "-9223372036854775809", "18446744073709551615",
                            "18446744073709551616", "99999999999999999999", "-99999999999999999999",
                            "100000000000000000000", "000000000000000000000001"}) {
        BOOST_TEST_CONTEXT("'" << bad << "'") {
            BOOST_TEST(!parse_int(bad).has_value());
        }
    }
}

BOOST_AUTO_TEST_CASE(parse_int_refuses_signs_and_junk) {
    for (const char* bad : {"", "-", "+", "+1", "--1", "-+1", " 1", "1 ", "1a", "a1", "1.0", "1e3",
                            "0x10", "1,000", "1_000", "\xD9\xA1" /* Arabic-Indic one */, "\t2"}) {
        BOOST_TEST_CONTEXT("'" << bad << "'") {
            BOOST_TEST(!parse_int(bad).has_value());
        }
    }
    BOOST_TEST(!parse_int(std::string_view("1\0", 2)).has_value());
}

BOOST_AUTO_TEST_CASE(is_valid_utf8_accepts_well_formed_text) {
    BOOST_TEST(is_valid_utf8(""));
    BOOST_TEST(is_valid_utf8("plain ascii ~\x7f"));
    BOOST_TEST(is_valid_utf8("caf\xC3\xA9"));                       // U+00E9
    BOOST_TEST(is_valid_utf8("\xC2\x80"));                          // U+0080, smallest 2-byte
    BOOST_TEST(is_valid_utf8("\xDF\xBF"));                          // U+07FF
    BOOST_TEST(is_valid_utf8("\xE0\xA0\x80"));                      // U+0800, smallest 3-byte
    BOOST_TEST(is_valid_utf8("\xE2\x82\xAC"));                      // €
    BOOST_TEST(is_valid_utf8("\xED\x9F\xBF"));                      // U+D7FF, below surrogates
    BOOST_TEST(is_valid_utf8("\xEE\x80\x80"));                      // U+E000, above surrogates
    BOOST_TEST(is_valid_utf8("\xEF\xBF\xBF"));                      // U+FFFF
    BOOST_TEST(is_valid_utf8("\xF0\x90\x80\x80"));                  // U+10000, smallest 4-byte
    BOOST_TEST(is_valid_utf8("\xF0\x9F\x8E\xAC\xF0\x9F\x8D\xBF"));  // 🎬🍿
    BOOST_TEST(is_valid_utf8("\xF4\x8F\xBF\xBF"));                  // U+10FFFF
    BOOST_TEST(is_valid_utf8(std::string_view("a\0b", 3)));         // NUL is valid UTF-8
}

BOOST_AUTO_TEST_CASE(is_valid_utf8_refuses_malformed_text) {
    for (const char* bad : {
             "\x80",                      // lone continuation
             "\xBF",                      //
             "\xC0\xAF",                  // overlong '/'
             "\xC1\xBF",                  // overlong
             "\xE0\x80\xAF",              // overlong 3-byte
             "\xE0\x9F\xBF",              // overlong U+07FF
             "\xF0\x80\x80\xAF",          // overlong 4-byte
             "\xF0\x8F\xBF\xBF",          // overlong U+FFFF
             "\xED\xA0\x80",              // U+D800 high surrogate
             "\xED\xBF\xBF",              // U+DFFF low surrogate
             "\xED\xA0\xBD\xED\xB8\x80",  // CESU-8 surrogate pair
             "\xF4\x90\x80\x80",          // U+110000
             "\xF7\xBF\xBF\xBF",          // U+1FFFFF
             "\xF8\x88\x80\x80\x80",      // 5-byte form
             "\xFC\x84\x80\x80\x80\x80",  // 6-byte form
             "\xFE",
             "\xFF",              //
             "\xC3",              // truncated 2-byte
             "\xE2\x82",          // truncated 3-byte
             "\xF0\x9F\x8E",      // truncated 4-byte
             "abc\xC3",           // truncated at the end
             "\xC3\x28",          // bad continuation
             "\xE2\x28\xA1",      //
             "\xF0\x9F\x8E\x28",  //
             "caf\xE9 latin-1",   //
         }) {
        BOOST_TEST_CONTEXT("bytes of length " << std::string_view(bad).size()) {
            BOOST_TEST(!is_valid_utf8(bad));
        }
    }
}

BOOST_AUTO_TEST_CASE(human_size_boundaries) {
    BOOST_TEST(human_size(-5) == "0 B");
    BOOST_TEST(human_size(0) == "0 B");
    BOOST_TEST(human_size(1) == "1 B");
    BOOST_TEST(human_size(1023) == "1023 B");
    BOOST_TEST(human_size(1024) == "1.0 KiB");
    BOOST_TEST(human_size(1536) == "1.5 KiB");
    BOOST_TEST(human_size(10 * 1024) == "10.0 KiB");
    BOOST_TEST(human_size(99 * 1024) == "99.0 KiB");
    BOOST_TEST(human_size(100 * 1024) == "100 KiB");
    BOOST_TEST(human_size(1000 * 1024) == "1000 KiB");
    BOOST_TEST(human_size(1024 * 1024) == "1.0 MiB");
    BOOST_TEST(human_size(std::int64_t{1} << 30) == "1.0 GiB");
    BOOST_TEST(human_size(1'503'238'553) == "1.4 GiB");
    BOOST_TEST(human_size(std::int64_t{1} << 40) == "1.0 TiB");
    BOOST_TEST(human_size(std::int64_t{1} << 50) == "1.0 PiB");
    BOOST_TEST(human_size(std::numeric_limits<std::int64_t>::max()) == "8.0 EiB");
}

BOOST_AUTO_TEST_CASE(human_size_rounding_never_shows_an_impossible_figure) {
    // "one decimal under 100": a value that rounds to 100 is shown as "100", and a
    // value that rounds to 1024 of a unit is the next unit.
    BOOST_TEST(human_size(102'399) == "100 KiB");          // 99.999 KiB
    BOOST_TEST(human_size(1024 * 1024 - 1) == "1.0 MiB");  // 1023.999 KiB
    BOOST_TEST(human_size((std::int64_t{1} << 30) - 1) == "1.0 GiB");
}

BOOST_AUTO_TEST_CASE(trim_spaces) {
    BOOST_TEST(trim("") == "");
    BOOST_TEST(trim(" \t\r\n") == "");
    BOOST_TEST(trim("  a b \n") == "a b");
    BOOST_TEST(trim("x") == "x");
}

BOOST_AUTO_TEST_CASE(to_hex_is_lower_case) {
    BOOST_TEST(to_hex("") == "");
    BOOST_TEST(to_hex(std::string_view("\x00\xff\x10\xAB", 4)) == "00ff10ab");
    BOOST_TEST(to_hex("Az") == "417a");
}

BOOST_AUTO_TEST_CASE(secure_equals_compares_exactly) {
    BOOST_TEST(secure_equals("", ""));
    BOOST_TEST(secure_equals("abc123", "abc123"));
    BOOST_TEST(!secure_equals("abc123", "abc124"));  // last byte differs
    BOOST_TEST(!secure_equals("xbc123", "abc123"));  // first byte differs
    BOOST_TEST(!secure_equals("abc", "abc1"));       // prefix is not equal
    BOOST_TEST(!secure_equals("abc1", "abc"));
    BOOST_TEST(!secure_equals("", "a"));
    BOOST_TEST(!secure_equals("ABC", "abc"));
    BOOST_TEST(secure_equals(std::string_view("a\0b", 3), std::string_view("a\0b", 3)));
    BOOST_TEST(!secure_equals(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
}

BOOST_AUTO_TEST_CASE(random_hex_length_charset_uniqueness) {
    BOOST_TEST(random_hex(0) == "");
    for (std::size_t n : {1u, 8u, 16u, 32u, 100u}) {
        const std::string s = random_hex(n);
        BOOST_TEST(s.size() == 2 * n);
        BOOST_TEST(s.find_first_not_of("0123456789abcdef") == std::string::npos);
    }
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) seen.insert(random_hex(16));
    BOOST_TEST(seen.size() == 200u);
    // Every hex digit shows up in a long draw (a stuck nibble would not).
    const std::string long_draw = random_hex(512);
    for (char c : std::string("0123456789abcdef"))
        BOOST_TEST(long_draw.find(c) != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
