#include "web/json_views.h"

#include "common/clock.h"
#include "common/json_writer.h"

namespace redriva::web {

namespace {

using json::Writer;

void job_object(Writer& w, const db::SyncJob& j) {
    w.StartObject();
    json::member(w, "id", j.id);
    json::member(w, "type", j.type);
    json::member(w, "state", job_state_name(j.state));
    json::member(w, "source", j.source);
    json::member(w, "created_at", j.created_at);
    json::member_or_null(w, "started_at", j.started_at);
    json::member_or_null(w, "finished_at", j.finished_at);
    json::member(w, "phase", j.phase);
    json::member(w, "done", j.done);
    json::member(w, "total", j.total);
    json::member(w, "requests", j.requests);
    json::member(w, "retries", j.retries);
    json::member(w, "rate_limited", j.rate_limited);
    json::member(w, "eta_seconds", j.eta_seconds);
    json::member(w, "result", j.result);
    // The result's counts, for a script that says it in the page's language.
    json::key(w, "summary");
    if (j.summary) {
        w.StartObject();
        json::member(w, "listed", j.summary->listed);
        json::member(w, "detailed", j.summary->detailed);
        json::member(w, "removed", j.summary->removed);
        json::member(w, "unreadable", j.summary->unreadable);
        w.EndObject();
    } else {
        w.Null();
    }
    w.EndObject();
}

void job_or_null(Writer& w, const char* key, const std::optional<db::SyncJob>& job) {
    json::key(w, key);
    if (job)
        job_object(w, *job);
    else
        w.Null();
}

void torrent_fields(Writer& w, const db::TorrentRow& t) {
    json::member(w, "id", t.id);
    json::member(w, "filename", t.filename);
    json::member(w, "status", t.status);
    json::member(w, "bytes", t.bytes);
    json::member(w, "added_on", t.added_on);
    json::member(w, "progress", t.progress);
    json::member(w, "host", t.host);
    json::member(w, "hash", t.hash);
    json::member(w, "files_count", t.files_count);
    json::member_or_null(w, "error", t.error);
}

}  // namespace

std::string error_json(const std::string& message) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    json::member(w, "error", message);
    w.EndObject();
    return json::text(b);
}

std::string charts_json(const std::vector<db::LibraryQueries::StatusTotal>& statuses,
                        const std::vector<std::pair<std::string, std::int64_t>>& months) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    json::key(w, "status");
    w.StartArray();
    for (const auto& s : statuses) {
        w.StartObject();
        json::member(w, "status", s.status);
        json::member(w, "count", s.count);
        json::member(w, "bytes", s.bytes);
        w.EndObject();
    }
    w.EndArray();
    json::key(w, "growth_by_month");
    w.StartArray();
    std::int64_t cumulative = 0;
    for (const auto& [month, count] : months) {
        cumulative += count;
        w.StartObject();
        json::member(w, "month", month);
        json::member(w, "count", count);
        json::member(w, "cumulative", cumulative);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return json::text(b);
}

std::string stats_json(const db::LibraryStats& s, std::int64_t now_unix,
                       const std::optional<db::SyncJob>& active,
                       const std::optional<db::SyncJob>& last, bool demo) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    json::member(w, "total_torrents", s.total_torrents);
    json::member(w, "total_details", s.total_details);
    json::member(w, "coverage", s.coverage);
    json::member(w, "active_count", s.active_count);
    json::member(w, "error_count", s.error_count);
    json::member(w, "recent_24h", s.recent_24h);
    json::member(w, "total_size", s.total_size);
    json::member(w, "timestamp", now_unix);
    json::key(w, "status_counts");
    w.StartObject();
    for (const auto& [status, n] : s.status_counts) {
        json::member(w, status, n);
    }
    w.EndObject();
    job_or_null(w, "active_sync", active);
    job_or_null(w, "last_sync", last);
    json::member(w, "demo", demo);
    w.EndObject();
    return json::text(b);
}

std::string torrent_list_json(const TorrentPage& page) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    json::key(w, "torrents");
    w.StartArray();
    for (const auto& t : page.rows) {
        w.StartObject();
        torrent_fields(w, t);
        w.EndObject();
    }
    w.EndArray();
    json::key(w, "pagination");
    w.StartObject();
    json::member(w, "page", page.params.page);
    json::member(w, "page_size", page.params.page_size);
    json::member(w, "total_pages", page.window.total_pages);
    json::member(w, "total_count", page.total_count);
    json::member(w, "has_prev", page.window.has_prev);
    json::member(w, "has_next", page.window.has_next);
    w.EndObject();
    w.EndObject();
    return json::text(b);
}

void files_member(json::Writer& w, const std::vector<TorrentFile>& files) {
    json::key(w, "files");
    w.StartArray();
    for (const auto& f : files) {
        w.StartObject();
        json::member(w, "id", f.id);
        json::member(w, "path", f.path);
        json::member(w, "bytes", f.bytes);
        json::member(w, "selected", f.selected);
        w.EndObject();
    }
    w.EndArray();
}

std::string torrent_detail_json(const db::TorrentDetail& d) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    torrent_fields(w, d.row);
    json::member(w, "original_filename", d.original_filename);
    json::member(w, "original_bytes", d.original_bytes);
    json::member(w, "split", d.split);
    json::member(w, "ended", d.ended);
    json::member(w, "speed", d.speed);
    json::member(w, "seeders", d.seeders);
    json::member(w, "has_details", d.has_details);
    json::member_or_null(w, "details_fetched_at", d.fetched_at);
    json::key(w, "links");
    w.StartArray();
    for (const auto& link : d.links) json::string(w, link);
    w.EndArray();
    files_member(w, d.files);
    w.EndObject();
    return json::text(b);
}

std::string sync_accepted_json(const db::SyncJob& job, std::int64_t estimated_seconds) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    json::member(w, "success", true);
    json::member(w, "id", job.id);
    json::member(w, "job", job.id);  // every job-queuing route says `job`
    json::member(w, "type", job.type);
    json::member(w, "state", job_state_name(job.state));
    json::member(w, "message", "A " + job.type + " sync was queued");
    json::member(w, "estimated_duration", estimated_seconds);
    json::member(w, "status_url", "/api/sync/status");
    w.EndObject();
    return json::text(b);
}

std::string sync_conflict_json(const db::SyncJob& running) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    json::member(w, "error",
                 "A sync is already " + std::string(job_state_name(running.state)) + " (job " +
                     std::to_string(running.id) + ", " + running.type + ")");
    job_or_null(w, "job", running);
    w.EndObject();
    return json::text(b);
}

std::string sync_status_json(const std::optional<db::SyncJob>& active,
                             const std::optional<db::SyncJob>& last) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    json::member(w, "running", active && active->state == JobState::kRunning);
    job_or_null(w, "current", active);
    job_or_null(w, "last", last);
    w.EndObject();
    return json::text(b);
}

std::string sync_events_json(const std::vector<db::SyncEvent>& events, std::int64_t after) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    json::key(w, "events");
    w.StartArray();
    for (const auto& e : events) {
        w.StartObject();
        json::member(w, "id", e.id);
        json::member(w, "job_id", e.job_id);
        json::member(w, "at", e.at);
        json::member(w, "level", e.level);
        json::member(w, "message", e.message);
        w.EndObject();
    }
    w.EndArray();
    json::member(w, "last_id", events.empty() ? after : events.back().id);
    w.EndObject();
    return json::text(b);
}

std::string metrics_json(const PoolMetrics& m) {
    const MetricsSnapshot s = summarize(m);
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    json::member(w, "uptime_seconds", s.uptime_seconds);
    json::member(w, "request_count", s.request_count);
    json::member(w, "error_count", s.error_count);
    json::member(w, "sync_count", s.sync_count);
    json::member(w, "avg_response_time", s.avg_response_ms);
    json::member(w, "avg_response_time_unit", "ms");
    json::member(w, "requests_per_second", s.requests_per_second);
    json::member(w, "respawns", s.respawns);
    json::member(w, "recycled", s.recycled);
    json::member(w, "timeouts", s.timeouts);
    json::key(w, "workers");
    w.StartArray();
    for (int i = 0; i < m.slot_count; ++i) {
        const auto& slot = m.slots[i];
        if (slot.pid.load() == 0 && slot.requests.load() == 0) continue;  // spare slot
        w.StartObject();
        json::member(w, "slot", i);
        json::member(w, "pid", slot.pid.load());
        json::member(w, "requests", slot.requests.load());
        json::member(w, "process_requests", slot.generation_requests.load());
        json::member(w, "errors", slot.errors.load());
        json::member(w, "busy", slot.busy_since_ms.load() != 0);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return json::text(b);
}

std::string health_json(bool database_ok, int schema_version, int workers) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    json::member(w, "status", database_ok ? "ok" : "error");
    json::member(w, "database", database_ok ? "ok" : "unavailable");
    json::member(w, "schema_version", schema_version);
    json::member(w, "workers", workers);
    json::member(w, "time", iso8601_now());
    w.EndObject();
    return json::text(b);
}

}  // namespace redriva::web
