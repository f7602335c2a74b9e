#include "db/action_queue.h"

#include "common/clock.h"
#include "db/job_words.h"
#include "db/json_array.h"

namespace redriva::db {

namespace {

const std::string kQueued = sql(JobState::kQueued);
const std::string kRunning = sql(JobState::kRunning);
const std::string kPending = sql(ItemState::kPending);
const std::string kUnfinished = "(" + kQueued + ", " + kRunning + ")";

// This queue sees the action jobs only (the syncs share the table).
const std::string kIsAction = "j.kind IN (" + sql_names(kActionKinds) + ")";

// A job with its item counts; `where` filters `j`, `tail` orders and limits.
std::string select_jobs(const std::string& where, const std::string& tail) {
    return "SELECT j.id, j.kind, j.state, j.source, j.created_at, coalesce(j.started_at, ''),"
           " coalesce(j.finished_at, ''), j.result, j.params, j.interactive, j.cancel_requested,"
           " j.runs, j.retry_of, count(i.seq),"
           " coalesce(sum(i.state = " +
           sql(ItemState::kDone) + "), 0), coalesce(sum(i.state = " + sql(ItemState::kFailed) +
           "), 0), coalesce(sum(i.state = " + sql(ItemState::kSkipped) +
           "), 0)"
           " FROM jobs j LEFT JOIN job_items i ON i.job_id = j.id WHERE " +
           kIsAction + " AND " + where + " GROUP BY j.id " + tail;
}

std::string where_of(const HistoryFilter& f) {
    std::string where = "1";
    if (f.kind) where += " AND j.kind = " + sql_literal(action_kind_name(*f.kind));
    if (f.state) where += " AND j.state = " + sql(*f.state);
    return where;
}

}  // namespace

ActionQueue::ActionQueue(Database& db)
    : db_(db),
      get_(db.prepare(select_jobs("j.id = ?", ""))),
      items_(
          db.prepare("SELECT job_id, seq, torrent_id, hash, filename, bytes, files, input, state,"
                     " step, new_id, reason FROM job_items WHERE job_id = ? ORDER BY seq")),
      busy_(db.prepare("SELECT i.job_id, i.torrent_id FROM job_items i JOIN jobs j ON j.id ="
                       " i.job_id WHERE j.state IN " +
                       kUnfinished + " AND i.torrent_id = ? LIMIT 1")),
      insert_job_(db.prepare(
          "INSERT INTO jobs(kind, state, source, created_at, params, interactive, retry_of)"
          " VALUES (?, " +
          kQueued + ", ?, ?, ?, ?, ?)")),
      insert_item_(
          db.prepare("INSERT INTO job_items(job_id, seq, torrent_id, hash, filename, bytes,"
                     " files, input, updated_at, step, new_id)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")),
      next_queued_(db.prepare(
          select_jobs("j.state = " + kQueued, "ORDER BY j.interactive DESC, j.id LIMIT 1"))),
      next_interactive_(db.prepare(
          select_jobs("j.state = " + kQueued + " AND j.interactive = 1", "ORDER BY j.id LIMIT 1"))),
      mark_running_(db.prepare("UPDATE jobs SET state = " + kRunning +
                               ", started_at = coalesce(started_at, ?), pid = ?, runs = runs + 1"
                               " WHERE id = ? AND state = " +
                               kQueued)),
      running_(db.prepare("SELECT j.id, j.runs FROM jobs j WHERE " + kIsAction +
                          " AND j.state = " + kRunning)),
      requeue_(db.prepare("UPDATE jobs SET state = " + kQueued + ", pid = NULL WHERE id = ?")),
      set_item_(db.prepare("UPDATE job_items SET state = ?, step = ?, new_id = ?, reason = ?,"
                           " hash = ?, filename = ?, bytes = ?, files = ?, updated_at = ?"
                           " WHERE job_id = ? AND seq = ?")),
      note_progress_(db.prepare("UPDATE jobs SET runs = 1 WHERE id = ? AND runs > 1")),
      cancel_requested_(db.prepare("SELECT cancel_requested FROM jobs WHERE id = ?")),
      request_cancel_(db.prepare("UPDATE jobs SET cancel_requested = 1 WHERE id = ?")),
      skip_pending_(
          db.prepare("UPDATE job_items SET state = " + sql(ItemState::kSkipped) +
                     ", reason = ?, updated_at = ? WHERE job_id = ? AND state = " + kPending)),
      finish_(db.prepare("UPDATE jobs SET state = ?, result = ?, finished_at = ?, pid = NULL"
                         " WHERE id = ?")),
      counts_(db.prepare("SELECT count(*), coalesce(sum(state = " + sql(ItemState::kDone) +
                         "), 0), coalesce(sum(state = " + sql(ItemState::kFailed) +
                         "), 0), coalesce(sum(state = " + sql(ItemState::kSkipped) +
                         "), 0) FROM job_items WHERE job_id = ?")),
      add_event_(
          db.prepare("INSERT INTO job_events(job_id, at, level, message) VALUES (?, ?, ?, ?)")),
      any_unfinished_(db.prepare("SELECT 1 FROM jobs j WHERE " + kIsAction + " AND j.state IN " +
                                 kUnfinished + " LIMIT 1")),
      interactive_waiting_(db.prepare("SELECT 1 FROM jobs j WHERE " + kIsAction +
                                      " AND j.state = " + kQueued +
                                      " AND j.interactive = 1 LIMIT 1")),
      adding_elsewhere_(db.prepare(
          "SELECT i.job_id FROM job_items i JOIN jobs j ON j.id = i.job_id WHERE i.hash = ?"
          " AND NOT (i.job_id = ? AND i.seq = ?) AND j.state IN " +
          kUnfinished + " AND j.kind IN (" + sql(ActionKind::kAdd) + ", " +
          sql(ActionKind::kImport) + ", " + sql(ActionKind::kRestore) +
          ") AND i.state = " + sql(ItemState::kRunning) + " AND i.step != '' LIMIT 1")) {}

namespace {

ActionJob job_of_row(const Statement::Use& use) {
    ActionJob j;
    j.id = use.int64(0);
    // The queries select action kinds only.
    j.kind = parse_action_kind(use.text(1)).value_or(ActionKind::kDelete);
    // The schema's CHECK admits only the five states; a damaged file reads as failed.
    j.state = parse_job_state(use.text(2)).value_or(JobState::kFailed);
    j.source = use.str(3);
    j.created_at = use.str(4);
    j.started_at = use.str(5);
    j.finished_at = use.str(6);
    j.result = use.str(7);
    j.params = use.str(8);
    j.interactive = use.int64(9) != 0;
    j.cancel_requested = use.int64(10) != 0;
    j.runs = static_cast<int>(use.int64(11));
    if (!use.is_null(12)) j.retry_of = use.int64(12);
    j.counts.total = use.int64(13);
    j.counts.done = use.int64(14);
    j.counts.failed = use.int64(15);
    j.counts.skipped = use.int64(16);
    return j;
}

}  // namespace

std::optional<ActionJob> ActionQueue::read_job(Statement& stmt) {
    auto use = stmt.use();
    if (!use.step()) return std::nullopt;
    return job_of_row(use);
}

ActionEnqueue ActionQueue::enqueue(ActionKind kind, const std::string& source,
                                   const std::string& params, const std::vector<NewItem>& items,
                                   bool interactive, std::optional<std::int64_t> retry_of) {
    ActionEnqueue result;
    WriteTransaction tx(db_);
    std::optional<std::int64_t> blocking;
    for (const NewItem& item : items) {
        if (item.torrent_id.empty()) continue;
        auto use = busy_.use();
        use.bind(1, item.torrent_id);
        if (!use.step()) continue;
        if (!blocking) blocking = use.int64(0);
        if (use.int64(0) == *blocking) result.busy.push_back(item.torrent_id);
    }
    if (blocking) {
        result.job = get(*blocking).value_or(ActionJob{});
        return result;  // rolled back: nothing was written
    }
    const std::string now = iso8601_now();
    {
        auto use = insert_job_.use();
        use.bind(1, action_kind_name(kind)).bind(2, source).bind(3, now).bind(4, params);
        use.bind(5, interactive ? 1 : 0).bind(6, retry_of);
        use.run();
    }
    const std::int64_t id = db_.last_insert_rowid();
    int seq = 0;
    for (const NewItem& item : items) {
        auto use = insert_item_.use();
        use.bind(1, id).bind(2, ++seq).bind(3, item.torrent_id).bind(4, item.hash);
        use.bind(5, item.filename).bind(6, item.bytes).bind(7, encode_string_array(item.files));
        use.bind(8, item.input).bind(9, now).bind(10, item.step).bind(11, item.new_id);
        use.run();
    }
    add_event(id, "info",
              "Queued " + std::string(action_kind_name(kind)) + " of " + std::to_string(seq) +
                  (seq == 1 ? " item" : " items") + " (job " + std::to_string(id) + ", from " +
                  source + ")");
    result.job = get(id).value_or(ActionJob{});
    tx.commit();
    result.accepted = true;
    return result;
}

std::optional<ActionJob> ActionQueue::get(std::int64_t id) {
    auto use = get_.use();
    use.bind(1, id);
    if (!use.step()) return std::nullopt;
    return job_of_row(use);
}

std::vector<ActionItem> ActionQueue::items(std::int64_t job_id) {
    std::vector<ActionItem> out;
    auto use = items_.use();
    use.bind(1, job_id);
    while (use.step()) {
        ActionItem item;
        item.job_id = use.int64(0);
        item.seq = static_cast<int>(use.int64(1));
        item.torrent_id = use.str(2);
        item.hash = use.str(3);
        item.filename = use.str(4);
        item.bytes = use.int64(5);
        item.files = decode_string_array(use.text(6));
        item.input = use.str(7);
        item.state = parse_item_state(use.text(8)).value_or(ItemState::kFailed);
        item.step = use.str(9);
        if (!use.is_null(10)) item.new_id = use.str(10);
        item.reason = use.str(11);
        out.push_back(std::move(item));
    }
    return out;
}

std::vector<ActionJob> ActionQueue::history(const HistoryFilter& f) {
    // Built per call: the filters combine, and the history is not a hot path.
    auto stmt = db_.prepare(select_jobs(where_of(f), "ORDER BY j.id DESC LIMIT ? OFFSET ?"));
    auto use = stmt.use();
    use.bind(1, f.page_size).bind(2, static_cast<std::int64_t>(f.page - 1) * f.page_size);
    std::vector<ActionJob> out;
    while (use.step()) out.push_back(job_of_row(use));
    return out;
}

std::int64_t ActionQueue::history_count(const HistoryFilter& f) {
    auto stmt =
        db_.prepare("SELECT count(*) FROM jobs j WHERE " + kIsAction + " AND " + where_of(f));
    auto use = stmt.use();
    return use.step() ? use.int64(0) : 0;
}

bool ActionQueue::any_unfinished() {
    auto use = any_unfinished_.use();
    return use.step();
}

bool ActionQueue::interactive_waiting() {
    auto use = interactive_waiting_.use();
    return use.step();
}

std::optional<std::int64_t> ActionQueue::adding_elsewhere(const ActionItem& item) {
    auto use = adding_elsewhere_.use();
    use.bind(1, item.hash).bind(2, item.job_id).bind(3, item.seq);
    if (!use.step()) return std::nullopt;
    return use.int64(0);
}

ActionQueue::CancelOutcome ActionQueue::cancel(std::int64_t id) {
    WriteTransaction tx(db_);
    auto job = get(id);
    if (!job) return CancelOutcome::kNotFound;
    if (is_finished(job->state)) return CancelOutcome::kAlreadyFinished;
    if (job->state == JobState::kQueued) {
        skip_pending(id, "cancelled before it started");
        {
            auto use = finish_.use();
            use.bind(1, job_state_name(JobState::kCancelled)).bind(2, "cancelled");
            use.bind(3, iso8601_now()).bind(4, id);
            use.run();
        }
        add_event(id, "info", "Job " + std::to_string(id) + " cancelled");
        tx.commit();
        return CancelOutcome::kCancelled;
    }
    {
        auto use = request_cancel_.use();
        use.bind(1, id);
        use.run();
    }
    add_event(id, "info", "Job " + std::to_string(id) + ": cancel requested");
    tx.commit();
    return CancelOutcome::kRequested;
}

std::optional<ActionJob> ActionQueue::claim_next(std::int64_t pid, bool interactive_only) {
    WriteTransaction tx(db_);
    auto job = read_job(interactive_only ? next_interactive_ : next_queued_);
    if (!job) return std::nullopt;
    const std::string now = iso8601_now();
    {
        auto use = mark_running_.use();
        use.bind(1, now).bind(2, pid).bind(3, job->id);
        use.run();
    }
    add_event(job->id, "info",
              std::string(job->runs > 0 ? "Resumed " : "Started ") +
                  std::string(action_kind_name(job->kind)) + " (job " + std::to_string(job->id) +
                  ")");
    tx.commit();
    job->state = JobState::kRunning;
    if (job->started_at.empty()) job->started_at = now;
    ++job->runs;
    return job;
}

int ActionQueue::requeue_abandoned() {
    WriteTransaction tx(db_);
    std::vector<std::pair<std::int64_t, int>> running;
    {
        auto use = running_.use();
        while (use.step()) running.emplace_back(use.int64(0), static_cast<int>(use.int64(1)));
    }
    for (const auto& [id, runs] : running) {
        if (runs >= kMaxRuns) {
            skip_pending(id, "its runner stopped " + std::to_string(runs) +
                                 " times in a row without finishing an item");
            auto use = finish_.use();
            use.bind(1, job_state_name(JobState::kFailed))
                .bind(2, "interrupted " + std::to_string(runs) + " times in a row: given up");
            use.bind(3, iso8601_now()).bind(4, id);
            use.run();
            add_event(id, "error",
                      "Job " + std::to_string(id) + " interrupted " + std::to_string(runs) +
                          " times: given up");
            continue;
        }
        auto use = requeue_.use();
        use.bind(1, id);
        use.run();
        add_event(id, "warn",
                  "Job " + std::to_string(id) +
                      " was interrupted (its runner is gone): queued again, to resume");
    }
    tx.commit();
    return static_cast<int>(running.size());
}

void ActionQueue::set_item(const ActionItem& item) {
    auto use = set_item_.use();
    use.bind(1, item_state_name(item.state)).bind(2, item.step).bind(3, item.new_id);
    use.bind(4, item.reason).bind(5, item.hash).bind(6, item.filename).bind(7, item.bytes);
    use.bind(8, encode_string_array(item.files)).bind(9, iso8601_now());
    use.bind(10, item.job_id).bind(11, item.seq);
    use.run();
}

void ActionQueue::note_progress(std::int64_t job_id) {
    auto use = note_progress_.use();
    use.bind(1, job_id);
    use.run();
}

bool ActionQueue::cancel_requested(std::int64_t job_id) {
    auto use = cancel_requested_.use();
    use.bind(1, job_id);
    return use.step() && use.int64(0) != 0;
}

void ActionQueue::skip_pending(std::int64_t job_id, const std::string& reason) {
    auto use = skip_pending_.use();
    use.bind(1, reason).bind(2, iso8601_now()).bind(3, job_id);
    use.run();
}

void ActionQueue::finish(std::int64_t job_id, JobState state, const std::string& result) {
    WriteTransaction tx(db_);
    {
        auto use = finish_.use();
        use.bind(1, job_state_name(state)).bind(2, result).bind(3, iso8601_now());
        use.bind(4, job_id);
        use.run();
    }
    add_event(job_id, state == JobState::kFailed ? "error" : "info",
              (state == JobState::kFailed ? "Failed: " : "Finished: ") + result);
    tx.commit();
}

ItemCounts ActionQueue::counts(std::int64_t job_id) {
    ItemCounts c;
    auto use = counts_.use();
    use.bind(1, job_id);
    if (use.step()) {
        c.total = use.int64(0);
        c.done = use.int64(1);
        c.failed = use.int64(2);
        c.skipped = use.int64(3);
    }
    return c;
}

void ActionQueue::add_event(std::int64_t job_id, const std::string& level,
                            const std::string& message) {
    auto use = add_event_.use();
    use.bind(1, job_id).bind(2, iso8601_now()).bind(3, level).bind(4, message);
    use.run();
}

}  // namespace redriva::db
