// Repairing and restoring torrents, against fake-rd's action state machine: the safe
// order (add → same files → downloaded with links → only then delete the old one),
// "not cached" keeps the old torrent, 509s and 451s, and SIGKILL at any instant of a
// bulk repair: afterwards every hash is on RD exactly once, nothing is lost.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "fake_rd.h"

namespace redriva::e2e {

namespace {

// Downloaded torrents with details and links, newest first: what a repair can act on.
std::vector<std::string> repairable(TruthDb& db, int n) {
    return db.column(
        "SELECT t.id FROM torrents t JOIN torrent_details d ON d.id = t.id "
        "WHERE t.status = 'downloaded' AND t.links != '[]' "
        "AND (SELECT count(*) FROM torrent_files f WHERE f.torrent_id = t.id AND f.selected) > 0 "
        "ORDER BY t.added_on DESC, t.id LIMIT ?",
        {std::to_string(n)});
}

std::vector<std::string> args(const std::string& command, const std::vector<std::string>& ids) {
    std::vector<std::string> out{command};
    out.insert(out.end(), ids.begin(), ids.end());
    return out;
}

// The fake's torrents by hash: every hash must be there exactly once.
std::map<std::string, int> copies_by_hash(const FakeRd& fake) {
    std::map<std::string, int> copies;
    const Truth truth = fake.truth(false);
    for (const auto& [id, t] : truth) {
        // The last " hash=": a name may hold the words, the fields after it cannot.
        const auto at = t.list.rfind(" hash=");
        copies[t.list.substr(at + 6, 40)]++;
    }
    return copies;
}

std::string hash_of(TruthDb& db, const std::string& id) {
    return db.column("SELECT hash FROM torrents WHERE id = ?", {id}).at(0);
}

std::vector<std::string> selected_paths(TruthDb& db, const std::string& id) {
    return db.column(
        "SELECT path FROM torrent_files WHERE torrent_id = ? AND selected = 1 "
        "ORDER BY path",
        {id});
}

std::int64_t last_job(TruthDb& db, const std::string& kind) {
    return db.integer("SELECT max(id) FROM jobs WHERE kind = ?", {kind});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(actions_repair)

BOOST_AUTO_TEST_CASE(a_cached_torrent_is_replaced_and_an_uncached_one_kept) {
    FakeRd fake({.library = 60});
    SyncWorld world(fake);
    BOOST_REQUIRE(world.run({"fast"}).code == 0);
    TruthDb db(world.database_path());
    const auto ids = repairable(db, 2);
    BOOST_REQUIRE(ids.size() == 2u);
    const std::string cached = ids[0], uncached = ids[1];
    const std::string cached_hash = hash_of(db, cached), uncached_hash = hash_of(db, uncached);
    const auto paths = selected_paths(db, cached);
    // Magnets take a moment to convert, as on RD; the second hash is not cached.
    fake.rules("conversion_ms=300&uncached=" + uncached_hash);
    fake.reset_log();

    const SyncOutcome out = world.run(args("repair", ids));
    BOOST_TEST(out.code == 5, outcome_text(out));  // one item skipped: not cached
    const std::int64_t job = last_job(db, "repair");
    const auto items = db.rows(
        "SELECT torrent_id, state, new_id, reason FROM job_items WHERE job_id = ? "
        "ORDER BY seq",
        {std::to_string(job)});
    BOOST_REQUIRE(items.size() == 2u);
    BOOST_TEST(*items[0][1] == "done");
    BOOST_TEST(*items[1][1] == "skipped");
    BOOST_TEST(items[1][3]->find("not cached") != std::string::npos, *items[1][3]);

    // The cached one: the old id is gone, the new one holds the same hash and files.
    const std::string new_id = *items[0][2];
    const auto on_rd = fake.list_ids();
    BOOST_TEST(std::count(on_rd.begin(), on_rd.end(), cached) == 0);
    BOOST_TEST(std::count(on_rd.begin(), on_rd.end(), new_id) == 1);
    BOOST_TEST(db.integer("SELECT count(*) FROM torrents WHERE id = ?", {cached}) == 0);
    BOOST_TEST(hash_of(db, new_id) == cached_hash);
    BOOST_TEST(selected_paths(db, new_id) == paths);
    // The uncached one: the old torrent stays, the new copy was removed.
    BOOST_TEST(std::count(on_rd.begin(), on_rd.end(), uncached) == 1);
    BOOST_TEST(db.integer("SELECT count(*) FROM torrents WHERE id = ?", {uncached}) == 1);
    for (const auto& [hash, n] : copies_by_hash(fake)) BOOST_TEST(n == 1, hash);
    // The old torrent of a repair is not in the trash (it was replaced, not deleted).
    BOOST_TEST(db.integer("SELECT count(*) FROM trash") == 0);
    // The order: the old one was deleted only after the new one said "downloaded".
    const auto paths_log = fake.logged_paths();
    const auto deleted_old =
        std::find(paths_log.begin(), paths_log.end(), "/rest/1.0/torrents/delete/" + cached);
    const auto verified =
        std::find(paths_log.begin(), paths_log.end(), "/rest/1.0/torrents/info/" + new_id);
    BOOST_TEST((verified < deleted_old));
    BOOST_TEST_MESSAGE("repair of 2: " << paths_log.size() << " requests");
    BOOST_TEST(paths_log.size() <= 14u);

    // A sync afterwards agrees.
    BOOST_REQUIRE(world.run({"smart"}).code == 0);
    std::vector<std::string> local = db.column("SELECT id FROM torrents ORDER BY id");
    std::vector<std::string> remote = fake.list_ids();
    std::sort(remote.begin(), remote.end());
    BOOST_TEST(local == remote);
}

BOOST_AUTO_TEST_CASE(slots_full_and_infringing_names_are_reported_not_guessed) {
    FakeRd fake({.library = 40});
    SyncWorld world(fake);
    BOOST_REQUIRE(world.run({"fast"}).code == 0);
    TruthDb db(world.database_path());
    const auto ids = repairable(db, 2);
    BOOST_REQUIRE(ids.size() == 2u);
    // The first one's name is refused; no slot is free (509 on every add) for a while.
    const std::string refused_name =
        db.column("SELECT filename FROM torrents WHERE id = ?", {ids[0]}).at(0);
    fake.rules("infringing=" + url_encode(refused_name.substr(0, 12)) + "&slots=0");
    const pid_t pid = world.start(args("repair", ids), "slots");
    std::this_thread::sleep_for(std::chrono::seconds(3));
    // Nothing was deleted while the slots were full.
    BOOST_TEST(fake.list_ids().size() == 40u);
    fake.rules("slots=10");
    const auto code = wait_process(pid, std::chrono::seconds(120));
    BOOST_TEST(code.value_or(-1) == 5);
    const std::int64_t job = last_job(db, "repair");
    const auto reasons =
        db.column("SELECT state || ': ' || reason FROM job_items WHERE job_id = ? ORDER BY seq",
                  {std::to_string(job)});
    BOOST_REQUIRE(reasons.size() == 2u);
    BOOST_TEST(reasons[0].find("failed: Real-Debrid refuses this torrent (451") == 0u, reasons[0]);
    BOOST_TEST(reasons[1] == "done: ", reasons[1]);
    const auto on_rd = fake.list_ids();
    BOOST_TEST(std::count(on_rd.begin(), on_rd.end(), ids[0]) == 1);
    for (const auto& [hash, n] : copies_by_hash(fake)) BOOST_TEST(n == 1, hash);
}

BOOST_AUTO_TEST_CASE(sigkill_at_any_instant_of_a_bulk_repair_loses_nothing) {
    // 30 ms a request, magnets converting for 200 ms, 20 torrents (5 not cached):
    // killed at 20 instants, each time taken over by the next runner.
    FakeRd fake({.library = 80, .latency = "20-40"});
    SyncWorld world(fake);
    BOOST_REQUIRE(world.run({"fast"}, {}, std::chrono::seconds(120)).code == 0);
    TruthDb db(world.database_path());
    const auto ids = repairable(db, 20);
    BOOST_REQUIRE(ids.size() == 20u);
    std::string uncached;
    for (int i = 0; i < 5; ++i)
        uncached += (i ? "," : "") + hash_of(db, ids[static_cast<std::size_t>(i)]);
    fake.rules("conversion_ms=200&uncached=" + uncached);
    const auto hashes_before = copies_by_hash(fake);

    pid_t pid = world.start(args("repair", ids), "kill-0");
    BOOST_REQUIRE(eventually(std::chrono::seconds(10), [&] {
        return db.integer("SELECT count(*) FROM jobs WHERE kind = 'repair'") == 1;
    }));
    std::mt19937 rng(7);
    for (int round = 1; round <= 20; ++round) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100 + rng() % 250));
        kill_process(pid);
        pid = world.start({"actions"}, "kill-" + std::to_string(round));
    }
    BOOST_REQUIRE(wait_process(pid, std::chrono::seconds(180)).has_value());
    BOOST_REQUIRE(world.run({"actions"}, {}, std::chrono::seconds(180)).code == 0);

    const std::int64_t job = last_job(db, "repair");
    BOOST_TEST(db.column("SELECT state FROM jobs WHERE id = ?", {std::to_string(job)}) ==
               std::vector<std::string>{"done"});
    BOOST_TEST(db.integer("SELECT count(*) FROM job_items WHERE job_id = ? AND state IN "
                          "('pending','running')",
                          {std::to_string(job)}) == 0);
    // Every hash on RD exactly once: none lost, none doubled.
    const auto hashes_after = copies_by_hash(fake);
    BOOST_TEST(hashes_after.size() == hashes_before.size());
    for (const auto& [hash, n] : hashes_after) BOOST_TEST(n == 1, hash);
    // The uncached five kept their old torrent; the others were replaced.
    const auto on_rd = fake.list_ids();
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const bool kept = std::count(on_rd.begin(), on_rd.end(), ids[i]) == 1;
        BOOST_TEST(kept == (i < 5), ids[i]);
    }
    BOOST_TEST(db.integer("SELECT count(*) FROM job_items WHERE job_id = ? AND state = 'done'",
                          {std::to_string(job)}) == 15);
    // The library agrees with RD after a sync.
    BOOST_REQUIRE(world.run({"smart"}, {}, std::chrono::seconds(120)).code == 0);
    std::vector<std::string> remote = fake.list_ids();
    std::sort(remote.begin(), remote.end());
    BOOST_TEST(db.column("SELECT id FROM torrents ORDER BY id") == remote);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
