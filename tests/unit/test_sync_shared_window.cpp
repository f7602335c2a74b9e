// One window for every process that talks to RD: a sync and an action runner at the
// same time never send more than the limit together, the next process does not start
// with a full burst while RD still counts the last one, and an interactive action
// gets the next free slot.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
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

// The others' sends as times, a group of n as n times.
std::vector<std::int64_t> others_seen_by(const SharedWindow& window, std::int64_t now) {
    std::vector<std::int64_t> times;
    for (const auto& group : window.peek(/*owner=*/0, now, 60'000).sends)
        times.insert(times.end(), static_cast<std::size_t>(group.count), group.at);
    return times;
}

using Groups = std::vector<SharedWindow::SendGroup>;

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
            // 30'000 is already out of the window
            mine.sends = {{30'000, 1}, {50'000, 2}, {90'000, 1}};
        }));
    BOOST_TEST(
        window.exchange(2, 60'000, at(100'000), [](std::int64_t, const auto& others, auto& mine) {
            BOOST_TEST(others.sends == (Groups{{50'000, 2}, {90'000, 1}}));
            mine.sends = {{90'000, 3}, {95'000, 1}};
        }));
    BOOST_TEST(
        window.exchange(1, 60'000, at(100'000), [](std::int64_t, const auto& others, auto& mine) {
            BOOST_TEST(others.sends == (Groups{{90'000, 3}, {95'000, 1}}));
            mine.sends = {{90'000, 1}, {99'000, 1}};  // owner 1 replaces its records
        }));
    // Two owners' groups at one time are one group.
    BOOST_TEST(window.peek(/*owner=*/0, 100'000, 60'000).sends ==
               (Groups{{90'000, 4}, {95'000, 1}, {99'000, 1}}));
    // At 110'001, the sends at 50'000 would have left the window anyway.
    BOOST_TEST(others_seen_by(window, 155'001) == (std::vector<std::int64_t>{99'000}));
}

BOOST_AUTO_TEST_CASE(another_boot_or_a_damaged_file_counts_for_nothing) {
    test::TempDatabasePath dir;
    const std::string path = dir.path("rate-window");
    SharedWindow window(path);
    const std::string boot = current_boot_id();
    const std::string owner = " 00000000000000aa ";
    const auto file = [&](const std::string& boot_line, const std::string& records) {
        write_file(path, "redriva-rate 3\n" + boot_line + "\n" + records);
        return others_seen_by(window, 100'000).size();
    };
    BOOST_TEST(file("00000000-0000-0000-0000-000000000000", "s" + owner + "90000 1\n") == 0u);
    BOOST_TEST(file(boot, "s" + owner + "90000 1\nnot a record\n") == 0u);
    BOOST_TEST(file(boot, "s" + owner + "200000 1\n") == 0u);  // in the future
    BOOST_TEST(file(boot, "s" + owner + "90000\n") == 0u);     // no count
    BOOST_TEST(file(boot, "s" + owner + "90000 0\n") == 0u);   // an empty group
    BOOST_TEST(file(boot, "s" + owner + "90000 1 2\n") == 0u);
    BOOST_TEST(file(boot, "s" + owner + "90000 1") == 0u);  // cut short
    BOOST_TEST(file(boot, "s" + owner + "90000 3\n") == 3u);
    // A send just after the reader's clock: the reader read it just before the
    // writer did (not damage, and it counts).
    BOOST_TEST(file(boot, "s" + owner + "100500 1\n") == 1u);
    // Another version: one line a send, without a count.
    write_file(path, "redriva-rate 2\n" + boot + "\ns" + owner + "90000\n");
    BOOST_TEST(others_seen_by(window, 100'000).empty());
    write_file(path, "redriva-rate 1\n" + boot + "\n90000\n");
    BOOST_TEST(others_seen_by(window, 100'000).empty());
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

BOOST_AUTO_TEST_CASE(a_paced_limiter_sends_a_few_at_a_time_at_the_limits_rate) {
    FakeClock clock{5'000'000};
    const std::int64_t start = clock.now;
    RateLimiter sync(10, clock);
    sync.set_pacing(true);
    // Four go at once...
    for (int i = 0; i < 4; ++i) BOOST_TEST(sync.try_acquire());
    // ...then one per 60 s / 10.
    BOOST_TEST(!sync.try_acquire());
    BOOST_TEST(sync.delay_ms() == 6'000);
    clock.now = start + 5'999;
    BOOST_TEST(!sync.try_acquire());
    clock.now = start + 6'000;
    BOOST_TEST(sync.try_acquire());
    BOOST_TEST(!sync.try_acquire());
    // Time not used is kept, up to four sends' worth.
    clock.now = start + 60'000;
    int granted = 0;
    while (sync.try_acquire()) ++granted;
    BOOST_TEST(granted == 4);
    // Serving an interactive action, it takes any free slot of the window.
    sync.set_priority(true);
    BOOST_TEST(sync.try_acquire());
}

BOOST_AUTO_TEST_CASE(a_window_that_holds_little_is_not_paced) {
    FakeClock clock{5'000'000};
    RateLimiter sync(100, clock);
    sync.set_pacing(true);
    // A quarter of the limit at once (a smart sync's listing)...
    for (int i = 0; i < 100 / RateLimiter::kPaceFromShare; ++i) BOOST_TEST(sync.try_acquire());
    // ...then paced, and owing what it sent: 21 sends beyond the four tokens, 600 ms each.
    BOOST_TEST(!sync.try_acquire());
    BOOST_TEST(sync.delay_ms() == 22 * 600);
}

BOOST_AUTO_TEST_CASE(the_others_sends_spend_the_paced_limiters_tokens) {
    test::TempDatabasePath dir;
    const SharedWindow window(dir.path("rate-window"));
    FakeClock clock{5'000'000};
    RateLimiter before(100, clock);
    before.share_window(&window);
    // A window a third full: pacing applies.
    for (int i = 0; i < 30; ++i) BOOST_TEST(before.try_acquire());
    // A paced limiter that comes after them does not owe what was sent before it...
    RateLimiter sync(100, clock), click(100, clock);
    sync.share_window(&window);
    sync.set_pacing(true);
    click.share_window(&window);
    click.set_priority(true);
    BOOST_TEST(sync.delay_ms() == 0);
    // ...but a click's three sends beside it spend three of its four tokens.
    for (int i = 0; i < 3; ++i) BOOST_TEST(click.try_acquire());
    clock.now += RateLimiter::kPeekEveryMs;
    BOOST_TEST(sync.try_acquire());
    BOOST_TEST(!sync.try_acquire());
    // A token per 60 s / 100, of which the 20 ms since the clicks brought a little.
    BOOST_TEST(std::llabs(sync.delay_ms() - (600 - RateLimiter::kPeekEveryMs)) <= 1);
}

// A sync that always has work (and, in the second run, a bulk action beside it), both
// paced, and a click now and then that needs four requests: each click gets them
// within about a second, the bulk work still uses the whole budget, and all of them
// together never exceed it.
BOOST_AUTO_TEST_CASE(a_click_during_paced_bulk_work_waits_for_a_few_slots_not_a_window) {
    for (const int bulk_count : {1, 2}) {
        BOOST_TEST_CONTEXT("bulk limiters: " << bulk_count) {
            test::TempDatabasePath dir;
            const SharedWindow window(dir.path("rate-window"));
            FakeClock clock{5'000'000};
            const std::int64_t start = clock.now;
            constexpr int kLimit = 250;
            std::vector<std::unique_ptr<RateLimiter>> bulk;
            for (int i = 0; i < bulk_count; ++i) {
                bulk.push_back(std::make_unique<RateLimiter>(kLimit, clock));
                bulk.back()->share_window(&window);
                bulk.back()->set_pacing(true);
            }
            RateLimiter click(kLimit, clock);
            click.share_window(&window);
            click.set_priority(true);
            std::vector<std::int64_t> sends;
            std::int64_t worst_click = 0;
            int clicks = 0, needed = 0;
            std::int64_t click_started = 0;
            for (; clock.now < start + 5 * 60'000; clock.now += 10) {
                // Every 7.3 s a click asks for four requests, one after the other.
                if (needed == 0 && (clock.now - start) % 7'300 == 0 && clock.now > start + 60'000) {
                    needed = 4;
                    click_started = clock.now;
                }
                if (needed > 0 && click.try_acquire()) {
                    sends.push_back(clock.now);
                    if (--needed == 0) {
                        ++clicks;
                        worst_click = std::max(worst_click, clock.now - click_started);
                    }
                }
                for (auto& limiter : bulk)
                    if (limiter->try_acquire()) sends.push_back(clock.now);
            }
            for (std::size_t i = 0; i < sends.size(); ++i) {
                std::size_t in_span = 0;
                for (std::size_t j = i; j < sends.size() && sends[j] < sends[i] + 60'000; ++j)
                    ++in_span;
                BOOST_TEST_REQUIRE(in_span <= std::size_t{kLimit}, "a minute from " << sends[i]);
            }
            BOOST_TEST_MESSAGE(bulk_count << " bulk: " << clicks << " clicks, the slowest "
                                          << worst_click << " ms; " << sends.size()
                                          << " sends in five windows");
            BOOST_TEST(clicks >= 30);
            BOOST_TEST(worst_click <= 1'500, "the slowest click waited " << worst_click << " ms");
            BOOST_TEST(sends.size() >= std::size_t{5 * kLimit * 95 / 100}, sends.size()
                                                                               << " sends");
        }
    }
}

// Above kExactUpTo a window, sends a few milliseconds apart share a record at the
// latest one's time: the file stays small at any limit (a grant rewrites it), and a
// reader counts every send, never for less time than it stays in RD's window.
BOOST_AUTO_TEST_CASE(at_a_high_limit_sends_are_grouped_and_never_counted_short) {
    test::TempDatabasePath dir;
    const SharedWindow window(dir.path("rate-window"));
    FakeClock clock{5'000'000};
    constexpr int kLimit = 20'000;  // 58 ms groups on a 60 s window
    constexpr int kSends = 3'000;
    constexpr std::int64_t kEvery = 10;
    RateLimiter fast(kLimit, clock);
    fast.share_window(&window);
    std::vector<std::int64_t> sent;
    for (int i = 0; i < kSends; ++i, clock.now += kEvery) {
        BOOST_REQUIRE(fast.try_acquire());
        sent.push_back(clock.now);
    }
    const auto groups = window.peek(/*owner=*/0, clock.now, 60'000).sends;
    BOOST_TEST(groups.size() <=
               std::size_t{kSends * kEvery / (60'000 / RateLimiter::kExactUpTo) + 1});
    BOOST_TEST(fast.sends().size() == std::size_t{kSends});
    const std::int64_t group_ms = 60'000 / RateLimiter::kExactUpTo;
    for (std::int64_t t = clock.now; t < sent.back() + 60'000 + 2 * group_ms; t += 41) {
        int counted = 0, exact = 0, recent = 0;
        for (const auto& group : window.peek(/*owner=*/0, t, 60'000).sends) counted += group.count;
        for (std::int64_t at : sent) {
            exact += at > t - 60'000;
            recent += at > t - 60'000 - group_ms;
        }
        BOOST_TEST_REQUIRE(counted >= exact, "at " << t);
        BOOST_TEST_REQUIRE(counted <= recent, "at " << t);
    }
    // Up to the limit, every send keeps its own millisecond.
    RateLimiter exact(RateLimiter::kExactUpTo, clock);
    for (int i = 0; i < 3; ++i, clock.now += 1) BOOST_TEST(exact.try_acquire());
    BOOST_TEST(exact.sends() ==
               (std::vector<std::int64_t>{clock.now - 3, clock.now - 2, clock.now - 1}));
}

BOOST_AUTO_TEST_SUITE_END()
