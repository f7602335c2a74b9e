#include "jobs/job_service.h"

#include <algorithm>
#include <cmath>

#include "common/file_lock.h"
#include "common/log.h"
#include "common/real_debrid.h"
#include "jobs/sync_launcher.h"

namespace redriva::jobs {

JobService::JobService(const Config& config, db::Database& db, std::function<void()> on_write)
    : config_(config), queue_(db), actions_(db), on_write_(std::move(on_write)) {}

template <typename Write>
std::optional<std::pair<Outcome::Kind, std::string>> JobService::guarded(const char* what,
                                                                         Write write) {
    try {
        write();
        return std::nullopt;
    } catch (const db::Error& e) {
        if (e.kind() == db::Error::Kind::kBusy)
            // The sync holds the write lock longer than the busy timeout.
            return std::pair{
                Outcome::Kind::kBusy,
                std::string("The database is busy with a sync; try again in a moment.")};
        if (!e.cannot_write()) throw;
        // The library can still be read; only the job cannot be written.
        log_error(std::string("cannot queue ") + what + ": " + e.what());
        return std::pair{Outcome::Kind::kUnwritable,
                         std::string("The database cannot be written (disk full or read-only); "
                                     "nothing was queued. The library can still be browsed.")};
    }
}

ActionOutcome JobService::request_action(ActionKind kind, const std::vector<db::NewItem>& items,
                                         const std::string& params, const std::string& source,
                                         std::optional<std::int64_t> retry_of) {
    db::ActionEnqueue result;
    if (auto refused = guarded("an action job", [&] {
            result = actions_.enqueue(kind, source, params, items, items.size() == 1, retry_of);
        }))
        return {refused->first, {}, {}, refused->second};
    if (!result.accepted)
        return {Outcome::Kind::kConflict, std::move(result.job), std::move(result.busy), {}};
    on_write_();
    log_info("action job " + std::to_string(result.job.id) + " (" +
             std::string(action_kind_name(kind)) + ", " + std::to_string(items.size()) +
             " items) queued from the " + source);
    start_actions_now();
    return {Outcome::Kind::kAccepted, std::move(result.job), {}, {}};
}

db::ActionQueue::CancelOutcome JobService::cancel_action(std::int64_t id) {
    const auto outcome = actions_.cancel(id);
    if (outcome == db::ActionQueue::CancelOutcome::kCancelled ||
        outcome == db::ActionQueue::CancelOutcome::kRequested)
        on_write_();
    return outcome;
}

void JobService::reap_dead_actions() {
    if (!actions_.any_unfinished()) return;
    // A runner holds this lock while it runs; free, nobody runs the queue.
    FileLock lock(config_.run_dir() + "/actions.lock");
    if (!lock.locked()) return;
    start_actions_now();
}

void JobService::start_actions_now() {
    if (!config_.sync_on_request) return;
    if (sync_binary_.empty()) sync_binary_ = sync_binary_beside_self();
    if (!launch_sync(sync_binary_, "actions"))
        log_warn("could not start redriva-sync's action lane now; the job waits for cron");
}

Outcome JobService::request_sync(SyncMode mode, const std::string& source) {
    const std::string type(sync_mode_name(mode));
    // The common refusal needs no write lock: WAL readers never wait. A job left
    // running by a dead sync is reaped first, and only then is the queue read again.
    auto running = active();
    if (running && running->state == JobState::kRunning && fail_dead_jobs()) running = active();
    if (running) return {Outcome::Kind::kConflict, std::move(*running), {}};
    db::EnqueueResult result;
    // enqueue checks again under BEGIN IMMEDIATE.
    if (auto refused = guarded("a sync job", [&] { result = queue_.enqueue(type, source); }))
        return {refused->first, {}, refused->second};
    if (!result.accepted) return {Outcome::Kind::kConflict, std::move(result.job), {}};
    on_write_();
    log_info("sync job " + std::to_string(result.job.id) + " (" + type + ") queued from the " +
             (source == "web"   ? std::string("dashboard")
              : source == "api" ? "API"
                                : source));
    start_sync_now();
    return {Outcome::Kind::kAccepted, std::move(result.job), {}};
}

bool JobService::reap_dead_jobs() {
    auto job = queue_.active();
    return job && job->state == JobState::kRunning && fail_dead_jobs();
}

bool JobService::fail_dead_jobs() {
    // Every sync holds this lock while it runs (and takes it before it claims a
    // job): whoever gets it knows that no job is really running. The kernel
    // drops a dead process's flock, so this holds however the sync died.
    FileLock lock(config_.run_dir() + "/sync.lock");
    if (!lock.locked()) return false;
    int failed = 0;
    try {
        failed = queue_.fail_abandoned([](std::int64_t) { return false; });
    } catch (const db::Error& e) {
        // A full or read-only disk: the pages still show what there is.
        log_warn(std::string("could not mark a dead sync's job failed: ") + e.what());
        return false;
    }
    if (failed > 0) {
        log_warn(std::to_string(failed) +
                 " job(s) left running by a sync that died: marked failed");
        on_write_();
    }
    return failed > 0;
}

void JobService::start_sync_now() {
    if (!config_.sync_on_request) return;
    if (sync_binary_.empty()) sync_binary_ = sync_binary_beside_self();
    if (!launch_sync(sync_binary_, "cron"))
        log_warn("could not start redriva-sync now; the job waits for cron");
}

std::int64_t JobService::estimate_seconds(SyncMode mode, const db::LibraryStats& stats) const {
    const double per_request = 60.0 / std::max(1, config_.rd_rate);
    const double list_pages =
        std::ceil(static_cast<double>(stats.total_torrents) / kRdListPageLimit) + 1;
    double requests = list_pages;
    switch (mode) {
        case SyncMode::kFast:  // the list, then every detail
            requests += static_cast<double>(stats.total_torrents);
            break;
        case SyncMode::kSmart:  // the missing details and the torrents still moving
            requests += static_cast<double>(stats.total_torrents - stats.total_details) +
                        static_cast<double>(stats.active_count);
            break;
        case SyncMode::kErrors:  // the failed torrents' details, no list
            requests = static_cast<double>(stats.error_count);
            break;
        case SyncMode::kTorrents: break;  // the list only
    }
    return static_cast<std::int64_t>(std::ceil(requests * per_request)) + 1;
}

}  // namespace redriva::jobs
