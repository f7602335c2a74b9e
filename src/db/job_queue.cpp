#include "db/job_queue.h"

#include "common/clock.h"

namespace redriva::db {

namespace {

constexpr const char* kJobColumns =
    "id, type, state, source, created_at, coalesce(started_at, ''), coalesce(finished_at, ''),"
    " phase, result, done, total, requests, retries, rate_limited, eta_seconds";

std::string select_jobs(const char* where_order) {
    return std::string("SELECT ") + kJobColumns + " FROM sync_jobs " + where_order;
}

}  // namespace

bool is_sync_type(std::string_view type) {
    for (const char* t : kSyncTypes)
        if (type == t) return true;
    return false;
}

JobQueue::JobQueue(Database& db)
    : db_(db),
      active_(db.prepare(select_jobs("WHERE state IN ('queued', 'running') ORDER BY id LIMIT 1"))),
      last_finished_(
          db.prepare(select_jobs("WHERE state IN ('done', 'failed') ORDER BY id DESC LIMIT 1"))),
      insert_(db.prepare(
          "INSERT INTO sync_jobs(type, state, source, created_at) VALUES (?, 'queued', ?, ?)")),
      events_(db.prepare("SELECT id, job_id, at, level, message FROM sync_events"
                         " WHERE id > ? ORDER BY id LIMIT ?")),
      latest_events_(db.prepare("SELECT * FROM (SELECT id, job_id, at, level, message"
                                " FROM sync_events ORDER BY id DESC LIMIT ?) ORDER BY id")),
      add_event_(
          db.prepare("INSERT INTO sync_events(job_id, at, level, message) VALUES (?, ?, ?, ?)")) {}

std::optional<SyncJob> JobQueue::one(Statement& stmt) {
    auto use = stmt.use();
    if (!use.step()) return std::nullopt;
    SyncJob j;
    j.id = use.int64(0);
    j.type = use.str(1);
    j.state = use.str(2);
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
    return j;
}

EnqueueResult JobQueue::enqueue(const std::string& type, const std::string& source) {
    EnqueueResult result;
    WriteTransaction tx(db_);
    if (auto existing = one(active_)) {
        result.job = std::move(*existing);
        return result;  // rolled back: nothing was written
    }
    const std::string now = iso8601_utc(unix_now());
    {
        auto use = insert_.use();
        use.bind(1, type).bind(2, source).bind(3, now);
        use.run();
    }
    const std::int64_t id = db_.last_insert_rowid();
    add_event(id, "info", "Queued a " + type + " sync (from " + source + ")");
    result.job.id = id;
    result.job.type = type;
    result.job.state = "queued";
    result.job.source = source;
    result.job.created_at = now;
    tx.commit();
    result.accepted = true;
    return result;
}

std::optional<SyncJob> JobQueue::active() {
    return one(active_);
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
    use.bind(1, job_id).bind(2, iso8601_utc(unix_now())).bind(3, level).bind(4, message);
    use.run();
}

}  // namespace redriva::db
