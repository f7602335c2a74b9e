#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <string>

#include "common/clock.h"

using namespace redriva;

BOOST_AUTO_TEST_SUITE(clock_helpers)

BOOST_AUTO_TEST_CASE(iso8601_formats_utc) {
    BOOST_TEST(iso8601_utc(0) == "1970-01-01T00:00:00.000Z");
    BOOST_TEST(iso8601_utc(1753785000) == "2025-07-29T10:30:00.000Z");
    BOOST_TEST(iso8601_utc(1709208000) == "2024-02-29T12:00:00.000Z");
    BOOST_TEST(iso8601_utc(946684799) == "1999-12-31T23:59:59.000Z");
    BOOST_TEST(iso8601_utc(2147483648) == "2038-01-19T03:14:08.000Z");  // past 2^31
}

BOOST_AUTO_TEST_CASE(iso8601_round_trips) {
    for (std::int64_t t :
         {std::int64_t{0}, std::int64_t{1}, std::int64_t{946684799}, std::int64_t{946684800},
          std::int64_t{1709208000}, std::int64_t{1753785000}, std::int64_t{2147483648},
          std::int64_t{4102444799}}) {
        BOOST_TEST_CONTEXT("t=" << t) {
            auto back = parse_iso8601_utc(iso8601_utc(t));
            BOOST_REQUIRE(back.has_value());
            BOOST_TEST(*back == t);
        }
    }
}

// A sync removes the rows written before its listing began: two stamps a few milliseconds
// apart must compare in order, even within one second.
BOOST_AUTO_TEST_CASE(now_is_stamped_to_the_millisecond) {
    const std::string first = iso8601_now();
    const timespec pause{0, 3'000'000};
    nanosleep(&pause, nullptr);
    const std::string second = iso8601_now();
    BOOST_TEST(first.size() == 24u);
    BOOST_TEST(first < second);
    const auto parsed = parse_iso8601_utc(second);
    BOOST_REQUIRE(parsed.has_value());
    BOOST_TEST(std::llabs(*parsed - unix_now()) <= 1);
}

BOOST_AUTO_TEST_CASE(parse_accepts_fractions_of_any_length) {
    BOOST_TEST(parse_iso8601_utc("2025-07-29T10:30:00Z").value_or(-1) == 1753785000);
    BOOST_TEST(parse_iso8601_utc("2025-07-29T10:30:00.5Z").value_or(-1) == 1753785000);
    BOOST_TEST(parse_iso8601_utc("2025-07-29T10:30:00.000Z").value_or(-1) == 1753785000);
    BOOST_TEST(parse_iso8601_utc("2025-07-29T10:30:00.999999Z").value_or(-1) == 1753785000);
    BOOST_TEST(parse_iso8601_utc("2025-07-29T10:30:59.000Z").value_or(-1) == 1753785059);
}

BOOST_AUTO_TEST_CASE(parse_rejects_malformed_text) {
    for (const char* bad : {"",
                            "Z",
                            "2025",
                            "2025-07-29",
                            "2025-07-29T10:30",
                            "2025-07-29T10:30:00",
                            "2025-07-29T10:30:00.000",
                            "2025-07-29 10:30:00Z",
                            "2025-07-29t10:30:00Z",
                            "2025-07-29T10:30:00.000Z ",
                            " 2025-07-29T10:30:00.000Z",
                            "2025-07-29T10:30:00.000ZZ",
                            "2025-07-29T10:30:00+00:00",
                            "2025-07-29T10:30:00.000+02:00",
                            "2025/07/29T10:30:00Z",
                            "2025-7-29T10:30:00.000Z",
                            "2025-07-9T10:30:00.000Z",
                            "25-07-29T10:30:00.000Z",
                            "2025-13-01T00:00:00.000Z",
                            "2025-00-01T00:00:00.000Z",
                            "2025-07-00T00:00:00.000Z",
                            "2025-07-32T00:00:00.000Z",
                            "2025-07-29T24:00:00.000Z",
                            "2025-07-29T10:60:00.000Z",
                            "2025-07-29T10:30:61.000Z",
                            "2025-07-29T1a:30:00.000Z",
                            "-025-07-29T10:30:00.000Z",
                            "2025-07-29T10:30:00.12a4Z",
                            "garbage that is long enough to pass a size check"}) {
        BOOST_TEST_CONTEXT("'" << bad << "'") {
            BOOST_TEST(!parse_iso8601_utc(bad).has_value());
        }
    }
}

BOOST_AUTO_TEST_CASE(parse_rejects_days_the_month_does_not_have) {
    // timegm() would silently roll these over into the next month.
    for (const char* bad :
         {"2025-02-29T00:00:00.000Z", "2025-02-30T00:00:00.000Z", "2024-02-30T00:00:00.000Z",
          "2025-04-31T00:00:00.000Z", "2025-06-31T12:00:00.000Z"}) {
        BOOST_TEST_CONTEXT("'" << bad << "'") {
            BOOST_TEST(!parse_iso8601_utc(bad).has_value());
        }
    }
    BOOST_TEST(parse_iso8601_utc("2024-02-29T00:00:00.000Z").has_value());  // a leap year
}

BOOST_AUTO_TEST_CASE(display_date_formats_for_pages) {
    BOOST_TEST(display_date("2025-07-29T10:30:00.000Z") == "2025-07-29 10:30 UTC");
    BOOST_TEST(display_date("2025-07-29T10:30:59.999Z") == "2025-07-29 10:30 UTC");
    BOOST_TEST(display_date("1970-01-01T00:00:00Z") == "1970-01-01 00:00 UTC");
    BOOST_TEST(display_date("") == "");
    BOOST_TEST(display_date("not a date") == "");
    BOOST_TEST(display_date("2025-07-29") == "");
    BOOST_TEST(display_date("<script>alert(1)</script>") == "");
}

BOOST_AUTO_TEST_CASE(clocks_move_forward) {
    const std::int64_t us0 = monotonic_us();
    const std::int64_t ms0 = monotonic_ms();
    const std::int64_t now = unix_now();
    BOOST_TEST(std::llabs(now - static_cast<std::int64_t>(std::time(nullptr))) <= 1);
    BOOST_TEST(now > 1'700'000'000);  // after 2023
    struct timespec pause {
        0, 2'000'000
    };
    nanosleep(&pause, nullptr);
    BOOST_TEST(monotonic_us() - us0 >= 2000);
    BOOST_TEST(monotonic_ms() >= ms0 + 1);
    BOOST_TEST(ms0 >= us0 / 1000);
}

BOOST_AUTO_TEST_SUITE_END()
