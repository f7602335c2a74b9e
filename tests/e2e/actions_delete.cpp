// Deleting torrents, against fake-rd: the CLI and the API queue a job that
// redriva-sync's action lane runs; a torrent leaves the library only once RD has
// confirmed, goes to the trash, and never comes back with a sync whose listing was
// taken before. Faults (503s, resets, 429s) never delete anything on doubt, SIGKILL
// at any instant loses nothing, and a sync running beside the deletes shares RD's
// budget with them.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "fake_rd.h"

namespace redriva::e2e {

namespace {

// The first `n` ids of the local library, by added date.
std::vector<std::string> first_ids(TruthDb& db, int n) {
    return db.column("SELECT id FROM torrents ORDER BY added_on DESC, id LIMIT ?",
                     {std::to_string(n)});
}

std::set<std::string> as_set(const std::vector<std::string>& v) {
    return {v.begin(), v.end()};
}

std::vector<std::string> cli_args(const std::string& command, const std::vector<std::string>& ids) {
    std::vector<std::string> args{command};
    args.insert(args.end(), ids.begin(), ids.end());
    return args;
}

// After a delete job, whatever happened: every item that says done is gone from RD
// and from the library (and in the trash); every other one is still on RD and still
// in the library. Nothing is lost, nothing is deleted on doubt.
void expect_consistent(const FakeRd& fake, TruthDb& db, std::int64_t job) {
    const auto on_rd = as_set(fake.list_ids());
    const auto local = as_set(db.column("SELECT id FROM torrents"));
    const auto trashed =
        as_set(db.column("SELECT torrent_id FROM trash WHERE job_id = ?", {std::to_string(job)}));
    for (const auto& row : db.rows("SELECT torrent_id, state, reason FROM job_items WHERE "
                                   "job_id = ?",
                                   {std::to_string(job)})) {
        const std::string& id = *row[0];
        const std::string& state = *row[1];
        BOOST_TEST_CONTEXT("item " << id << " (" << state << ": " << row[2].value_or("") << ")") {
            if (state == "done") {
                BOOST_TEST(!on_rd.contains(id));
                BOOST_TEST(!local.contains(id));
                BOOST_TEST(trashed.contains(id));
            } else {
                BOOST_TEST(on_rd.contains(id));
                BOOST_TEST(local.contains(id));
                BOOST_TEST(!trashed.contains(id));
                BOOST_TEST(state != "running");
                BOOST_TEST(!row[2].value_or("").empty());  // a failed item says why
            }
        }
    }
    BOOST_TEST(db.integer("SELECT count(*) FROM jobs WHERE state IN ('queued','running')") == 0);
}

std::int64_t last_job(TruthDb& db) {
    return db.integer("SELECT max(id) FROM jobs WHERE kind = 'delete'");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(actions_delete)

BOOST_AUTO_TEST_CASE(the_cli_deletes_to_the_trash) {
    FakeRd fake({.library = 40});
    SyncWorld world(fake);
    BOOST_REQUIRE(world.run({"fast"}).code == 0);
    TruthDb db(world.database_path());
    const auto ids = first_ids(db, 3);
    const auto hashes = db.column("SELECT hash FROM torrents WHERE id IN (?, ?, ?) ORDER BY hash",
                                  {ids[0], ids[1], ids[2]});
    // The first one's selected files, as the trash must keep them.
    const auto files_before = db.column(
        "SELECT path FROM torrent_files WHERE torrent_id = ? AND selected = 1 "
        "ORDER BY file_id",
        {ids[0]});
    // One of them is already gone from RD (deleted on its site): 404 is success.
    fake.remove(ids[2]);
    fake.reset_log();

    const SyncOutcome out = world.run(cli_args("delete", ids));
    BOOST_TEST(out.code == 0, outcome_text(out));
    BOOST_TEST(
        out.err.find("delete done: delete: 3 done, 0 failed, 0 skipped") != std::string::npos,
        out.err);
    const std::int64_t job = last_job(db);
    BOOST_TEST(db.column("SELECT state FROM jobs WHERE id = ?", {std::to_string(job)}) ==
               std::vector<std::string>{"done"});
    BOOST_TEST(db.column("SELECT state FROM job_items WHERE job_id = ? ORDER BY seq",
                         {std::to_string(job)}) ==
               (std::vector<std::string>{"done", "done", "done"}));
    BOOST_TEST(db.column("SELECT reason FROM job_items WHERE torrent_id = ?", {ids[2]}) ==
               std::vector<std::string>{"already gone from Real-Debrid"});
    // One DELETE each, nothing else.
    const auto paths = fake.logged_paths();
    BOOST_TEST(paths.size() == 3u);
    for (const auto& id : ids)
        BOOST_TEST(std::count(paths.begin(), paths.end(), "/rest/1.0/torrents/delete/" + id) == 1);
    expect_consistent(fake, db, job);
    // The trash keeps what a restore needs: the hash and the selected files.
    BOOST_TEST(db.column("SELECT hash FROM trash ORDER BY hash") == hashes);
    BOOST_TEST(db.column("SELECT value FROM trash, json_each(trash.files) WHERE torrent_id = ?",
                         {ids[0]}) == files_before);

    // A sync afterwards agrees with RD, and the tombstones keep nothing back.
    BOOST_REQUIRE(world.run({"smart"}).code == 0);
    BOOST_TEST(as_set(db.column("SELECT id FROM torrents")) == as_set(fake.list_ids()));
}

BOOST_AUTO_TEST_CASE(the_cli_refuses_what_it_cannot_do) {
    FakeRd fake({.library = 10});
    SyncWorld world(fake);
    BOOST_REQUIRE(world.run({"torrents"}).code == 0);
    TruthDb db(world.database_path());
    const auto ids = first_ids(db, 1);
    SyncOutcome out = world.run({"delete", "NOTINLIBRARY1"});
    BOOST_TEST(out.code == 2);
    BOOST_TEST(out.err.find("not in the library: NOTINLIBRARY1") != std::string::npos, out.err);
    out = world.run({"delete"});
    BOOST_TEST(out.code == 2);
    out = world.run({"delete", ids[0], "--status", "dead"});
    BOOST_TEST(out.code == 2);
    out = world.run({"delete", "--status", "nonsense"});
    BOOST_TEST(out.code == 2);
    BOOST_TEST(db.integer("SELECT count(*) FROM jobs WHERE kind = 'delete'") == 0);
    BOOST_TEST(fake.list_ids().size() == 10u);
}

BOOST_AUTO_TEST_CASE(faults_never_delete_on_doubt) {
    // A third of the answers are 503s or resets (the reset may come after RD did the
    // delete: the retry then meets a 404, which is success).
    FakeRd fake({.library = 60, .fail_rate = 0.25, .reset_rate = 0.1});
    SyncWorld world(fake);
    BOOST_REQUIRE(world.run({"fast"}, {}, std::chrono::seconds(120)).code == 0);
    TruthDb db(world.database_path());
    const auto ids = first_ids(db, 25);
    const SyncOutcome out = world.run(cli_args("delete", ids), {}, std::chrono::seconds(300));
    BOOST_TEST((out.code == 0 || out.code == 5), outcome_text(out));
    expect_consistent(fake, db, last_job(db));
    BOOST_TEST(db.integer("SELECT count(*) FROM job_items WHERE state = 'done'") >= 20);
}

BOOST_AUTO_TEST_CASE(a_refused_token_fails_the_job_and_deletes_nothing) {
    FakeRd fake({.library = 10});
    SyncWorld world(fake);
    BOOST_REQUIRE(world.run({"torrents"}).code == 0);
    TruthDb db(world.database_path());
    const auto ids = first_ids(db, 2);
    const SyncOutcome out = world.run(cli_args("delete", ids), {{"RD_TOKEN", "wrong-token"}});
    BOOST_TEST(out.code == 3, outcome_text(out));
    BOOST_TEST(db.column("SELECT state FROM jobs WHERE kind = 'delete'") ==
               std::vector<std::string>{"failed"});
    BOOST_TEST(db.integer("SELECT count(*) FROM job_items WHERE state = 'skipped' AND reason LIKE "
                          "'%refused%'") == 2);
    BOOST_TEST(fake.list_ids().size() == 10u);
    BOOST_TEST(db.integer("SELECT count(*) FROM torrents") == 10);
}

BOOST_AUTO_TEST_CASE(sigkill_at_any_instant_loses_nothing) {
    // 100 ms a request: a bulk delete of 40 takes about 4 s; it is killed at 8
    // instants through it, and each time the next runner resumes the job.
    FakeRd fake({.library = 120, .latency = "80-120"});
    SyncWorld world(fake);
    BOOST_REQUIRE(world.run({"fast"}, {}, std::chrono::seconds(120)).code == 0);
    TruthDb db(world.database_path());
    const auto ids = first_ids(db, 40);
    fake.reset_log();
    pid_t pid = world.start(cli_args("delete", ids), "killed-0");
    BOOST_REQUIRE(eventually(std::chrono::seconds(10), [&] {
        return db.integer("SELECT count(*) FROM jobs WHERE kind = 'delete'") == 1;
    }));
    std::mt19937 rng(42);
    for (int round = 1; round <= 8; ++round) {
        std::this_thread::sleep_for(std::chrono::milliseconds(150 + rng() % 300));
        kill_process(pid);
        // The next runner takes the job over where its items stood.
        pid = world.start({"actions"}, "killed-" + std::to_string(round));
    }
    BOOST_REQUIRE(wait_process(pid, std::chrono::seconds(60)).has_value());
    // A last runner for whatever the last kill interrupted.
    BOOST_REQUIRE(world.run({"actions"}).code == 0);
    const std::int64_t job = last_job(db);
    expect_consistent(fake, db, job);
    BOOST_TEST(db.column("SELECT state FROM jobs WHERE id = ?", {std::to_string(job)}) ==
               std::vector<std::string>{"done"});
    BOOST_TEST(db.integer("SELECT count(*) FROM job_items WHERE job_id = ? AND state = 'done'",
                          {std::to_string(job)}) == 40);
    // Each torrent in the trash once, however many times its DELETE was sent.
    BOOST_TEST(db.integer("SELECT count(DISTINCT torrent_id) FROM trash") == 40);
    BOOST_TEST(db.integer("SELECT count(*) FROM trash") == 40);
    BOOST_TEST(fake.list_ids().size() == 80u);
}

BOOST_AUTO_TEST_CASE(a_sync_beside_a_bulk_delete_shares_the_budget_and_undoes_nothing) {
    constexpr int kRate = 60;
    constexpr std::int64_t kWindowMs = 4000;
    FakeRd fake({.library = 200, .rate = kRate, .window_ms = kWindowMs});
    SyncWorld world(fake);
    const EnvVars limit = {{"REDRIVA_RD_RATE", std::to_string(kRate)},
                           {"REDRIVA_RD_WINDOW_MS", std::to_string(kWindowMs)}};
    BOOST_REQUIRE(world.run({"torrents"}, limit).code == 0);
    TruthDb db(world.database_path());
    const auto ids = first_ids(db, 50);
    fake.reset_log();
    // A fast sync (1 list + 200 infos) and a bulk delete of 50, at once.
    const pid_t sync = world.start({"fast"}, "sync", limit);
    const pid_t del = world.start(cli_args("delete", ids), "delete", limit);
    const auto sync_code = wait_process(sync, std::chrono::seconds(120));
    const auto del_code = wait_process(del, std::chrono::seconds(120));
    BOOST_TEST(sync_code.value_or(-1) == 0);
    BOOST_TEST(del_code.value_or(-1) == 0);
    const rapidjson::Document stats = fake.stats();
    BOOST_TEST(stats["too_many_requests"].GetInt64() == 0);
    BOOST_TEST(stats["max_in_window"].GetInt64() <= kRate);
    expect_consistent(fake, db, last_job(db));
    // Whatever the sync listed before the deletes, none came back.
    for (const auto& id : ids)
        BOOST_TEST(db.integer("SELECT count(*) FROM torrents WHERE id = ?", {id}) == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
