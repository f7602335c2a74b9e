#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <vector>

#include "sync/backoff.h"

using namespace redriva;
using namespace redriva::sync;

BOOST_AUTO_TEST_SUITE(sync_backoff)

BOOST_AUTO_TEST_CASE(cap_doubles_then_stays_at_the_maximum) {
    BackoffPolicy p{100, 1'000, 5};
    BOOST_TEST(p.cap_ms(0) == 0);
    BOOST_TEST(p.cap_ms(-3) == 0);
    BOOST_TEST(p.cap_ms(1) == 100);
    BOOST_TEST(p.cap_ms(2) == 200);
    BOOST_TEST(p.cap_ms(3) == 400);
    BOOST_TEST(p.cap_ms(4) == 800);
    BOOST_TEST(p.cap_ms(5) == 1'000);
    BOOST_TEST(p.cap_ms(6) == 1'000);
    BOOST_TEST(p.cap_ms(1'000'000) == 1'000);  // no overflow however many attempts
}

BOOST_AUTO_TEST_CASE(cap_never_exceeds_the_maximum_even_for_a_large_base) {
    BackoffPolicy p{5'000, 1'000, 3};
    BOOST_TEST(p.cap_ms(1) == 1'000);
    BackoffPolicy huge{INT64_MAX / 2, INT64_MAX, 3};
    BOOST_TEST(huge.cap_ms(100) == INT64_MAX);
}

BOOST_AUTO_TEST_CASE(full_jitter_stays_in_zero_to_cap_and_spreads) {
    BackoffPolicy p{100, 10'000, 10};
    Rng rng(42);
    for (int attempt = 1; attempt <= 10; ++attempt) {
        const std::int64_t cap = p.cap_ms(attempt);
        std::int64_t lo = cap, hi = 0, sum = 0;
        const int n = 2'000;
        for (int i = 0; i < n; ++i) {
            const std::int64_t d = p.delay_ms(attempt, rng);
            BOOST_REQUIRE(d >= 0);
            BOOST_REQUIRE(d <= cap);
            lo = std::min(lo, d);
            hi = std::max(hi, d);
            sum += d;
        }
        BOOST_TEST_CONTEXT("attempt " << attempt) {
            BOOST_TEST(lo < cap / 10);      // jitter reaches near 0 ...
            BOOST_TEST(hi > cap * 9 / 10);  // ... and near the cap
            const double mean = static_cast<double>(sum) / n;
            BOOST_TEST(mean > cap * 0.4);
            BOOST_TEST(mean < cap * 0.6);
        }
    }
}

BOOST_AUTO_TEST_CASE(is_deterministic_with_a_seeded_rng) {
    BackoffPolicy p{1'000, 60'000, 5};
    Rng a(7), b(7), c(8);
    std::vector<std::int64_t> da, db, dc;
    for (int i = 1; i <= 20; ++i) {
        da.push_back(p.delay_ms(i, a));
        db.push_back(p.delay_ms(i, b));
        dc.push_back(p.delay_ms(i, c));
    }
    BOOST_TEST(da == db);
    BOOST_TEST(da != dc);
}

BOOST_AUTO_TEST_CASE(no_delay_for_attempt_zero_or_a_zero_policy) {
    Rng rng(1);
    BOOST_TEST(BackoffPolicy{}.delay_ms(0, rng) == 0);
    BOOST_TEST((BackoffPolicy{0, 0, 3}.delay_ms(3, rng)) == 0);
}

BOOST_AUTO_TEST_CASE(attempts_are_bounded) {
    BackoffPolicy p{100, 1'000, 3};
    BOOST_TEST(p.may_retry(1));
    BOOST_TEST(p.may_retry(2));
    BOOST_TEST(!p.may_retry(3));
    BOOST_TEST(!p.may_retry(4));
    // A 429 is "later", not "broken": a longer, still bounded, patience.
    BOOST_TEST(p.may_retry_rate_limited(11));
    BOOST_TEST(!p.may_retry_rate_limited(12));
    BackoffPolicy stubborn{100, 1'000, 20};
    BOOST_TEST(stubborn.may_retry_rate_limited(19));  // never less than the general budget
    BOOST_TEST(!stubborn.may_retry_rate_limited(20));
}

BOOST_AUTO_TEST_SUITE_END()
