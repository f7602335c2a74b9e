#include "db/job_queue.h"

#include <stdexcept>

#include "common/clock.h"
#include "db/job_words.h"

namespace redriva::db {

namespace {

constexpr const char* kJobColumns =
    "id, kind, state, source, created_at, coalesce(started_at, ''), coalesce(finished_at, ''),"
    " phase, result, done, total, requests, retries, rate_limited, eta_seconds,"
    " listed, detailed, removed, unreadable";

// This queue sees the sync jobs only; the action jobs sharing the table have a
// queue of their own (db/action_queue.h).
const std::string kIsSync = sql_is_sync();

// `where_order` starts with its conditions ("state = … ORDER BY …").
std::string select_jobs(const std::string& where_order) {
    return std::string("SELECT ") + kJobColumns + " FROM jobs WHERE " + kIsSync + " AND " +
           where_order;
}

const std::string kQueued = sql(JobState::kQueued);
const std::string kRunning = sql(JobState::kRunning);
const std::string kDone = sql(JobState::kDone);
const std::string kFailed = sql(JobState::kFailed);

}  // namespace

JobQueue::JobQueue(Database& db)
    : db_(db),
      active_(db.prepare(
          select_jobs("state IN (" + kQueued + ", " + kRunning + ") ORDER BY id LIMIT 1"))),
      get_(db.prepare(select_jobs("id = ?"))),
      last_finished_(db.prepare(
          select_jobs("state IN (" + kDone + ", " + kFailed + ") ORDER BY id DESC LIMIT 1"))),
      insert_(db.prepare("INSERT INTO jobs(kind, state, source, created_at) VALUES (?, " + kQueued +
                         ", ?, ?)")),
      events_(db.prepare("SELECT id, job_id, at, level, message FROM job_events"
                         " WHERE id > ? ORDER BY id LIMIT ?")),
      latest_events_(db.prepare("SELECT * FROM (SELECT id, job_id, at, level, message"
                                " FROM job_events ORDER BY id DESC LIMIT ?) ORDER BY id")),
      add_event_(
          db.prepare("INSERT INTO job_events(job_id, at, level, message) VALUES (?, ?, ?, ?)")),
      oldest_queued_(db.prepare(select_jobs("state = " + kQueued + " ORDER BY id LIMIT 1"))),
      mark_running_(db.prepare("UPDATE jobs SET state = " + kRunning + ", started_at = ?, pid = ?" +
                               " WHERE id = ? AND state = " + kQueued)),
      insert_running_(
          db.prepare("INSERT INTO jobs(kind, state, source, created_at, started_at, pid)"
                     " VALUES (?, " +
                     kRunning + ", ?, ?, ?, ?)")),
      report_(db.prepare("UPDATE jobs SET phase = ?, done = ?, total = ?, requests = ?,"
                         " retries = ?, rate_limited = ?, eta_seconds = ? WHERE id = ?")),
      finish_(db.prepare("UPDATE jobs SET state = ?, result = ?, finished_at = ?,"
                         " eta_seconds = NULL WHERE id = ?")),
      finish_counts_(db.prepare("UPDATE jobs SET listed = ?, detailed = ?, removed = ?,"
                                " unreadable = ?, requests = ?, retries = ?, rate_limited = ?"
                                " WHERE id = ?")),
      running_pids_(db.prepare("SELECT id, coalesce(pid, 0) FROM jobs WHERE state = " + kRunning +
                               " AND " + kIsSync)),
      last_success_(db.prepare("SELECT finished_at FROM jobs WHERE kind = ? AND state = " + kDone +
                               " ORDER BY id DESC LIMIT 1")) {}

namespace {

SyncJob row_of(const Statement::Use& use) {
    SyncJob j;
    j.id = use.int64(0);
    j.type = use.str(1);
    // The schema's CHECK admits only the four states; a damaged file reads as failed.
    j.state = parse_job_state(use.text(2)).value_or(JobState::kFailed);
    j.source = use.str(3);
    j.created_at = use.str(4);
    j.started_at = use.str(5);
    j.finished_at = use.str(6);
    j.phase = use.str(7);
    j.result = use.str(8);
    j.done = use.int64(9);
    j.total = use.int64(10);
    j.requests = use.int64(11);
    j.retries = use.int64(12);
    j.rate_limited = use.int64(13);
    if (!use.is_null(14)) j.eta_seconds = use.int64(14);
    if (!use.is_null(16)) {
        SyncSummary& s = j.summary.emplace();
        if (!use.is_null(15)) s.listed = use.int64(15);
        s.detailed = use.int64(16);
        s.removed = use.int64(17);
        s.unreadable = use.int64(18);
        s.requests = j.requests;
        s.retries = j.retries;
        s.rate_limited = j.rate_limited;
    }
    return j;
}

}  // namespace

std::optional<SyncJob> JobQueue::one(Statement& stmt) {
    auto use = stmt.use();
    if (!use.step()) return std::nullopt;
    return row_of(use);
}

namespace {
// The table takes any kind (actions share it): a sync's type is checked here.
void require_sync_mode(const std::string& type) {
    if (!parse_sync_mode(type)) throw std::invalid_argument("not a sync mode: " + type);
}
}  // namespace

EnqueueResult JobQueue::enqueue(const std::string& type, const std::string& source) {
    require_sync_mode(type);
    EnqueueResult result;
    WriteTransaction tx(db_);
    if (auto existing = one(active_)) {
        result.job = std::move(*existing);
        return result;  // rolled back: nothing was written
    }
    const std::string now = iso8601_now();
    {
        auto use = insert_.use();
        use.bind(1, type).bind(2, source).bind(3, now);
        use.run();
    }
    const std::int64_t id = db_.last_insert_rowid();
    add_event(id, "info", "Queued a " + type + " sync (from " + source + ")");
    result.job.id = id;
    result.job.type = type;
    result.job.state = JobState::kQueued;
    result.job.source = source;
    result.job.created_at = now;
    tx.commit();
    result.accepted = true;
    return result;
}

std::optional<SyncJob> JobQueue::active() {
    return one(active_);
}

std::optional<SyncJob> JobQueue::get(std::int64_t id) {
    auto use = get_.use();
    use.bind(1, id);
    if (!use.step()) return std::nullopt;
    return row_of(use);
}

std::optional<SyncJob> JobQueue::last_finished() {
    return one(last_finished_);
}

std::vector<SyncEvent> JobQueue::read_events(Statement::Use& use) {
    std::vector<SyncEvent> out;
    while (use.step()) {
        SyncEvent e;
        e.id = use.int64(0);
        if (!use.is_null(1)) e.job_id = use.int64(1);
        e.at = use.str(2);
        e.level = use.str(3);
        e.message = use.str(4);
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<SyncEvent> JobQueue::events_after(std::int64_t after_id, int limit) {
    auto use = events_.use();
    use.bind(1, after_id).bind(2, limit);
    return read_events(use);
}

std::vector<SyncEvent> JobQueue::latest_events(int limit) {
    auto use = latest_events_.use();
    use.bind(1, limit);
    return read_events(use);
}

void JobQueue::add_event(std::optional<std::int64_t> job_id, const std::string& level,
                         const std::string& message) {
    auto use = add_event_.use();
    use.bind(1, job_id).bind(2, iso8601_now()).bind(3, level).bind(4, message);
    use.run();
}

std::optional<SyncJob> JobQueue::claim_next(std::int64_t pid) {
    WriteTransaction tx(db_);
    auto job = one(oldest_queued_);
    if (!job) return std::nullopt;
    const std::string now = iso8601_now();
    {
        auto use = mark_running_.use();
        use.bind(1, now).bind(2, pid).bind(3, job->id);
        use.run();
    }
    add_event(job->id, "info",
              "Started the " + job->type + " sync (job " + std::to_string(job->id) + ")");
    tx.commit();
    job->state = JobState::kRunning;
    job->started_at = now;
    return job;
}

SyncJob JobQueue::start_now(const std::string& type, const std::string& source, std::int64_t pid) {
    require_sync_mode(type);
    WriteTransaction tx(db_);
    const std::string now = iso8601_now();
    {
        auto use = insert_running_.use();
        use.bind(1, type).bind(2, source).bind(3, now).bind(4, now).bind(5, pid);
        use.run();
    }
    SyncJob job;
    job.id = db_.last_insert_rowid();
    job.type = type;
    job.state = JobState::kRunning;
    job.source = source;
    job.created_at = job.started_at = now;
    add_event(
        job.id, "info",
        "Started the " + type + " sync (job " + std::to_string(job.id) + ", from " + source + ")");
    tx.commit();
    return job;
}

void JobQueue::report(std::int64_t job_id, const JobProgress& p) {
    auto use = report_.use();
    use.bind(1, p.phase).bind(2, p.done).bind(3, p.total).bind(4, p.requests);
    use.bind(5, p.retries).bind(6, p.rate_limited).bind(7, p.eta_seconds).bind(8, job_id);
    use.run();
}

void JobQueue::finish(std::int64_t job_id, bool ok, const std::string& result) {
    WriteTransaction tx(db_);
    record_finish(job_id, ok, result);
    tx.commit();
}

// The end of a job, inside the caller's transaction.
void JobQueue::record_finish(std::int64_t job_id, bool ok, const std::string& result) {
    {
        auto use = finish_.use();
        use.bind(1, job_state_name(ok ? JobState::kDone : JobState::kFailed))
            .bind(2, result)
            .bind(3, iso8601_now());
        use.bind(4, job_id);
        use.run();
    }
    add_event(job_id, ok ? "info" : "error", (ok ? "Finished: " : "Failed: ") + result);
}

void JobQueue::finish(std::int64_t job_id, bool ok, const SyncSummary& summary) {
    WriteTransaction tx(db_);
    {
        auto use = finish_counts_.use();
        use.bind(1, summary.listed).bind(2, summary.detailed).bind(3, summary.removed);
        use.bind(4, summary.unreadable).bind(5, summary.requests).bind(6, summary.retries);
        use.bind(7, summary.rate_limited).bind(8, job_id);
        use.run();
    }
    record_finish(job_id, ok, english_summary(summary));
    tx.commit();
}

int JobQueue::fail_abandoned(const std::function<bool(std::int64_t pid)>& is_alive) {
    WriteTransaction tx(db_);
    std::vector<std::pair<std::int64_t, std::int64_t>> running;
    {
        auto use = running_pids_.use();
        while (use.step()) running.emplace_back(use.int64(0), use.int64(1));
    }
    int failed = 0;
    for (const auto& [id, pid] : running) {
        if (pid > 0 && is_alive(pid)) continue;
        const std::string why =
            "interrupted: the sync process (pid " + std::to_string(pid) + ") is gone";
        {
            auto use = finish_.use();
            use.bind(1, job_state_name(JobState::kFailed))
                .bind(2, why)
                .bind(3, iso8601_now())
                .bind(4, id);
            use.run();
        }
        add_event(id, "error", "Job " + std::to_string(id) + " " + why);
        ++failed;
    }
    tx.commit();
    return failed;
}

std::optional<std::string> JobQueue::last_success_at(const std::string& type) {
    auto use = last_success_.use();
    use.bind(1, type);
    if (!use.step()) return std::nullopt;
    return use.str(0);
}

}  // namespace redriva::db
