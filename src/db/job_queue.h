// The sync job queue: the web enqueues, redriva-sync takes and reports. Both
// sides share this one place for the jobs' SQL.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "db/sqlite.h"
#include "domain/job.h"
#include "domain/sync_summary.h"

namespace redriva::db {

struct SyncJob {
    std::int64_t id = 0;
    std::string type;  // the sync mode's name (domain/job.h)
    JobState state = JobState::kQueued;
    std::string source, created_at, started_at, finished_at, phase, result;
    std::int64_t done = 0, total = 0, requests = 0, retries = 0, rate_limited = 0;
    std::optional<std::int64_t> eta_seconds;
    // A finished sync's counts; nullopt for a job that failed before it had them,
    // or one recorded before they were kept (schema 6).
    std::optional<SyncSummary> summary;
};

struct SyncEvent {
    std::int64_t id = 0;
    std::optional<std::int64_t> job_id;
    std::string at, level, message;
};

// What a running sync reports as it goes (the dashboard reads it).
struct JobProgress {
    std::string phase;
    std::int64_t done = 0, total = 0, requests = 0, retries = 0, rate_limited = 0;
    std::optional<std::int64_t> eta_seconds;
};

struct EnqueueResult {
    bool accepted = false;
    SyncJob job;  // the new job, or the one already queued/running
};

class JobQueue {
public:
    explicit JobQueue(Database& db);

    // Records a queued job unless one is queued or running (then accepted=false
    // and `job` is that one). One BEGIN IMMEDIATE transaction: two workers
    // racing cannot both enqueue. Throws std::invalid_argument for a type that is
    // not a sync mode.
    EnqueueResult enqueue(const std::string& type, const std::string& source);

    // The queued or running job, if any.
    std::optional<SyncJob> active();
    // The sync job `id`; nullopt when there is none (or it is an action's).
    std::optional<SyncJob> get(std::int64_t id);
    // The most recent finished (done or failed) job.
    std::optional<SyncJob> last_finished();

    std::vector<SyncEvent> events_after(std::int64_t after_id, int limit);
    // The newest `limit` events, oldest first.
    std::vector<SyncEvent> latest_events(int limit);

    void add_event(std::optional<std::int64_t> job_id, const std::string& level,
                   const std::string& message);

    // --- the sync's side -------------------------------------------------
    // Marks the oldest queued job running (by `pid`) and returns it; nullopt
    // when nothing is queued. The caller holds the sync lock.
    std::optional<SyncJob> claim_next(std::int64_t pid);
    // Records a job started directly (redriva-sync MODE), already running.
    SyncJob start_now(const std::string& type, const std::string& source, std::int64_t pid);
    void report(std::int64_t job_id, const JobProgress& progress);
    void finish(std::int64_t job_id, bool ok, const std::string& result);
    // A sync that ran to its end: its counts, and their English sentence as result.
    void finish(std::int64_t job_id, bool ok, const SyncSummary& summary);
    // Jobs left "running" by a process that no longer exists (killed sync):
    // marked failed so that nothing waits for them forever. Returns how many.
    int fail_abandoned(const std::function<bool(std::int64_t pid)>& is_alive);
    // When the last successful job of `type` finished (ISO 8601), if any.
    std::optional<std::string> last_success_at(const std::string& type);

private:
    std::optional<SyncJob> one(Statement& stmt);
    void record_finish(std::int64_t job_id, bool ok, const std::string& result);
    static std::vector<SyncEvent> read_events(Statement::Use& use);

    Database& db_;
    Statement active_;
    Statement get_;
    Statement last_finished_;
    Statement insert_;
    Statement events_;
    Statement latest_events_;
    Statement add_event_;
    Statement oldest_queued_;
    Statement mark_running_;
    Statement insert_running_;
    Statement report_;
    Statement finish_;
    Statement finish_counts_;
    Statement running_pids_;
    Statement last_success_;
};

}  // namespace redriva::db
