// The action jobs' queue: conflicts on a torrent, interactive jobs first, cancel,
// resuming a dead runner's job, and the migration that gave syncs and actions one
// job table.
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "db/action_queue.h"
#include "db/job_queue.h"
#include "db/library_edits.h"
#include "db/schema.h"
#include "temp_database.h"

using namespace redriva;

namespace redriva {
// Boost.Test prints the values of a failed check: the states by their names.
std::ostream& operator<<(std::ostream& out, JobState state) {
    return out << job_state_name(state);
}
std::ostream& operator<<(std::ostream& out, ItemState state) {
    return out << item_state_name(state);
}
}  // namespace redriva

namespace {

db::HistoryFilter page_of(int page, int page_size) {
    db::HistoryFilter f;
    f.page = page;
    f.page_size = page_size;
    return f;
}

db::NewItem item(const std::string& id) {
    db::NewItem i;
    i.torrent_id = id;
    i.hash = std::string(40, 'a');
    i.filename = "name of " + id;
    i.bytes = 1000;
    i.files = {"/a.mkv", "/b.mkv"};
    return i;
}

struct ActionFixture {
    test::TempDatabasePath tmp;
    db::Database database = db::open_database(tmp.path());
    db::ActionQueue queue{database};

    std::int64_t count(const std::string& sql) {
        auto stmt = database.prepare(sql);
        auto use = stmt.use();
        return use.step() ? use.int64(0) : -1;
    }

    db::ActionJob queued(std::vector<std::string> ids, bool interactive = false) {
        std::vector<db::NewItem> items;
        for (const auto& id : ids) items.push_back(item(id));
        auto result = queue.enqueue(ActionKind::kDelete, "api", "{}", items, interactive);
        BOOST_REQUIRE(result.accepted);
        return result.job;
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(action_queue, ActionFixture)

BOOST_AUTO_TEST_CASE(a_job_keeps_what_its_items_were) {
    const auto job = queued({"AAAAAAAAAAAA1", "AAAAAAAAAAAA2"});
    BOOST_TEST(job.id > 0);
    BOOST_TEST(job.state == JobState::kQueued);
    BOOST_TEST(job.counts.total == 2);
    const auto items = queue.items(job.id);
    BOOST_REQUIRE(items.size() == 2u);
    BOOST_TEST(items[0].seq == 1);
    BOOST_TEST(items[0].torrent_id == "AAAAAAAAAAAA1");
    BOOST_TEST(items[0].filename == "name of AAAAAAAAAAAA1");
    BOOST_TEST(items[0].files == (std::vector<std::string>{"/a.mkv", "/b.mkv"}));
    BOOST_TEST(items[0].state == ItemState::kPending);
    // Syncs do not see action jobs: the sync queue's "active" is a sync only.
    db::JobQueue syncs(database);
    BOOST_TEST(!syncs.active().has_value());
    BOOST_TEST(syncs.enqueue("smart", "web").accepted);
    BOOST_TEST(!syncs.get(job.id).has_value());
    BOOST_TEST(!queue.get(syncs.active()->id).has_value());
}

BOOST_AUTO_TEST_CASE(a_torrent_an_unfinished_job_acts_on_is_a_conflict) {
    const auto first = queued({"AAAAAAAAAAAA1", "AAAAAAAAAAAA2"});
    auto second = queue.enqueue(ActionKind::kDelete, "api", "{}",
                                {item("AAAAAAAAAAAA3"), item("AAAAAAAAAAAA2")}, false);
    BOOST_TEST(!second.accepted);
    BOOST_TEST(second.job.id == first.id);
    BOOST_TEST(second.busy == std::vector<std::string>{"AAAAAAAAAAAA2"});
    BOOST_TEST(count("SELECT count(*) FROM jobs") == 1);  // nothing written
    // Other torrents queue beside it.
    BOOST_TEST(
        queue.enqueue(ActionKind::kDelete, "api", "{}", {item("AAAAAAAAAAAA3")}, true).accepted);
    // Once the first job ended, its torrents are free again.
    queue.finish(first.id, JobState::kDone, "done");
    BOOST_TEST(
        queue.enqueue(ActionKind::kDelete, "api", "{}", {item("AAAAAAAAAAAA2")}, true).accepted);
}

BOOST_AUTO_TEST_CASE(interactive_jobs_are_claimed_first) {
    const auto bulk = queued({"AAAAAAAAAAAA1", "AAAAAAAAAAAA2"});
    const auto click = queued({"AAAAAAAAAAAA3"}, true);
    BOOST_TEST(queue.claim_next(1, /*interactive_only=*/true).has_value());
    // That claimed the click; the bulk job is left for a full claim.
    BOOST_TEST(queue.get(click.id)->state == JobState::kRunning);
    BOOST_TEST(!queue.claim_next(1, true).has_value());
    const auto next = queue.claim_next(1, false);
    BOOST_REQUIRE(next.has_value());
    BOOST_TEST(next->id == bulk.id);
    BOOST_TEST(next->runs == 1);
}

BOOST_AUTO_TEST_CASE(cancel_skips_what_has_not_started) {
    const auto waiting = queued({"AAAAAAAAAAAA1", "AAAAAAAAAAAA2"});
    BOOST_TEST((queue.cancel(waiting.id) == db::ActionQueue::CancelOutcome::kCancelled));
    auto job = queue.get(waiting.id);
    BOOST_TEST(job->state == JobState::kCancelled);
    BOOST_TEST(job->counts.skipped == 2);
    BOOST_TEST((queue.cancel(waiting.id) == db::ActionQueue::CancelOutcome::kAlreadyFinished));
    BOOST_TEST((queue.cancel(9999) == db::ActionQueue::CancelOutcome::kNotFound));

    const auto running = queued({"AAAAAAAAAAAA3"});
    BOOST_REQUIRE(queue.claim_next(1, false).has_value());
    BOOST_TEST((queue.cancel(running.id) == db::ActionQueue::CancelOutcome::kRequested));
    BOOST_TEST(queue.cancel_requested(running.id));
    BOOST_TEST(queue.get(running.id)->state == JobState::kRunning);  // its runner decides
}

BOOST_AUTO_TEST_CASE(a_dead_runners_job_is_resumed_then_given_up_if_it_never_moves) {
    const auto job = queued({"AAAAAAAAAAAA1"});
    for (int run = 1; run < db::ActionQueue::kMaxRuns; ++run) {
        BOOST_REQUIRE(queue.claim_next(100 + run, false).has_value());
        BOOST_TEST(queue.requeue_abandoned() == 1);
        BOOST_TEST(queue.get(job.id)->state == JobState::kQueued);
        if (run == 3) queue.note_progress(job.id);  // an item ended: the count restarts
    }
    for (int run = 0; run < 3; ++run) {
        BOOST_REQUIRE(queue.claim_next(200 + run, false).has_value());
        queue.requeue_abandoned();
    }
    const auto given_up = queue.get(job.id);
    BOOST_TEST(given_up->state == JobState::kFailed);
    BOOST_TEST(given_up->counts.skipped == 1);
    BOOST_TEST(queue.items(job.id)[0].reason.find("without finishing an item") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(history_filters_and_pages) {
    for (int i = 0; i < 5; ++i) queued({"AAAAAAAAAAA" + std::to_string(10 + i)});
    queue.finish(1, JobState::kDone, "ok");
    db::HistoryFilter all;
    BOOST_TEST(queue.history_count(all) == 5);
    const auto newest = queue.history(page_of(1, 2));
    BOOST_REQUIRE(newest.size() == 2u);
    BOOST_TEST(newest[0].id == 5);
    BOOST_TEST(queue.history(page_of(3, 2)).size() == 1u);
    db::HistoryFilter done;
    done.state = JobState::kDone;
    BOOST_TEST(queue.history_count(done) == 1);
    db::HistoryFilter repairs;
    repairs.kind = ActionKind::kRepair;
    BOOST_TEST(queue.history_count(repairs) == 0);
}

BOOST_AUTO_TEST_CASE(a_deleted_torrent_leaves_a_tombstone_and_a_trash_entry) {
    database.exec(
        "INSERT INTO torrents(id, filename, status, added_on, hash) VALUES "
        "('AAAAAAAAAAAA1', 'x', 'downloaded', '2025-01-01T00:00:00.000Z', '" +
        std::string(40, 'a') + "')");
    const auto job = queued({"AAAAAAAAAAAA1"});
    auto items = queue.items(job.id);
    db::LibraryEdits edits(database);
    {
        db::WriteTransaction tx(database);
        edits.record_deleted(items[0], true);
        tx.commit();
    }
    BOOST_TEST(count("SELECT count(*) FROM torrents") == 0);
    BOOST_TEST(edits.deleted_ids().contains("AAAAAAAAAAAA1"));
    BOOST_TEST(edits.trash_count() == 1);
    const auto entry = edits.trash_entry(std::string(40, 'a'));
    BOOST_REQUIRE(entry.has_value());
    BOOST_TEST(entry->files == (std::vector<std::string>{"/a.mkv", "/b.mkv"}));
    BOOST_TEST(*entry->job_id == job.id);
    BOOST_TEST(edits.forget_trash(std::string(40, 'a')));
    BOOST_TEST(!edits.forget_trash(std::string(40, 'a')));
    edits.prune_deleted("9999");
    BOOST_TEST(edits.deleted_ids().empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(schema_migration)

BOOST_AUTO_TEST_CASE(version_1_jobs_and_events_move_to_the_shared_table) {
    test::TempDatabasePath tmp;
    {
        db::Database v1(tmp.path());
        v1.exec("PRAGMA journal_mode=WAL");
        // The first migration only, as a released database holds it.
        db::migrate_to(v1, 1);
        v1.exec(
            "INSERT INTO sync_jobs(id, type, state, source, created_at, result) VALUES "
            "(7, 'fast', 'done', 'cron', '2025-01-01T00:00:00.000Z', '3 torrents listed');"
            "INSERT INTO sync_events(job_id, at, level, message) VALUES "
            "(7, '2025-01-01T00:00:01.000Z', 'info', 'Listed 3 torrents')");
    }
    db::Database db = db::open_database(tmp.path());
    db::JobQueue syncs(db);
    const auto job = syncs.get(7);
    BOOST_REQUIRE(job.has_value());
    BOOST_TEST(job->type == "fast");
    BOOST_TEST(job->result == "3 torrents listed");
    const auto events = syncs.latest_events(10);
    BOOST_REQUIRE(events.size() == 1u);
    BOOST_TEST(*events[0].job_id == 7);
    // New jobs continue the ids.
    BOOST_TEST(syncs.enqueue("smart", "web").job.id == 8);
}

BOOST_AUTO_TEST_SUITE_END()
