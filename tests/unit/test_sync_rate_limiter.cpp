#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

#include "fake_clock.h"
#include "sync/rate_limiter.h"

using namespace redriva;
using namespace redriva::sync;

namespace {

using redriva::test::FakeClock;

// The property RD enforces: any R+1 consecutive sends span at least a full window.
void check_window(const std::vector<std::int64_t>& sends, int r, std::int64_t window) {
    for (std::size_t i = 0; i + static_cast<std::size_t>(r) < sends.size(); ++i) {
        BOOST_TEST_CONTEXT("send " << i) {
            BOOST_TEST(sends[i + static_cast<std::size_t>(r)] - sends[i] >= window);
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sync_rate_limiter)

BOOST_AUTO_TEST_CASE(starts_at_full_speed_with_a_burst_of_r) {
    FakeClock clock;
    clock.now = 1'000'000;  // a steady clock does not start at 0
    RateLimiter limiter(250, clock);
    for (int i = 0; i < 250; ++i) {
        BOOST_TEST(limiter.delay_ms() == 0);
        BOOST_TEST(limiter.try_acquire());
    }
    BOOST_TEST(!limiter.try_acquire());
    BOOST_TEST(limiter.in_window() == 250);
}

BOOST_AUTO_TEST_CASE(a_429_halves_the_limit_once_a_window_and_it_comes_back_step_by_step) {
    FakeClock clock;
    clock.now = 1'000'000;
    RateLimiter limiter(240, clock);
    // A burst of 429s answers one excess: one halving.
    for (int i = 0; i < 40; ++i) limiter.slow_down();
    BOOST_TEST(limiter.current_limit() == 120);
    for (int i = 0; i < 120; ++i) BOOST_TEST(limiter.try_acquire());
    BOOST_TEST(!limiter.try_acquire());  // 120 in the window is the limit now
    // Still refused a window later: halved again.
    clock.now += RateLimiter::kWindowMs;
    limiter.slow_down();
    BOOST_TEST(limiter.current_limit() == 60);
    // Every quiet window gives back 1/8 of the configured rate (30), up to it.
    int previous = 60;
    for (int window = 1; window <= 8; ++window) {
        clock.now += RateLimiter::kWindowMs;
        const int now = limiter.current_limit();
        BOOST_TEST(now == std::min(240, previous + 30));
        previous = now;
    }
    BOOST_TEST(limiter.current_limit() == 240);
    // Never below one request a window.
    RateLimiter slow(1, clock);
    slow.slow_down();
    BOOST_TEST(slow.current_limit() == 1);
}

BOOST_AUTO_TEST_CASE(delay_is_exact_and_the_window_half_open) {
    FakeClock clock;
    RateLimiter limiter(3, clock);
    BOOST_TEST(limiter.try_acquire());  // t=0
    clock.now = 10;
    BOOST_TEST(limiter.try_acquire());  // t=10
    clock.now = 20;
    BOOST_TEST(limiter.try_acquire());  // t=20
    BOOST_TEST(limiter.delay_ms() == 60'000 - 20);
    clock.now = 59'999;
    BOOST_TEST(limiter.delay_ms() == 1);
    BOOST_TEST(!limiter.try_acquire());
    clock.now = 60'000;  // the first grant leaves the window exactly now
    BOOST_TEST(limiter.delay_ms() == 0);
    BOOST_TEST(limiter.try_acquire());
    BOOST_TEST(limiter.delay_ms() == 10);  // next: the grant at t=10 expires at 60'010
}

BOOST_AUTO_TEST_CASE(refusals_are_not_recorded) {
    FakeClock clock;
    RateLimiter limiter(1, clock);
    BOOST_TEST(limiter.try_acquire());
    for (int i = 0; i < 100; ++i) BOOST_TEST(!limiter.try_acquire());
    clock.now = 60'000;
    BOOST_TEST(limiter.try_acquire());
    BOOST_TEST(limiter.in_window() == 1);
}

BOOST_AUTO_TEST_CASE(acquire_sleeps_through_the_clock_and_uses_the_whole_budget) {
    FakeClock clock;
    const int r = 250;
    RateLimiter limiter(r, clock);
    std::vector<std::int64_t> sends;
    // Ten minutes of back-to-back acquires: exactly R per minute, no more, no less.
    while (true) {
        limiter.acquire();
        if (clock.now >= 600'000) break;
        sends.push_back(clock.now);
    }
    BOOST_TEST(sends.size() == static_cast<std::size_t>(10 * r));
    check_window(sends, r, 60'000);
    BOOST_TEST(clock.slept == 600'000);
}

BOOST_AUTO_TEST_CASE(never_more_than_r_in_any_window_over_a_random_schedule) {
    for (int r : {1, 2, 7, 60, 250}) {
        BOOST_TEST_CONTEXT("R=" << r) {
            FakeClock clock;
            RateLimiter limiter(r, clock);
            std::mt19937_64 rng(static_cast<std::uint64_t>(r) * 7919);
            std::uniform_int_distribution<std::int64_t> step(0, 2'000);
            std::bernoulli_distribution burst(0.3);
            std::vector<std::int64_t> sends;
            for (int i = 0; i < 20'000; ++i) {
                clock.now += burst(rng) ? 0 : step(rng);
                const std::int64_t delay = limiter.delay_ms();
                const bool granted = limiter.try_acquire();
                BOOST_TEST(granted == (delay == 0));
                if (granted) sends.push_back(clock.now);
            }
            BOOST_TEST(sends.size() > static_cast<std::size_t>(r));
            check_window(sends, r, 60'000);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_custom_window_adds_a_margin) {
    FakeClock clock;
    RateLimiter limiter(2, clock, 61'000);
    BOOST_TEST(limiter.try_acquire());
    BOOST_TEST(limiter.try_acquire());
    clock.now = 60'000;
    BOOST_TEST(limiter.delay_ms() == 1'000);
}

BOOST_AUTO_TEST_CASE(a_late_send_moves_its_grant_later) {
    // Three grants at t=0; the third request only leaves at t=1'000 (its connection's
    // SYN was lost): the window slot it holds frees one second later than granted.
    FakeClock clock;
    RateLimiter limiter(3, clock);
    BOOST_TEST(limiter.try_grant().has_value());
    BOOST_TEST(limiter.try_grant().has_value());
    const auto late = limiter.try_grant();
    BOOST_REQUIRE(late.has_value());
    clock.now = 1'000;
    limiter.mark_sent(*late);
    clock.now = 60'000;
    BOOST_TEST(limiter.try_acquire());
    BOOST_TEST(limiter.try_acquire());
    BOOST_TEST(!limiter.try_acquire());
    BOOST_TEST(limiter.delay_ms() == 1'000);
    // Marking a send earlier than the stamp it has changes nothing.
    const auto early = limiter.try_grant();
    BOOST_TEST(!early.has_value());
}

BOOST_AUTO_TEST_CASE(a_send_after_its_grant_expired_counts_again) {
    // A request whose connection took longer than the window is sent after its grant
    // left: it counts from its send, even if that holds R+1 sends in the window.
    FakeClock clock;
    RateLimiter limiter(2, clock, 10'000);
    const auto slow = limiter.try_grant();
    BOOST_REQUIRE(slow.has_value());
    clock.now = 10'000;  // the grant has expired
    BOOST_TEST(limiter.try_acquire());
    BOOST_TEST(limiter.try_acquire());
    limiter.mark_sent(*slow);
    BOOST_TEST(limiter.in_window() == 3);
    // The next grant needs two of the three to expire: at 20'000 all three do.
    BOOST_TEST(limiter.delay_ms() == 10'000);
    clock.now = 19'999;
    BOOST_TEST(!limiter.try_acquire());
    clock.now = 20'000;
    BOOST_TEST(limiter.try_acquire());
    // An id never granted is ignored.
    limiter.mark_sent(0);
    limiter.mark_sent(999);
    BOOST_TEST(limiter.in_window() == 1);
}

BOOST_AUTO_TEST_CASE(refuses_a_rate_below_one) {
    FakeClock clock;
    BOOST_CHECK_THROW(RateLimiter(0, clock), std::invalid_argument);
    BOOST_CHECK_THROW(RateLimiter(-5, clock), std::invalid_argument);
    BOOST_CHECK_THROW(RateLimiter(5, clock, 0), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(steady_clock_sleeps_and_moves_forward) {
    SteadyClock clock;
    const std::int64_t start = clock.now_ms();
    clock.sleep_ms(20);
    clock.sleep_ms(-1);  // ignored
    BOOST_TEST(clock.now_ms() - start >= 20);
}

BOOST_AUTO_TEST_SUITE_END()
