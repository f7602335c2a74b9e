// The limiter's window outlives a process: the next sync (or the next job of the
// same cron run) must not start with a full burst while RD still counts the last one.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "sync/rate_journal.h"
#include "sync/rate_limiter.h"
#include "temp_database.h"

using namespace redriva;
using namespace redriva::sync;

namespace {

class FakeClock final : public Clock {
public:
    std::int64_t now_ms() override { return now; }
    void sleep_ms(std::int64_t ms) override { now += ms; }
    std::int64_t now = 5'000'000;
};

void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::trunc) << text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sync_rate_journal)

BOOST_AUTO_TEST_CASE(saves_and_loads_the_sends_still_in_the_window) {
    BOOST_REQUIRE(!current_boot_id().empty());
    test::TempDatabasePath dir;
    RateJournal journal(dir.path("rate-window"));
    BOOST_TEST(journal.load(100'000, 60'000).empty());  // no file yet
    BOOST_TEST(journal.save({30'000, 40'000, 90'000}));
    // At 100'000 with a 60 s window, the send at 40'000 has just left it.
    BOOST_TEST(journal.load(100'000, 60'000) == (std::vector<std::int64_t>{90'000}));
    BOOST_TEST(journal.load(95'000, 60'000) == (std::vector<std::int64_t>{40'000, 90'000}));
}

BOOST_AUTO_TEST_CASE(another_boot_or_a_damaged_file_counts_for_nothing) {
    test::TempDatabasePath dir;
    const std::string path = dir.path("rate-window");
    RateJournal journal(path);
    const std::string boot = current_boot_id();
    write_file(path, "redriva-rate 1\n00000000-0000-0000-0000-000000000000\n90000\n");
    BOOST_TEST(journal.load(100'000, 60'000).empty());
    write_file(path, "redriva-rate 1\n" + boot + "\n90000\nnot a number\n");
    BOOST_TEST(journal.load(100'000, 60'000).empty());
    write_file(path, "redriva-rate 1\n" + boot + "\n90000\n200000\n");  // in the future
    BOOST_TEST(journal.load(100'000, 60'000).empty());
    write_file(path, "something else\n" + boot + "\n90000\n");
    BOOST_TEST(journal.load(100'000, 60'000).empty());
    write_file(path, "redriva-rate 1\n" + boot + "\n90000\n");
    BOOST_TEST(journal.load(100'000, 60'000).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_save_that_cannot_be_written_is_reported) {
    RateJournal journal("/nonexistent-dir/rate-window");
    BOOST_TEST(!journal.save({1}));
}

BOOST_AUTO_TEST_CASE(the_next_limiter_waits_for_the_window_the_last_one_filled) {
    test::TempDatabasePath dir;
    const RateJournal journal(dir.path("rate-window"));
    FakeClock clock;
    const std::int64_t start = clock.now;
    {
        RateLimiter first(10, clock);
        first.keep_journal(&journal);
        for (int i = 0; i < 10; ++i) {
            BOOST_TEST(first.try_acquire());
            clock.now += 1'000;  // one send a second
        }
    }  // the process exits: its destructor saved the last sends
    RateLimiter second(10, clock);
    second.keep_journal(&journal);
    BOOST_TEST(second.in_window() == 10);
    BOOST_TEST(!second.try_acquire());
    // The first send (at start) leaves the window one minute after it was sent.
    BOOST_TEST(second.delay_ms() == start + 60'000 - clock.now);
    clock.now = start + 60'000;
    BOOST_TEST(second.try_acquire());
    BOOST_TEST(!second.try_acquire());
}

BOOST_AUTO_TEST_CASE(saves_while_it_runs_not_only_at_exit) {
    // A killed sync never runs its destructors: what it sent must already be on disk.
    test::TempDatabasePath dir;
    const RateJournal journal(dir.path("rate-window"));
    FakeClock clock;
    RateLimiter limiter(100, clock);
    limiter.keep_journal(&journal);
    BOOST_TEST(limiter.try_acquire());
    clock.now += RateLimiter::kJournalEveryMs;
    BOOST_TEST(limiter.try_acquire());
    BOOST_TEST(journal.load(clock.now, 60'000).size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
