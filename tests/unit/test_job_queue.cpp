#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "db/job_queue.h"
#include "db/schema.h"
#include "temp_database.h"

using namespace redriva;

namespace {

struct QueueFixture {
    test::TempDatabasePath tmp;
    db::Database database = db::open_database(tmp.path());
    db::JobQueue queue{database};

    void set_state(std::int64_t id, const std::string& state) {
        auto stmt = database.prepare("UPDATE jobs SET state = ?1, finished_at = ?2 WHERE id = ?3");
        auto use = stmt.use();
        use.bind(1, state).bind(2, "2025-07-29T10:00:00.000Z").bind(3, id);
        use.run();
    }

    std::int64_t count(const std::string& sql) {
        auto stmt = database.prepare(sql);
        auto use = stmt.use();
        return use.step() ? use.int64(0) : -1;
    }
};

std::vector<std::int64_t> ids_of(const std::vector<db::SyncEvent>& events) {
    std::vector<std::int64_t> out;
    for (const auto& e : events) out.push_back(e.id);
    return out;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(job_queue, QueueFixture)

BOOST_AUTO_TEST_CASE(sync_types) {
    for (const char* t : {"smart", "fast", "torrents", "errors"})
        BOOST_TEST(parse_sync_mode(t).has_value());
    for (const char* t : {"", "Smart", "full", "status", "smart "})
        BOOST_TEST(!parse_sync_mode(t).has_value());
}

BOOST_AUTO_TEST_CASE(enqueue_accepts_then_refuses_while_queued) {
    BOOST_TEST(!queue.active().has_value());
    db::EnqueueResult first = queue.enqueue("smart", "web");
    BOOST_TEST(first.accepted);
    BOOST_TEST(first.job.id > 0);
    BOOST_TEST(first.job.type == "smart");
    BOOST_TEST(job_state_name(first.job.state) == "queued");
    BOOST_TEST(first.job.source == "web");
    BOOST_TEST(first.job.created_at.size() == 24u);

    db::EnqueueResult second = queue.enqueue("fast", "api");
    BOOST_TEST(!second.accepted);
    BOOST_TEST(second.job.id == first.job.id);  // the job already queued
    BOOST_TEST(second.job.type == "smart");
    BOOST_TEST(job_state_name(second.job.state) == "queued");
    BOOST_TEST(count("SELECT count(*) FROM jobs") == 1);

    auto active = queue.active();
    BOOST_REQUIRE(active.has_value());
    BOOST_TEST(active->id == first.job.id);
    BOOST_TEST(active->done == 0);
    BOOST_TEST(!active->eta_seconds.has_value());
    BOOST_TEST(active->started_at == "");
}

BOOST_AUTO_TEST_CASE(refused_while_running_accepted_once_finished) {
    auto first = queue.enqueue("torrents", "cron");
    set_state(first.job.id, "running");
    auto refused = queue.enqueue("errors", "web");
    BOOST_TEST(!refused.accepted);
    BOOST_TEST(job_state_name(refused.job.state) == "running");
    BOOST_TEST(!queue.last_finished().has_value());

    set_state(first.job.id, "done");
    BOOST_TEST(!queue.active().has_value());
    auto last = queue.last_finished();
    BOOST_REQUIRE(last.has_value());
    BOOST_TEST(last->id == first.job.id);
    BOOST_TEST(last->finished_at == "2025-07-29T10:00:00.000Z");

    auto next = queue.enqueue("errors", "web");
    BOOST_TEST(next.accepted);
    BOOST_TEST(next.job.id > first.job.id);
    set_state(next.job.id, "failed");
    BOOST_TEST(queue.last_finished()->id == next.job.id);  // failed counts as finished
}

BOOST_AUTO_TEST_CASE(another_connection_sees_the_queued_job) {
    db::Database other = db::open_database(tmp.path());
    db::JobQueue other_queue(other);
    auto mine = queue.enqueue("smart", "web");
    BOOST_TEST(mine.accepted);
    auto theirs = other_queue.enqueue("fast", "web");
    BOOST_TEST(!theirs.accepted);
    BOOST_TEST(theirs.job.id == mine.job.id);
}

BOOST_AUTO_TEST_CASE(a_refused_type_leaves_nothing_behind) {
    BOOST_CHECK_THROW(queue.enqueue("bogus", "web"), std::invalid_argument);
    BOOST_TEST(!queue.active().has_value());
    BOOST_TEST(count("SELECT count(*) FROM jobs") == 0);
    BOOST_TEST(count("SELECT count(*) FROM job_events") == 0);
    // And the queue still works.
    BOOST_TEST(queue.enqueue("smart", "web").accepted);
}

BOOST_AUTO_TEST_CASE(enqueue_writes_an_event) {
    auto job = queue.enqueue("smart", "web");
    auto events = queue.latest_events(10);
    BOOST_REQUIRE(events.size() == 1u);
    BOOST_TEST(events[0].job_id.value_or(-1) == job.job.id);
    BOOST_TEST(events[0].level == "info");
    BOOST_TEST(events[0].message == "Queued a smart sync (from web)");
    BOOST_TEST(events[0].at.size() == 24u);
    // A refused enqueue writes none.
    queue.enqueue("fast", "web");
    BOOST_TEST(queue.latest_events(10).size() == 1u);
}

BOOST_AUTO_TEST_CASE(latest_events_are_the_newest_oldest_first) {
    std::vector<std::int64_t> all;
    for (int i = 0; i < 10; ++i) {
        queue.add_event(std::nullopt, i % 2 ? "warn" : "info", "line " + std::to_string(i));
        all.push_back(database.last_insert_rowid());
    }
    auto latest = queue.latest_events(3);
    BOOST_TEST((ids_of(latest) == std::vector<std::int64_t>(all.end() - 3, all.end())));
    BOOST_REQUIRE(latest.size() == 3u);
    BOOST_TEST(latest[0].message == "line 7");
    BOOST_TEST(latest[2].message == "line 9");
    BOOST_TEST(latest[2].level == "warn");
    BOOST_TEST(!latest[0].job_id.has_value());
    BOOST_TEST((ids_of(queue.latest_events(100)) == all));
    BOOST_TEST(queue.latest_events(0).empty());
}

BOOST_AUTO_TEST_CASE(events_after_pages_through_every_event) {
    auto job = queue.enqueue("smart", "web");
    for (int i = 0; i < 11; ++i)
        queue.add_event(job.job.id, "info",
                        "progress \"" + std::to_string(i) + "\" \xF0\x9F\x94\xA5");
    const auto all = ids_of(queue.latest_events(1000));
    BOOST_REQUIRE(all.size() == 12u);

    std::vector<std::int64_t> seen;
    std::int64_t after = 0;
    int pages = 0;
    for (;;) {
        auto page = queue.events_after(after, 5);
        if (page.empty()) break;
        BOOST_TEST(page.size() <= 5u);
        for (const auto& e : page) {
            BOOST_TEST(e.id > after);
            seen.push_back(e.id);
        }
        after = page.back().id;
        ++pages;
    }
    BOOST_TEST((seen == all));
    BOOST_TEST(pages == 3);
    BOOST_TEST(queue.events_after(all.back(), 5).empty());
    auto one = queue.events_after(all[5], 1);
    BOOST_REQUIRE(one.size() == 1u);
    BOOST_TEST(one[0].id == all[6]);
    BOOST_TEST(one[0].message == "progress \"5\" \xF0\x9F\x94\xA5");
    BOOST_TEST(one[0].job_id.value_or(-1) == job.job.id);
}

BOOST_AUTO_TEST_CASE(the_sync_claims_queued_jobs_in_order) {
    const auto first = queue.enqueue("smart", "web").job;
    auto claimed = queue.claim_next(4242);
    BOOST_REQUIRE(claimed);
    BOOST_TEST(claimed->id == first.id);
    BOOST_TEST(job_state_name(claimed->state) == "running");
    BOOST_TEST(job_state_name(queue.active()->state) == "running");
    BOOST_TEST(count("SELECT pid FROM jobs WHERE id = " + std::to_string(first.id)) == 4242);
    BOOST_TEST(!queue.claim_next(4242));  // nothing else queued
    // The web still refuses a second job while this one runs.
    BOOST_TEST(!queue.enqueue("fast", "api").accepted);
}

BOOST_AUTO_TEST_CASE(progress_and_finish_are_recorded) {
    auto job = queue.start_now("fast", "cli", 7);
    db::JobProgress p;
    p.phase = "details";
    p.done = 120;
    p.total = 3000;
    p.requests = 130;
    p.retries = 2;
    p.rate_limited = 1;
    p.eta_seconds = 690;
    queue.report(job.id, p);
    auto active = queue.active();
    BOOST_REQUIRE(active);
    BOOST_TEST(active->phase == "details");
    BOOST_TEST(active->done == 120);
    BOOST_TEST(active->total == 3000);
    BOOST_TEST(active->requests == 130);
    BOOST_TEST(active->rate_limited == 1);
    BOOST_TEST(*active->eta_seconds == 690);
    queue.finish(job.id, true, "3000 torrents, 12 changed");
    BOOST_TEST(!queue.active());
    auto last = queue.last_finished();
    BOOST_REQUIRE(last);
    BOOST_TEST(job_state_name(last->state) == "done");
    BOOST_TEST(last->result == "3000 torrents, 12 changed");
    BOOST_TEST(!last->finished_at.empty());
    BOOST_TEST(queue.last_success_at("fast").value_or("") == last->finished_at);
    BOOST_TEST(!queue.last_success_at("smart").has_value());
    BOOST_TEST(queue.latest_events(1).back().message.find("Finished") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(jobs_of_dead_processes_are_failed) {
    auto alive_job = queue.start_now("smart", "cron", 100);
    auto dead_job = queue.start_now("fast", "cron", 200);
    const int failed = queue.fail_abandoned([](std::int64_t pid) { return pid == 100; });
    BOOST_TEST(failed == 1);
    BOOST_TEST(count("SELECT count(*) FROM jobs WHERE state = 'failed' AND id = " +
                     std::to_string(dead_job.id)) == 1);
    BOOST_TEST(count("SELECT count(*) FROM jobs WHERE state = 'running' AND id = " +
                     std::to_string(alive_job.id)) == 1);
    BOOST_TEST(queue.latest_events(1).back().level == "error");
}

BOOST_AUTO_TEST_SUITE_END()
