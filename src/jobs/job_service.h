// The web's side of the jobs: queue one (or learn why not), reap the jobs of a
// sync that died, start redriva-sync at once, estimate how long a sync takes.
// The web never talks to Real-Debrid: it records jobs that redriva-sync runs.
// HTML and API handlers both render the Outcome; a new kind of job is one more
// type for JobQueue, not a copy of this sequence.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/config.h"
#include "db/action_queue.h"
#include "db/action_targets.h"
#include "db/job_queue.h"
#include "db/library_queries.h"
#include "domain/job.h"

namespace redriva::jobs {

struct Outcome {
    enum class Kind {
        kAccepted,    // queued: `job` is the new one
        kConflict,    // another job is queued or running: `job` is that one
        kBusy,        // a writer held the database past the busy timeout: try again soon
        kUnwritable,  // the disk is full or the database read-only: nothing was queued
    };
    Kind kind = Kind::kAccepted;
    db::SyncJob job;
    std::string reason;  // kBusy, kUnwritable: what to tell the user
};

// An action's request: the same four outcomes, with the action job.
struct ActionOutcome {
    Outcome::Kind kind = Outcome::Kind::kAccepted;
    db::ActionJob job;              // the new job, or the one in the way
    std::vector<std::string> busy;  // kConflict: the torrents that job acts on
    std::string reason;
};

class JobService {
public:
    // `on_write` runs after each write of ours to the database (the web's
    // caches learn of their own commits through it).
    JobService(const Config& config, db::Database& db, std::function<void()> on_write);

    // Queues a sync in `mode` asked for by `source` ("web", "api") and starts
    // redriva-sync for it without waiting for cron.
    Outcome request_sync(SyncMode mode, const std::string& source);

    // Queues an action on `items` and starts redriva-sync's action lane for it. A
    // job on one torrent is interactive: it runs before the bulk ones.
    ActionOutcome request_action(ActionKind kind, const std::vector<db::NewItem>& items,
                                 const std::string& params, const std::string& source,
                                 std::optional<std::int64_t> retry_of = std::nullopt);

    std::optional<db::SyncJob> sync_job(std::int64_t id) { return queue_.get(id); }
    // An action job and its items; nullopt for an unknown id.
    std::optional<db::ActionJob> action(std::int64_t id) { return actions_.get(id); }
    std::vector<db::ActionItem> action_items(std::int64_t id) { return actions_.items(id); }
    std::vector<db::ActionJob> history(const db::HistoryFilter& f) { return actions_.history(f); }
    std::int64_t history_count(const db::HistoryFilter& f) { return actions_.history_count(f); }
    // kCancelled or kRequested when the job was stopped or asked to stop.
    db::ActionQueue::CancelOutcome cancel_action(std::int64_t id);
    // Starts the action lane when action jobs wait for one that died.
    void reap_dead_actions();

    // A job left "running" by a sync that died (SIGKILL, power loss) is marked
    // failed as soon as nobody holds the sync lock: whatever shows jobs calls
    // this first. True when one was.
    bool reap_dead_jobs();

    // The queued or running job, the last finished one, and the activity log.
    std::optional<db::SyncJob> active() { return queue_.active(); }
    std::optional<db::SyncJob> last_finished() { return queue_.last_finished(); }
    std::vector<db::SyncEvent> events_after(std::int64_t after, int limit) {
        return queue_.events_after(after, limit);
    }
    std::vector<db::SyncEvent> latest_events(int limit) { return queue_.latest_events(limit); }

    // Seconds a sync in `mode` should take over a library like `stats`, at the
    // configured request rate.
    std::int64_t estimate_seconds(SyncMode mode, const db::LibraryStats& stats) const;

private:
    bool fail_dead_jobs();
    void start_sync_now();
    void start_actions_now();
    // Runs a write of the queue; a database that cannot take it gives the
    // outcome kind and the reason to show (nullopt: written).
    template <typename Write>
    std::optional<std::pair<Outcome::Kind, std::string>> guarded(const char* what, Write write);

    const Config& config_;
    db::JobQueue queue_;
    db::ActionQueue actions_;
    std::function<void()> on_write_;
    std::string sync_binary_;  // redriva-sync beside us, found on first use
};

}  // namespace redriva::jobs
