// The action jobs and their items: the web (and the CLI) record them, redriva-sync's
// action lane runs them. They share the jobs table with the syncs (one id space) and
// have their own items, whose durable states let a killed runner's successor finish
// the work without doing any of it twice.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/sqlite.h"
#include "domain/job.h"

namespace redriva::db {

// One torrent's part of an action (or one magnet to add).
struct ActionItem {
    std::int64_t job_id = 0;
    int seq = 0;
    std::string torrent_id;  // the torrent acted on; "" for an add
    std::string hash, filename;
    std::int64_t bytes = 0;
    std::vector<std::string> files;  // the selected files' paths
    std::string input;               // a magnet, or the path of a .torrent file
    ItemState state = ItemState::kPending;
    std::string step;  // progress inside the item, for resuming
    std::optional<std::string> new_id;
    std::string reason;
};

struct ItemCounts {
    std::int64_t total = 0, done = 0, failed = 0, skipped = 0;
    std::int64_t finished() const { return done + failed + skipped; }
};

struct ActionJob {
    std::int64_t id = 0;
    ActionKind kind = ActionKind::kDelete;
    JobState state = JobState::kQueued;
    std::string source, created_at, started_at, finished_at, result;
    std::string params = "{}";  // the action's options, as JSON
    bool interactive = false;
    bool cancel_requested = false;
    int runs = 0;
    std::optional<std::int64_t> retry_of;
    ItemCounts counts;
};

// An item as a new job is recorded with it.
struct NewItem {
    std::string torrent_id, hash, filename;
    std::int64_t bytes = 0;
    std::vector<std::string> files;
    std::string input;
    // A retried item resumes where the failed one stood: an add that may have reached
    // RD (step "adding", or a new id) is looked for, never sent again blindly.
    std::string step;
    std::optional<std::string> new_id;
};

struct ActionEnqueue {
    bool accepted = false;
    ActionJob job;                  // the new job, or the unfinished one in the way
    std::vector<std::string> busy;  // the torrents that one already acts on
};

struct HistoryFilter {
    std::optional<ActionKind> kind;
    std::optional<JobState> state;
    int page = 1, page_size = 50;
};

class ActionQueue {
public:
    explicit ActionQueue(Database& db);

    // Records a queued job and its items, unless an unfinished job already acts on
    // one of their torrents (then accepted=false, `job` is that one and `busy` the
    // torrents). One BEGIN IMMEDIATE transaction: two requests racing cannot both win.
    ActionEnqueue enqueue(ActionKind kind, const std::string& source, const std::string& params,
                          const std::vector<NewItem>& items, bool interactive,
                          std::optional<std::int64_t> retry_of = std::nullopt);

    std::optional<ActionJob> get(std::int64_t id);
    std::vector<ActionItem> items(std::int64_t job_id);
    // Newest first.
    std::vector<ActionJob> history(const HistoryFilter& filter);
    std::int64_t history_count(const HistoryFilter& filter);
    // Any action queued or running (the dashboard shows it in the console).
    bool any_unfinished();
    // An interactive job waits (a read: the runner asks between every two steps).
    bool interactive_waiting();
    // Another unfinished item that may be putting `hash` on RD right now (an add,
    // import or restore past its first step): its job's id, or nullopt.
    std::optional<std::int64_t> adding_elsewhere(const ActionItem& item);

    enum class CancelOutcome { kCancelled, kRequested, kAlreadyFinished, kNotFound };
    // A queued job is cancelled at once (its items skipped); a running one is asked
    // to stop: its runner skips the items it has not started.
    CancelOutcome cancel(std::int64_t id);

    // --- the runner's side ------------------------------------------------
    // Marks the next queued job running (interactive ones first, then in order)
    // and returns it. `interactive_only` leaves bulk jobs queued.
    std::optional<ActionJob> claim_next(std::int64_t pid, bool interactive_only);
    // Jobs left "running" by a runner that died go back to the queue (their items
    // resume from their steps), or fail once kMaxRuns runners in a row took them
    // and none saw an item end: a job that kills its runner every time must not
    // block the lane, while one killed often (a machine rebooted through a long
    // bulk job) still ends. Returns how many moved.
    int requeue_abandoned();
    static constexpr int kMaxRuns = 10;

    // An item of the job ended: the job is not stuck (see requeue_abandoned).
    void note_progress(std::int64_t job_id);

    void set_item(const ActionItem& item);
    bool cancel_requested(std::int64_t job_id);
    // Skips what is still pending (a cancel), with `reason`.
    void skip_pending(std::int64_t job_id, const std::string& reason);
    void finish(std::int64_t job_id, JobState state, const std::string& result);
    ItemCounts counts(std::int64_t job_id);

    void add_event(std::int64_t job_id, const std::string& level, const std::string& message);

private:
    std::optional<ActionJob> read_job(Statement& stmt);

    Database& db_;
    Statement get_;
    Statement items_;
    Statement busy_;
    Statement insert_job_;
    Statement insert_item_;
    Statement next_queued_;
    Statement next_interactive_;
    Statement mark_running_;
    Statement running_;
    Statement requeue_;
    Statement set_item_;
    Statement note_progress_;
    Statement cancel_requested_;
    Statement request_cancel_;
    Statement skip_pending_;
    Statement finish_;
    Statement counts_;
    Statement add_event_;
    Statement any_unfinished_;
    Statement interactive_waiting_;
    Statement adding_elsewhere_;
};

}  // namespace redriva::db
