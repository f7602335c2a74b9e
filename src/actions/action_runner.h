// The action lane of redriva-sync: takes queued action jobs (interactive ones
// first) and moves their items forward through the kind's ItemWork, at the rate the
// shared limiter allows. A bulk job looks for queued interactive jobs between its
// steps and runs them first, so that one click waits for a step, not for a bulk job.
//
// Transient failures (no answer, 429, 5xx, 509) never change anything: the item is
// tried again later, a bounded number of times, then failed with the last reason.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "actions/item_work.h"
#include "db/action_queue.h"
#include "sync/rate_limiter.h"
#include "sync/rd_client.h"

namespace redriva::actions {

class ActionRunner {
public:
    // `pid` is recorded in the jobs this runner takes. `wait_scale` shrinks the waits
    // after a transient failure with RD's window: a window compressed from a minute to
    // two seconds (the tests, the benchmark) compresses a 509's 30 s wait to one.
    ActionRunner(db::Database& db, db::ActionQueue& queue, sync::RdClient& client,
                 sync::RateLimiter& limiter, sync::Clock& clock, std::int64_t pid,
                 double wait_scale = 1.0);

    // Runs queued jobs until none is left. Throws sync::AuthError when RD refuses
    // the token (the job is failed first).
    void run_queued();

    // Runs one claimed job to its end and returns its final state.
    JobState run_job(const db::ActionJob& job);

    // Called once each job has ended (its final state recorded): the notifications
    // are told, the runner knowing nothing of them.
    using FinishedListener = std::function<void(const db::ActionJob& job, JobState state)>;
    void on_finished(FinishedListener listener) { on_finished_ = std::move(listener); }

    // How many times an item may meet a transient failure before it fails; a 509
    // (slots full) has its own, longer count: about an hour of waits at RD's pace.
    static constexpr int kMaxTransient = 8;
    static constexpr int kMaxSlotWaits = 40;
    static constexpr std::int64_t kMaxWaitMs = 120'000;

private:
    std::unique_ptr<ItemWork> work_for(const db::ActionJob& job);
    void run_interactive_jobs();
    std::string summary(const db::ItemCounts& counts) const;

    db::Database& db_;
    db::ActionQueue& queue_;
    sync::RdClient& client_;
    sync::RateLimiter& limiter_;
    sync::Clock& clock_;
    std::int64_t pid_;
    double wait_scale_;
    int depth_ = 0;  // > 0 while an interactive job runs inside a bulk one
    FinishedListener on_finished_;
};

}  // namespace redriva::actions
