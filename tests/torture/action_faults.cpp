// The action lane against a Real-Debrid that misbehaves: a storm of 509s (download
// slots full) through a bulk repair of 200, a storm of 429s through a bulk delete,
// and the runner SIGKILLed through both. Afterwards every hash is on RD exactly
// once (or in the trash, for a delete), nothing was deleted that was not replaced,
// no job is left running, and the library agrees with RD after a sync.
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <map>
#include <random>
#include <thread>

#include "fake_rd.h"
#include "load.h"
#include "table.h"

namespace redriva::torture {

namespace {

using namespace e2e;

// A minute compressed to two seconds: the runner's waits after a 509 or a 429
// shrink with it (30 s → 1 s), as the sync's window does.
const EnvVars kCompressed = {{"REDRIVA_RD_WINDOW_MS", "2000"}, {"REDRIVA_RD_RATE", "400"}};

std::map<std::string, int> copies_by_hash(const FakeRd& fake) {
    std::map<std::string, int> copies;
    for (const auto& [id, t] : fake.truth(false)) {
        const auto at = t.list.rfind(" hash=");
        copies[t.list.substr(at + 6, 40)]++;
    }
    return copies;
}

std::vector<std::string> newest_downloaded(TruthDb& db, int n) {
    return db.column(
        "SELECT t.id FROM torrents t WHERE t.status = 'downloaded' AND t.links != '[]' AND "
        "(SELECT count(*) FROM torrent_files f WHERE f.torrent_id = t.id AND f.selected) > 0 "
        "ORDER BY t.added_on DESC, t.id LIMIT ?",
        {std::to_string(n)});
}

std::vector<std::string> with(const std::string& command, const std::vector<std::string>& ids) {
    std::vector<std::string> out{command};
    out.insert(out.end(), ids.begin(), ids.end());
    return out;
}

// The rule that leaves ten download slots free above those the library already holds
// (RD's activeCount: a generated library of a few hundred torrents runs dozens, and a
// limit of 10 would shut every add).
std::string ten_free_slots(const FakeRd& fake) {
    int active = 0;
    for (const auto& [id, t] : fake.truth(false))
        for (const char* s :
             {"downloading", "queued", "compressing", "uploading", "magnet_conversion"})
            if (t.status == s) ++active;
    return "slots=" + std::to_string(active + 10);
}

// Slots closed for `closed_ms`, open (`open_rule`) for `open_ms`, until stopped: every
// add and every selection in the closed spans answers 509.
class SlotStorm {
public:
    SlotStorm(const FakeRd& fake, std::string open_rule, int closed_ms, int open_ms)
        : open_(std::move(open_rule)), thread_([this, &fake, closed_ms, open_ms] {
              while (!stop_) {
                  fake.rules("slots=0");
                  sleep(closed_ms);
                  fake.rules(open_);
                  sleep(open_ms);
              }
          }) {}
    ~SlotStorm() {
        stop_ = true;
        thread_.join();
    }

private:
    void sleep(int ms) {
        for (int waited = 0; waited < ms && !stop_; waited += 50)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::string open_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

std::int64_t job_count(TruthDb& db, const std::string& sql, std::int64_t job) {
    return db.integer(sql, {std::to_string(job)});
}

// The checks every row ends with: no item or job left unfinished, the library as RD
// has it after a smart sync.
bool settled(const FakeRd& fake, const SyncWorld& world, TruthDb& db) {
    bool ok = db.integer("SELECT count(*) FROM jobs WHERE state IN ('queued','running')") == 0;
    ok = ok &&
         db.integer("SELECT count(*) FROM job_items WHERE state IN ('pending','running')") == 0;
    BOOST_TEST(ok, "a job or an item was left unfinished");
    const SyncOutcome smart = world.run({"smart"}, {}, std::chrono::seconds(180));
    BOOST_TEST(smart.code == 0, outcome_text(smart));
    std::vector<std::string> remote = fake.list_ids();
    std::sort(remote.begin(), remote.end());
    const bool same = db.column("SELECT id FROM torrents ORDER BY id") == remote;
    BOOST_TEST(same, "the library differs from RD after a sync");
    return ok && smart.code == 0 && same;
}

// A bulk repair of `count` (a fifth not cached) through a 509 storm, the runner
// killed `kills` times: returns whether everything held, and fills the row.
bool repair_through_509s(int count, int kills, Row& row) {
    FakeRd fake({.library = count + 60, .latency = "5-15"});
    SyncWorld world(fake);
    BOOST_REQUIRE(world.run({"fast"}, {}, std::chrono::seconds(180)).code == 0);
    TruthDb db(world.database_path());
    const auto ids = newest_downloaded(db, count);
    BOOST_REQUIRE(static_cast<int>(ids.size()) == count);
    std::string uncached;
    const int not_cached = count / 5;
    for (int i = 0; i < not_cached; ++i)
        uncached += (i ? "," : "") + db.column("SELECT hash FROM torrents WHERE id = ?",
                                               {ids[static_cast<std::size_t>(i)]})
                                         .at(0);
    fake.rules("conversion_ms=100&uncached=" + uncached);
    const auto before = copies_by_hash(fake);
    const std::string open_slots = ten_free_slots(fake);
    fake.reset_log();

    int killed = 0;
    {
        SlotStorm storm(fake, open_slots, 1500, 1000);
        pid_t pid = world.start(with("repair", ids), "repair-0", kCompressed);
        std::mt19937 rng(2026);
        for (int round = 1; round <= kills; ++round) {
            std::this_thread::sleep_for(std::chrono::milliseconds(300 + rng() % 900));
            if (wait_process(pid, std::chrono::milliseconds(0))) break;  // already done
            kill_process(pid);
            ++killed;
            pid = world.start({"actions"}, "repair-" + std::to_string(round), kCompressed);
        }
        BOOST_REQUIRE(wait_process(pid, std::chrono::seconds(400)).has_value());
    }
    fake.rules(open_slots);
    BOOST_REQUIRE(world.run({"actions"}, kCompressed, std::chrono::seconds(300)).code == 0);
    const std::int64_t job = db.integer("SELECT max(id) FROM jobs WHERE kind = 'repair'");
    const std::int64_t done =
        job_count(db, "SELECT count(*) FROM job_items WHERE job_id = ? AND state = 'done'", job);
    const std::int64_t kept = job_count(
        db,
        "SELECT count(*) FROM job_items WHERE job_id = ? AND state = 'skipped' AND reason LIKE "
        "'not cached%'",
        job);
    const std::int64_t failed =
        job_count(db, "SELECT count(*) FROM job_items WHERE job_id = ? AND state = 'failed'", job);
    // Every hash on RD exactly once: nothing lost, nothing doubled; an old torrent
    // is gone only where its item says it was replaced.
    const auto after = copies_by_hash(fake);
    bool once = after.size() == before.size();
    for (const auto& [hash, n] : after) once = once && n == 1;
    BOOST_TEST(once, "a hash is missing or held twice");
    const auto on_rd = fake.list_ids();
    int wrongly_gone = 0;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const bool present = std::count(on_rd.begin(), on_rd.end(), ids[i]) == 1;
        const auto state =
            db.column("SELECT state FROM job_items WHERE job_id = ? AND torrent_id = ?",
                      {std::to_string(job), ids[i]});
        if (!present && state.at(0) != "done") ++wrongly_gone;
    }
    BOOST_TEST(wrongly_gone == 0);
    BOOST_TEST(done + kept + failed == count);
    BOOST_TEST(kept == not_cached);
    const std::int64_t storms = fake.stat("slots_full");
    BOOST_TEST(storms > 0);
    const bool ok = settled(fake, world, db) && once && wrongly_gone == 0 && kept == not_cached &&
                    done == count - not_cached && storms > 0;
    row.load =
        "repair of " + std::to_string(count) + " (" + std::to_string(not_cached) + " not cached)";
    row.faults = thousands(storms) + " x 509" +
                 (kills ? ", " + std::to_string(killed) + " SIGKILLs" : std::string());
    row.check = std::to_string(done) + " replaced, " + std::to_string(kept) +
                " kept (not cached), " + std::to_string(failed) +
                " failed; every hash once, none deleted unreplaced, library = RD";
    row.ok = ok;
    return ok;
}

bool delete_through_429s(int count, int kills, Row& row) {
    // RD allows 20 requests per 2 s; the runner believes it may send 60.
    FakeRd fake({.library = count + 50, .rate = 20, .window_ms = 2000});
    SyncWorld world(fake);
    BOOST_REQUIRE(world
                      .run({"fast"}, {{"REDRIVA_RD_WINDOW_MS", "2000"}, {"REDRIVA_RD_RATE", "20"}},
                           std::chrono::seconds(400))
                      .code == 0);
    TruthDb db(world.database_path());
    const auto ids = db.column("SELECT id FROM torrents ORDER BY added_on DESC, id LIMIT ?",
                               {std::to_string(count)});
    BOOST_REQUIRE(static_cast<int>(ids.size()) == count);
    const auto before = copies_by_hash(fake);
    fake.reset_log();
    const EnvVars env = {{"REDRIVA_RD_WINDOW_MS", "2000"}, {"REDRIVA_RD_RATE", "60"}};
    int killed = 0;
    pid_t pid = world.start(with("delete", ids), "delete-0", env);
    std::mt19937 rng(1202);
    for (int round = 1; round <= kills; ++round) {
        std::this_thread::sleep_for(std::chrono::milliseconds(400 + rng() % 1200));
        if (wait_process(pid, std::chrono::milliseconds(0))) break;
        kill_process(pid);
        ++killed;
        pid = world.start({"actions"}, "delete-" + std::to_string(round), env);
    }
    BOOST_REQUIRE(wait_process(pid, std::chrono::seconds(400)).has_value());
    BOOST_REQUIRE(world.run({"actions"}, env, std::chrono::seconds(300)).code == 0);
    const std::int64_t job = db.integer("SELECT max(id) FROM jobs WHERE kind = 'delete'");
    const std::int64_t done =
        job_count(db, "SELECT count(*) FROM job_items WHERE job_id = ? AND state = 'done'", job);
    // Each deleted torrent is gone from RD and in the trash once; the others stay.
    const auto after = copies_by_hash(fake);
    const std::int64_t trashed = db.integer("SELECT count(DISTINCT hash) FROM trash");
    const bool accounted = static_cast<std::int64_t>(after.size()) + trashed ==
                           static_cast<std::int64_t>(before.size());
    BOOST_TEST(accounted, after.size()
                              << " on RD + " << trashed << " in the trash != " << before.size());
    const std::int64_t refused = fake.stat("too_many_requests");
    BOOST_TEST(refused > 0);
    BOOST_TEST(done == count);
    const bool ok = settled(fake, world, db) && accounted && done == count && refused > 0;
    row.load = "delete of " + std::to_string(count);
    row.faults = thousands(refused) + " x 429 (RD 20/2 s, runner 60/2 s)" +
                 (kills ? ", " + std::to_string(killed) + " SIGKILLs" : std::string());
    row.check = std::to_string(done) + " deleted, each in the trash once; library = RD";
    row.ok = ok;
    return ok;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(action_faults)

BOOST_AUTO_TEST_CASE(a_509_storm_through_a_bulk_repair) {
    Row row{"509 storm (slots shut 1.5 s of every 2.5 s)", "", "", "-", "", false};
    repair_through_509s(quick() ? 40 : 200, 0, row);
    record(row);
}

BOOST_AUTO_TEST_CASE(a_429_storm_through_a_bulk_delete) {
    Row row{"429 storm through a bulk delete", "", "", "-", "", false};
    delete_through_429s(quick() ? 60 : 300, 0, row);
    record(row);
}

BOOST_AUTO_TEST_CASE(the_runner_killed_through_both) {
    const int kills = quick() ? 4 : 10;
    Row repair{
        "SIGKILL x" + std::to_string(kills) + " during the 509 storm", "", "", "-", "", false};
    repair_through_509s(quick() ? 30 : 100, kills, repair);
    record(repair);
    Row del{"SIGKILL x" + std::to_string(kills) + " during the 429 storm", "", "", "-", "", false};
    delete_through_429s(quick() ? 60 : 200, kills, del);
    record(del);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::torture
