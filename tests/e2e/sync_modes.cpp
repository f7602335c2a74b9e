// redriva-sync's modes against fake-rd: each converges exactly to the fake's truth
// (read over its API), smart fetches only what changed, errors only the failed,
// cron runs a smart sync when none is recorded and nothing right after.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <set>
#include <sstream>

#include "fake_rd.h"

namespace redriva::e2e {

namespace {

const std::set<std::string> kFailedStatuses = {"magnet_error", "error", "virus", "dead"};
const std::string kInfoPrefix = "/rest/1.0/torrents/info/";

std::vector<std::string> ids_of(const Truth& truth) {
    std::vector<std::string> ids;
    for (const auto& [id, t] : truth) ids.push_back(id);
    return ids;
}

// The ids of every GET /torrents/info/{id} in the fake's log; other paths in `others`.
std::multiset<std::string> info_ids(const std::vector<std::string>& paths,
                                    std::vector<std::string>& others) {
    std::multiset<std::string> ids;
    for (const auto& p : paths) {
        if (p.starts_with(kInfoPrefix))
            ids.insert(p.substr(kInfoPrefix.size()));
        else
            others.push_back(p);
    }
    return ids;
}

// Every job's type, state and source, oldest first.
std::vector<std::string> jobs_of(const SyncWorld& world) {
    TruthDb db(world.database_path());
    return db.column("SELECT kind || ' ' || state || ' ' || source FROM jobs ORDER BY id");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sync_modes)

BOOST_AUTO_TEST_CASE(fast_converges_to_the_fake) {
    FakeRd fake({.library = 300});
    SyncWorld world(fake);
    const SyncOutcome out = world.run({"fast"});
    BOOST_CHECK_MESSAGE(out.code == 0, "exit " << out.code << ": " << out.err);
    const Truth truth = fake.truth();
    BOOST_REQUIRE_EQUAL(truth.size(), 300u);
    expect_same(truth, database_truth(world.database_path()));
    BOOST_TEST(jobs_of(world) == std::vector<std::string>{"fast done cli"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_terminal_gets_a_progress_bar_and_cron_plain_lines) {
    // Slow enough (about 1.5 s of details) for the bar to be redrawn while it runs.
    FakeRd fake({.library = 240, .latency = "40-60"});
    SyncWorld on_terminal(fake);
    const TerminalRun tty = on_terminal.run_on_terminal({"fast"});
    BOOST_TEST(tty.code == 0, tty.output);
    // The bar redraws in place: carriage returns, a phase, filled cells, counts, ETA.
    BOOST_TEST(tty.output.find("\rdetails  [") != std::string::npos, tty.output);
    BOOST_TEST(
        tty.output.find("\rdone     [##############################] 1/1") != std::string::npos,
        tty.output);
    BOOST_TEST(tty.output.find("ETA ") != std::string::npos);
    BOOST_TEST(tty.output.find("redriva-sync: ") != std::string::npos);

    SyncWorld under_cron(fake);
    const SyncOutcome quiet = under_cron.run({"fast"});
    BOOST_TEST(quiet.code == 0, quiet.err);
    // Not a terminal: whole lines only, each a "redriva-sync: " message.
    BOOST_TEST(quiet.err.find('\r') == std::string::npos, quiet.err);
    BOOST_TEST(quiet.err.find("[#") == std::string::npos, quiet.err);
    std::istringstream lines(quiet.err);
    int count = 0;
    for (std::string line; std::getline(lines, line); ++count)
        BOOST_TEST(line.starts_with("redriva-sync: "), line);
    BOOST_TEST(count >= 1);
}

BOOST_AUTO_TEST_CASE(torrents_writes_list_rows_only) {
    FakeRd fake({.library = 300});
    SyncWorld world(fake);
    const SyncOutcome out = world.run({"torrents"});
    BOOST_CHECK_MESSAGE(out.code == 0, "exit " << out.code << ": " << out.err);
    // One list page: no info request at all.
    std::vector<std::string> others;
    BOOST_TEST(info_ids(fake.logged_paths(), others).empty());
    BOOST_TEST(others.size() == 1u);
    expect_same(fake.truth(false), database_truth(world.database_path()), false);
    TruthDb db(world.database_path());
    BOOST_TEST(db.integer("SELECT count(*) FROM torrent_details") == 0);
    BOOST_TEST(db.integer("SELECT count(*) FROM torrent_files") == 0);
}

BOOST_AUTO_TEST_CASE(smart_fetches_only_the_changes) {
    FakeRd fake({.library = 300});
    SyncWorld world(fake);
    const SyncOutcome first = world.run({"fast"});
    BOOST_REQUIRE_MESSAGE(first.code == 0, "exit " << first.code << ": " << first.err);
    const Truth before = fake.truth(false);
    const std::vector<std::string> ids = ids_of(before);
    BOOST_REQUIRE_EQUAL(ids.size(), 300u);

    std::set<std::string> expected_fetch;
    for (std::size_t i = 10; i < 15; ++i) {
        const bool downloaded = before.at(ids[i]).status == "downloaded";
        fake.set(ids[i], downloaded ? "error" : "downloaded", downloaded ? 0 : 100);
        expected_fetch.insert(ids[i]);
    }
    for (const auto& id : fake.add(3)) expected_fetch.insert(id);
    fake.remove(ids[20]);
    fake.remove(ids[21]);
    fake.reset_log();

    const SyncOutcome smart = world.run({"smart"});
    BOOST_CHECK_MESSAGE(smart.code == 0, "exit " << smart.code << ": " << smart.err);
    const std::int64_t requests = fake.stat("requests");
    std::vector<std::string> others;
    const auto fetched = info_ids(fake.logged_paths(), others);
    const std::int64_t list_pages = 1;  // 301 torrents, 5,000 a page
    BOOST_TEST(requests >= list_pages + 8);
    BOOST_TEST(requests <= list_pages + 5 + 3 + 2);
    BOOST_TEST(std::set<std::string>(fetched.begin(), fetched.end()) == expected_fetch,
               boost::test_tools::per_element());
    BOOST_TEST(others.size() == static_cast<std::size_t>(list_pages));

    const Truth after = fake.truth();
    BOOST_REQUIRE_EQUAL(after.size(), 301u);
    expect_same(after, database_truth(world.database_path()));
    TruthDb db(world.database_path());
    for (const auto& gone : {ids[20], ids[21]}) {
        BOOST_TEST(db.integer("SELECT count(*) FROM torrents WHERE id = ?", {gone}) == 0);
        BOOST_TEST(db.integer("SELECT count(*) FROM torrent_files WHERE torrent_id = ?", {gone}) ==
                   0);
    }
}

BOOST_AUTO_TEST_CASE(errors_fetches_only_failed_torrents) {
    FakeRd fake({.library = 300});
    const std::vector<std::string> ids = fake.list_ids();
    BOOST_REQUIRE_EQUAL(ids.size(), 300u);
    // At least three, whatever the generator made.
    for (std::size_t i : {3u, 77u, 150u}) fake.set(ids[i], "magnet_error", 0);
    SyncWorld world(fake);
    const SyncOutcome listed = world.run({"torrents"});
    BOOST_REQUIRE_MESSAGE(listed.code == 0, "exit " << listed.code << ": " << listed.err);

    Truth truth = fake.truth();
    std::set<std::string> failed;
    for (auto& [id, t] : truth) {
        if (kFailedStatuses.count(t.status))
            failed.insert(id);
        else
            t.details.clear();  // errors leaves the others without details
    }
    BOOST_REQUIRE_GE(failed.size(), 3u);
    BOOST_REQUIRE_LT(failed.size(), truth.size());

    fake.reset_log();
    const SyncOutcome out = world.run({"errors"});
    BOOST_CHECK_MESSAGE(out.code == 0, "exit " << out.code << ": " << out.err);
    std::vector<std::string> others;
    const auto fetched = info_ids(fake.logged_paths(), others);
    BOOST_TEST(others.empty());
    BOOST_TEST(fetched.size() == failed.size());
    BOOST_TEST(std::set<std::string>(fetched.begin(), fetched.end()) == failed,
               boost::test_tools::per_element());
    expect_same(truth, database_truth(world.database_path()));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sync_cron)

BOOST_AUTO_TEST_CASE(cron_reads_the_account_when_its_reading_is_stale) {
    FakeRd fake({.library = 30});
    SyncWorld world(fake);
    // A sync run by hand sends its mode's requests only.
    BOOST_REQUIRE(world.run({"smart"}).code == 0);
    TruthDb db(world.database_path());
    BOOST_TEST(db.integer("SELECT count(*) FROM meta WHERE key = 'account'") == 0);
    fake.reset_log();
    BOOST_REQUIRE(world.run({"cron"}).code == 0);
    const auto paths = fake.logged_paths();
    for (const char* path :
         {"/rest/1.0/user", "/rest/1.0/traffic", "/rest/1.0/torrents/activeCount"})
        BOOST_TEST(std::count(paths.begin(), paths.end(), path) == 1, path);
    const auto stored = db.column("SELECT value FROM meta WHERE key = 'account'");
    BOOST_REQUIRE(stored.size() == 1u);
    const rapidjson::Document account = parse_json(stored[0]);
    BOOST_TEST(json_string(account["username"]) == "demo");
    BOOST_TEST(json_string(account["type"]) == "premium");
    BOOST_TEST(account["premium_days"].GetInt64() == 30);
    BOOST_TEST(account["points"].GetInt64() == 1234);
    BOOST_TEST(account["active"]["limit"].GetInt64() >= account["active"]["nb"].GetInt64());
    BOOST_TEST(account["traffic"]["real-debrid.com"]["left"].GetInt64() > 0);
    BOOST_TEST(!json_string(account["updated_at"]).empty());
    // Fresh: the next minute's cron asks nothing.
    fake.reset_log();
    BOOST_REQUIRE(world.run({"cron"}).code == 0);
    BOOST_TEST(fake.logged_paths().empty());
}

BOOST_AUTO_TEST_CASE(cron_runs_a_smart_sync_when_none_is_recorded_then_nothing) {
    FakeRd fake({.library = 120});
    SyncWorld world(fake);
    world.env.emplace_back("REDRIVA_SYNC_INTERVAL", "60");
    const SyncOutcome first = world.run({"cron"});
    BOOST_CHECK_MESSAGE(first.code == 0, "exit " << first.code << ": " << first.err);
    const std::int64_t after_first = fake.stat("requests");
    BOOST_TEST(after_first >= 1 + 120);  // a list page and every torrent's details
    BOOST_TEST(jobs_of(world) == std::vector<std::string>{"smart done cron"},
               boost::test_tools::per_element());

    const SyncOutcome second = world.run({"cron"});
    BOOST_CHECK_MESSAGE(second.code == 0, "exit " << second.code << ": " << second.err);
    BOOST_TEST(fake.stat("requests") == after_first);
    BOOST_TEST(jobs_of(world) == std::vector<std::string>{"smart done cron"},
               boost::test_tools::per_element());

    expect_same(fake.truth(), database_truth(world.database_path()));
}

BOOST_AUTO_TEST_CASE(status_shows_the_running_job_then_the_last) {
    FakeRd fake({.library = 300, .latency = "40-60"});
    SyncWorld world(fake);
    const SyncOutcome idle = world.run({"status"});
    BOOST_TEST(idle.code == 0, idle.err);
    BOOST_TEST(idle.out == "current: none\nlast: none\n");

    const pid_t pid = world.start({"fast"}, "running");
    std::string seen;
    const bool caught = eventually(std::chrono::seconds(20), [&] {
        seen = world.run({"status"}).out;
        return seen.find("(details ") != std::string::npos;
    });
    BOOST_TEST(caught, seen);
    // "current: job 1 fast running (details 40/300), 49 requests, 0 retries, 0 x429,
    //  about 1s left started 2026-..."
    BOOST_TEST(seen.starts_with("current: job "), seen);
    BOOST_TEST(seen.find(" fast running (details ") != std::string::npos, seen);
    BOOST_TEST(seen.find(" requests, 0 retries, 0 x429") != std::string::npos, seen);
    BOOST_TEST(seen.find("s left") != std::string::npos, seen);
    BOOST_TEST(seen.find("\nlast: none\n") != std::string::npos, seen);
    const std::optional<int> code = wait_process(pid, std::chrono::seconds(60));
    BOOST_TEST((code && *code == 0));

    const SyncOutcome after = world.run({"status"});
    BOOST_TEST(after.out.starts_with("current: none\nlast: job "), after.out);
    BOOST_TEST(after.out.find(" fast done (done 1/1) finished ") != std::string::npos, after.out);
    BOOST_TEST(after.out.find("300 torrents listed, 300 detailed") != std::string::npos, after.out);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
