// redriva-sync under pressure, against fake-rd: RD's rate limit (compressed to a
// 2-second window), 503s and latency, a body that does not parse, a refused token,
// a second sync at once, and SIGKILL at random instants.
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <random>
#include <set>
#include <thread>

#include "fake_rd.h"

namespace redriva::e2e {

BOOST_AUTO_TEST_SUITE(sync_rate)

BOOST_AUTO_TEST_CASE(a_fast_sync_at_the_fakes_limit_gets_no_429) {
    // The window is compressed from RD's minute to keep the test short, but not
    // below a few seconds: redriva-sync widens its window by a fixed margin (RD
    // counts requests when it handles them, and a loaded fake may handle one
    // late), which a tiny window would make most of the window.
    constexpr int kRate = 50;
    constexpr std::int64_t kWindowMs = 6000;
    // 1 list + 149 infos: three full bursts, the last one still in the fake's
    // window when the sync ends.
    FakeRd fake({.library = 149, .rate = kRate, .window_ms = kWindowMs});
    SyncWorld world(fake);
    const EnvVars at_the_limit = {{"REDRIVA_RD_RATE", std::to_string(kRate)},
                                  {"REDRIVA_RD_WINDOW_MS", std::to_string(kWindowMs)}};
    const SyncOutcome out = world.run({"fast"}, at_the_limit);
    BOOST_CHECK_MESSAGE(out.code == 0, outcome_text(out));
    rapidjson::Document stats = fake.stats();
    const std::int64_t requests = stats["requests"].GetInt64();
    BOOST_TEST(stats["too_many_requests"].GetInt64() == 0);
    BOOST_TEST(stats["max_in_window"].GetInt64() <= kRate);
    BOOST_TEST(requests == 150);
    const double windows = out.seconds * 1000.0 / static_cast<double>(kWindowMs);
    const double achieved = static_cast<double>(requests) / windows;
    BOOST_TEST_MESSAGE("sync_rate: " << requests << " requests in " << out.seconds
                                     << " s: " << achieved << " per window of " << kRate);
    BOOST_TEST(achieved >= 0.8 * kRate);

    // A second sync at once (a queued job, the next cron minute) must not start with
    // a burst: the fake still counts the first one's last requests, a full window of
    // them (paced, they are spread over it: the second sync waits for one to leave).
    const SyncOutcome next = world.run({"torrents"}, at_the_limit);
    BOOST_CHECK_MESSAGE(next.code == 0, outcome_text(next));
    stats = fake.stats();
    BOOST_TEST(stats["requests"].GetInt64() == 151);
    BOOST_TEST(stats["too_many_requests"].GetInt64() == 0);
    BOOST_TEST(stats["max_in_window"].GetInt64() <= kRate);
    BOOST_TEST(next.err.find("still in RD's window") != std::string::npos, next.err);

    // Converged: every listed torrent has its details (reading them all back
    // through the rate limit would take as long again; sync_modes compares them).
    const Truth listed = fake.truth(false);
    TruthDb db(world.database_path());
    BOOST_TEST(db.column("SELECT id FROM torrents ORDER BY id") == std::vector<std::string>([&] {
                   std::vector<std::string> ids;
                   for (const auto& [id, t] : listed) ids.push_back(id);
                   return ids;
               }()),
               boost::test_tools::per_element());
    BOOST_TEST(db.integer("SELECT count(*) FROM torrent_details") == 149);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sync_faults)

BOOST_AUTO_TEST_CASE(fast_converges_through_503s_and_latency) {
    FakeRd fake({.library = 300, .latency = "5-30", .fail_rate = 0.1});
    SyncWorld world(fake);
    const SyncOutcome out = world.run({"fast"});
    BOOST_CHECK_MESSAGE(out.code == 0, outcome_text(out));
    BOOST_TEST(fake.stat("service_unavailable") > 0);  // the faults were there
    expect_same(fake.truth(), database_truth(world.database_path()));
}

// The engine counts a body that does not parse as "bad data", not as a failure:
// the sync skips that torrent, says so in a warn event, and exits 0.
BOOST_AUTO_TEST_CASE(a_torrent_whose_info_does_not_parse_is_skipped) {
    std::string bad_id;
    {
        FakeRd probe({.library = 300});
        bad_id = probe.list_ids().at(42);
    }
    FakeRd fake({.library = 300, .bad_json = bad_id});
    SyncWorld world(fake);
    const SyncOutcome out = world.run({"fast"});
    BOOST_CHECK_MESSAGE(out.code == 0, outcome_text(out));

    const Truth truth = fake.truth(true, {bad_id});
    BOOST_REQUIRE(truth.count(bad_id) == 1);  // the same seed, the same library
    // Its list row is there (the list parsed); its details are not.
    expect_same(truth, database_truth(world.database_path()));
    TruthDb db(world.database_path());
    BOOST_TEST(db.integer("SELECT count(*) FROM torrent_details") == 299);
    BOOST_TEST(db.integer("SELECT count(*) FROM job_events WHERE level = 'warn' AND "
                          "instr(message, ?) > 0",
                          {bad_id}) >= 1);
    BOOST_TEST(db.column("SELECT state FROM jobs") == std::vector<std::string>{"done"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sync_token)

BOOST_AUTO_TEST_CASE(a_refused_token_exits_3_and_changes_nothing) {
    const std::string wrong = "wrong-e2e-token-QZ7XK2P9";
    FakeRd fake({.library = 50});
    SyncWorld world(fake);
    const SyncOutcome out = world.run({"fast"}, {{"RD_TOKEN", wrong}});
    BOOST_TEST(out.code == 3);
    BOOST_TEST(fake.stat("unauthorized") >= 1);
    BOOST_TEST(out.err.find(wrong) == std::string::npos, "stderr: " << out.err);
    TruthDb db(world.database_path());
    BOOST_TEST(db.integer("SELECT count(*) FROM torrents") == 0);
    BOOST_TEST(db.integer("SELECT count(*) FROM torrent_details") == 0);
    const auto jobs = db.rows("SELECT state, result FROM jobs");
    BOOST_REQUIRE_EQUAL(jobs.size(), 1u);
    BOOST_TEST(jobs[0][0].value_or("") == "failed");
    const std::string result = jobs[0][1].value_or("");
    BOOST_TEST(!result.empty());
    BOOST_TEST(result.find(wrong) == std::string::npos, "result: " << result);
    for (const auto& text : db.column("SELECT message FROM job_events"))
        BOOST_TEST(text.find(wrong) == std::string::npos, "event: " << text);
    const std::string log = read_text_file(world.data_dir() + "/sync.log");
    BOOST_TEST(log.find(wrong) == std::string::npos, "sync.log: " << log);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sync_lock)

BOOST_AUTO_TEST_CASE(a_second_sync_on_the_same_data_dir_exits_4) {
    FakeRd fake({.library = 150, .latency = "50-100"});
    SyncWorld world(fake);
    const pid_t first = world.start({"fast"}, "first");
    // It holds the lock before its first request.
    std::optional<int> first_code;
    const bool sending = eventually(std::chrono::seconds(20), [&] {
        first_code = wait_process(first, std::chrono::milliseconds(0));
        return first_code || fake.stat("requests") >= 1;
    });
    if (!sending) kill_process(first);
    BOOST_REQUIRE(sending);
    BOOST_REQUIRE_MESSAGE(
        !first_code, "the first sync ended early: " << read_text_file(world.stderr_path("first")));
    const SyncOutcome second = world.run({"fast"});
    first_code = wait_process(first, std::chrono::seconds(60));
    if (!first_code) kill_process(first);
    BOOST_TEST(second.code == 4, outcome_text(second));
    BOOST_TEST(second.err.find("another sync") != std::string::npos);
    BOOST_TEST(first_code.value_or(-1) == 0, read_text_file(world.stderr_path("first")));
    TruthDb db(world.database_path());
    BOOST_TEST(
        db.column("SELECT kind || ' ' || state FROM jobs") == std::vector<std::string>{"fast done"},
        boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sync_kill)

BOOST_AUTO_TEST_CASE(sigkill_at_random_instants_leaves_a_sound_database) {
    // Ten instants: five fast syncs into an empty database, five smart syncs of a
    // library that changed since the last run (new, changed and removed torrents).
    FakeRd fake({.library = 400, .latency = "10-40"});
    std::mt19937 rng(20'250'607);
    std::uniform_int_distribution<int> pause_ms(150, 1500);
    int killed_running = 0;
    for (int round = 0; round < 5; ++round) {
        const int pause = pause_ms(rng);
        BOOST_TEST_CONTEXT("fast round " << round << ", SIGKILL after " << pause << " ms") {
            SyncWorld world(fake);
            killed_running += kill_then_converge(fake, world, {"fast"}, pause) ? 1 : 0;
        }
    }

    SyncWorld world(fake);
    BOOST_REQUIRE_EQUAL(world.run({"fast"}).code, 0);
    for (int round = 0; round < 5; ++round) {
        const int pause = pause_ms(rng) / 3;  // a smart run reads fewer torrents
        BOOST_TEST_CONTEXT("smart round " << round << ", SIGKILL after " << pause << " ms") {
            const std::vector<std::string> ids = fake.list_ids();
            fake.add(40);
            for (std::size_t i = static_cast<std::size_t>(round); i < 200; i += 5)
                fake.set(ids[i], round % 2 ? "downloading" : "downloaded", round % 2 ? 0.5 : 1);
            for (std::size_t i = 300 + static_cast<std::size_t>(round) * 4; i < 304 + round * 4u;
                 ++i)
                fake.remove(ids[i]);
            killed_running += kill_then_converge(fake, world, {"smart"}, pause) ? 1 : 0;
        }
    }
    // Most instants fall inside a run: the case would prove little otherwise.
    BOOST_TEST(killed_running >= 5);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
