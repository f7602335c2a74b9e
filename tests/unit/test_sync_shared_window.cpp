// One window for every process that talks to RD: a sync and an action runner at the
// same time never send more than the limit together, the next process does not start
// with a full burst while RD still counts the last one, and an interactive action
// gets the next free slot.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "fake_clock.h"
#include "sync/rate_limiter.h"
#include "sync/shared_window.h"
#include "temp_database.h"

using namespace redriva;
using namespace redriva::sync;

namespace {

using redriva::test::FakeClock;

void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::trunc) << text;
}

// A clock stopped at `ms`.
std::function<std::int64_t()> at(std::int64_t ms) {
    return [ms] { return ms; };
}

std::vector<std::int64_t> others_seen_by(const SharedWindow& window, std::int64_t now) {
    return window.peek(/*owner=*/0, now, 60'000).sends;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sync_shared_window)

BOOST_AUTO_TEST_CASE(an_exchange_keeps_the_others_records_and_replaces_its_own) {
    BOOST_REQUIRE(!current_boot_id().empty());
    test::TempDatabasePath dir;
    SharedWindow window(dir.path("rate-window"));
    BOOST_TEST(others_seen_by(window, 100'000).empty());  // no file yet
    BOOST_TEST(
        window.exchange(1, 60'000, at(100'000), [](std::int64_t, const auto& others, auto& mine) {
            BOOST_TEST(others.sends.empty());
            mine.sends = {30'000, 50'000, 90'000};  // 30'000 is already out of the window
        }));
    BOOST_TEST(
        window.exchange(2, 60'000, at(100'000), [](std::int64_t, const auto& others, auto& mine) {
            BOOST_TEST(others.sends == (std::vector<std::int64_t>{50'000, 90'000}));
            mine.sends = {95'000};
        }));
    BOOST_TEST(
        window.exchange(1, 60'000, at(100'000), [](std::int64_t, const auto& others, auto& mine) {
            BOOST_TEST(others.sends == (std::vector<std::int64_t>{95'000}));
            mine.sends = {99'000};  // owner 1 replaces its records
        }));
    BOOST_TEST(others_seen_by(window, 100'000) == (std::vector<std::int64_t>{95'000, 99'000}));
    // At 110'001, the send at 50'000 would have left the window anyway.
    BOOST_TEST(others_seen_by(window, 155'001) == (std::vector<std::int64_t>{99'000}));
}

BOOST_AUTO_TEST_CASE(another_boot_or_a_damaged_file_counts_for_nothing) {
    test::TempDatabasePath dir;
    const std::string path = dir.path("rate-window");
    SharedWindow window(path);
    const std::string boot = current_boot_id();
    const std::string owner = " 00000000000000aa ";
    write_file(path, "redriva-rate 2\n00000000-0000-0000-0000-000000000000\ns" + owner + "90000\n");
    BOOST_TEST(others_seen_by(window, 100'000).empty());
    write_file(path, "redriva-rate 2\n" + boot + "\ns" + owner + "90000\nnot a record\n");
    BOOST_TEST(others_seen_by(window, 100'000).empty());
    write_file(path, "redriva-rate 2\n" + boot + "\ns" + owner + "200000\n");  // in the future
    BOOST_TEST(others_seen_by(window, 100'000).empty());
    write_file(path, "redriva-rate 1\n" + boot + "\n90000\n");  // the old format
    BOOST_TEST(others_seen_by(window, 100'000).empty());
    write_file(path, "redriva-rate 2\n" + boot + "\ns" + owner + "90000\n");
    BOOST_TEST(others_seen_by(window, 100'000).size() == 1u);
    // A send just after the reader's clock: the reader read it just before the
    // writer did (not damage, and it counts).
    write_file(path, "redriva-rate 2\n" + boot + "\ns" + owner + "100500\n");
    BOOST_TEST(others_seen_by(window, 100'000).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_window_that_cannot_be_written_lets_the_limiter_count_alone) {
    SharedWindow window("/nonexistent-dir/rate-window");
    BOOST_TEST(!window.exchange(1, 60'000, at(1), [](std::int64_t, const auto&, auto&) {}));
    FakeClock clock{5'000'000};
    RateLimiter limiter(2, clock);
    limiter.share_window(&window);
    BOOST_TEST(limiter.try_acquire());
    BOOST_TEST(limiter.try_acquire());
    BOOST_TEST(!limiter.try_acquire());
}

BOOST_AUTO_TEST_CASE(the_next_limiter_waits_for_the_window_the_last_one_filled) {
    test::TempDatabasePath dir;
    const SharedWindow window(dir.path("rate-window"));
    FakeClock clock{5'000'000};
    const std::int64_t start = clock.now;
    {
        RateLimiter first(10, clock);
        first.share_window(&window);
        for (int i = 0; i < 10; ++i) {
            BOOST_TEST(first.try_acquire());
            clock.now += 1'000;  // one send a second
        }
    }  // the process exits
    RateLimiter second(10, clock);
    second.share_window(&window);
    BOOST_TEST(second.in_window() == 10);
    BOOST_TEST(!second.try_acquire());
    // The first send (at start) leaves the window one minute after it was sent.
    BOOST_TEST(second.delay_ms() == start + 60'000 - clock.now);
    clock.now = start + 60'000;
    BOOST_TEST(second.try_acquire());
    BOOST_TEST(!second.try_acquire());
}

BOOST_AUTO_TEST_CASE(each_grant_is_on_disk_at_once) {
    // A killed process never runs its destructors: what it sent must already be written.
    test::TempDatabasePath dir;
    const SharedWindow window(dir.path("rate-window"));
    FakeClock clock{5'000'000};
    RateLimiter limiter(100, clock);
    limiter.share_window(&window);
    BOOST_TEST(limiter.try_acquire());
    BOOST_TEST(limiter.try_acquire());
    BOOST_TEST(others_seen_by(window, clock.now).size() == 2u);
}

BOOST_AUTO_TEST_CASE(two_live_limiters_never_exceed_the_limit_together) {
    test::TempDatabasePath dir;
    const SharedWindow window(dir.path("rate-window"));
    FakeClock clock{5'000'000};
    RateLimiter sync(20, clock), actions(20, clock);
    sync.share_window(&window);
    actions.share_window(&window);
    // Both ask every 100 ms for three minutes; every grant is stamped.
    std::vector<std::int64_t> granted;
    int by_sync = 0, by_actions = 0;
    for (int tick = 0; tick < 1'800; ++tick) {
        if (sync.try_acquire()) {
            granted.push_back(clock.now);
            ++by_sync;
        }
        if (actions.try_acquire()) {
            granted.push_back(clock.now);
            ++by_actions;
        }
        clock.now += 100;
    }
    // No 60 s span holds more than 20 sends...
    for (std::size_t i = 0; i < granted.size(); ++i) {
        std::size_t in_span = 0;
        for (std::size_t j = i; j < granted.size() && granted[j] < granted[i] + 60'000; ++j)
            ++in_span;
        BOOST_TEST_REQUIRE(in_span <= 20u, "a minute from " << granted[i] << " holds " << in_span);
    }
    // ...and the budget was used: three windows' worth, shared between the two.
    BOOST_TEST(granted.size() >= 58u);
    BOOST_TEST(by_sync > 0);
    BOOST_TEST(by_actions > 0);
}

BOOST_AUTO_TEST_CASE(an_interactive_limiter_gets_the_next_free_slot) {
    test::TempDatabasePath dir;
    const SharedWindow window(dir.path("rate-window"));
    FakeClock clock{5'000'000};
    const std::int64_t start = clock.now;
    RateLimiter sync(10, clock), interactive(10, clock);
    sync.share_window(&window);
    interactive.share_window(&window);
    interactive.set_priority(true);
    for (int i = 0; i < 10; ++i) {
        BOOST_TEST(sync.try_acquire());
        clock.now += 100;
    }
    // The window is full: the interactive limiter waits, and claims the next slot
    // (renewing its claim as it keeps asking).
    BOOST_TEST(!interactive.try_acquire());
    clock.now = start + 59'800;
    BOOST_TEST(!interactive.try_acquire());
    // The first slot frees: the sync, asking first, leaves it to the claim.
    clock.now = start + 60'000;
    BOOST_TEST(sync.delay_ms() > 0);
    BOOST_TEST(!sync.try_acquire());
    BOOST_TEST(interactive.try_acquire());
    // Its claim went with its grant: the sync takes the next slot.
    clock.now = start + 60'100;
    BOOST_TEST(sync.try_acquire());
}

BOOST_AUTO_TEST_CASE(a_claim_lapses_when_its_owner_stops_renewing_it) {
    test::TempDatabasePath dir;
    const SharedWindow window(dir.path("rate-window"));
    FakeClock clock{5'000'000};
    const std::int64_t start = clock.now;
    RateLimiter sync(2, clock), interactive(2, clock);
    sync.share_window(&window);
    interactive.share_window(&window);
    interactive.set_priority(true);
    BOOST_TEST(sync.try_acquire());
    clock.now = start + 59'500;
    BOOST_TEST(interactive.try_acquire());
    BOOST_TEST(!interactive.try_acquire());  // full: claims the next slot, then stops asking
    clock.now = start + 60'000;              // the sync's send leaves the window
    BOOST_TEST(!sync.try_acquire());         // the claim holds the slot
    clock.now = start + 59'500 + RateLimiter::kClaimMs;
    BOOST_TEST(sync.try_acquire());  // nobody renewed it: free again
}

BOOST_AUTO_TEST_SUITE_END()
