#include "web/json_views.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/clock.h"

namespace redriva::web {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void str(Writer& w, const char* key, std::string_view value) {
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void str_or_null(Writer& w, const char* key, std::string_view value) {
    if (value.empty()) {
        w.Key(key);
        w.Null();
    } else {
        str(w, key, value);
    }
}

void int_or_null(Writer& w, const char* key, const std::optional<std::int64_t>& v) {
    w.Key(key);
    if (v)
        w.Int64(*v);
    else
        w.Null();
}

void job_object(Writer& w, const db::SyncJob& j) {
    w.StartObject();
    w.Key("id");
    w.Int64(j.id);
    str(w, "type", j.type);
    str(w, "state", j.state);
    str(w, "source", j.source);
    str(w, "created_at", j.created_at);
    str_or_null(w, "started_at", j.started_at);
    str_or_null(w, "finished_at", j.finished_at);
    str(w, "phase", j.phase);
    w.Key("done");
    w.Int64(j.done);
    w.Key("total");
    w.Int64(j.total);
    w.Key("requests");
    w.Int64(j.requests);
    w.Key("retries");
    w.Int64(j.retries);
    w.Key("rate_limited");
    w.Int64(j.rate_limited);
    int_or_null(w, "eta_seconds", j.eta_seconds);
    str(w, "result", j.result);
    w.EndObject();
}

void job_or_null(Writer& w, const char* key, const std::optional<db::SyncJob>& job) {
    w.Key(key);
    if (job)
        job_object(w, *job);
    else
        w.Null();
}

void torrent_fields(Writer& w, const db::TorrentRow& t) {
    str(w, "id", t.id);
    str(w, "filename", t.filename);
    str(w, "status", t.status);
    w.Key("bytes");
    w.Int64(t.bytes);
    str(w, "added_on", t.added_on);
    w.Key("progress");
    w.Double(t.progress);
    str(w, "host", t.host);
    str(w, "hash", t.hash);
    int_or_null(w, "files_count", t.files_count);
    str_or_null(w, "error", t.error);
}

std::string done(const rapidjson::StringBuffer& buffer) {
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

std::string error_json(const std::string& message) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    str(w, "error", message);
    w.EndObject();
    return done(b);
}

std::string charts_json(const std::vector<db::LibraryQueries::StatusTotal>& statuses,
                        const std::vector<std::pair<std::string, std::int64_t>>& months) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    w.Key("status");
    w.StartArray();
    for (const auto& s : statuses) {
        w.StartObject();
        str(w, "status", s.status);
        w.Key("count");
        w.Int64(s.count);
        w.Key("bytes");
        w.Int64(s.bytes);
        w.EndObject();
    }
    w.EndArray();
    w.Key("growth_by_month");
    w.StartArray();
    std::int64_t cumulative = 0;
    for (const auto& [month, count] : months) {
        cumulative += count;
        w.StartObject();
        str(w, "month", month);
        w.Key("count");
        w.Int64(count);
        w.Key("cumulative");
        w.Int64(cumulative);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return done(b);
}

std::string stats_json(const db::LibraryStats& s, std::int64_t now_unix,
                       const std::optional<db::SyncJob>& active,
                       const std::optional<db::SyncJob>& last, bool demo) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    w.Key("total_torrents");
    w.Int64(s.total_torrents);
    w.Key("total_details");
    w.Int64(s.total_details);
    w.Key("coverage");
    w.Double(s.coverage);
    w.Key("active_count");
    w.Int64(s.active_count);
    w.Key("error_count");
    w.Int64(s.error_count);
    w.Key("recent_24h");
    w.Int64(s.recent_24h);
    w.Key("total_size");
    w.Int64(s.total_size);
    w.Key("timestamp");
    w.Int64(now_unix);
    w.Key("status_counts");
    w.StartObject();
    for (const auto& [status, n] : s.status_counts) {
        w.Key(status.c_str(), static_cast<rapidjson::SizeType>(status.size()));
        w.Int64(n);
    }
    w.EndObject();
    job_or_null(w, "active_sync", active);
    job_or_null(w, "last_sync", last);
    w.Key("demo");
    w.Bool(demo);
    w.EndObject();
    return done(b);
}

std::string torrent_list_json(const TorrentPage& page) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    w.Key("torrents");
    w.StartArray();
    for (const auto& t : page.rows) {
        w.StartObject();
        torrent_fields(w, t);
        w.EndObject();
    }
    w.EndArray();
    w.Key("pagination");
    w.StartObject();
    w.Key("page");
    w.Int64(page.params.page);
    w.Key("page_size");
    w.Int64(page.params.page_size);
    w.Key("total_pages");
    w.Int64(page.window.total_pages);
    w.Key("total_count");
    w.Int64(page.total_count);
    w.Key("has_prev");
    w.Bool(page.window.has_prev);
    w.Key("has_next");
    w.Bool(page.window.has_next);
    w.EndObject();
    w.EndObject();
    return done(b);
}

std::string torrent_detail_json(const db::TorrentDetail& d) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    torrent_fields(w, d.row);
    str(w, "original_filename", d.original_filename);
    w.Key("original_bytes");
    w.Int64(d.original_bytes);
    int_or_null(w, "split", d.split);
    w.Key("ended");
    if (d.ended)
        w.String(d.ended->c_str(), static_cast<rapidjson::SizeType>(d.ended->size()));
    else
        w.Null();
    int_or_null(w, "speed", d.speed);
    int_or_null(w, "seeders", d.seeders);
    w.Key("has_details");
    w.Bool(d.has_details);
    str_or_null(w, "details_fetched_at", d.fetched_at);
    w.Key("links");
    w.StartArray();
    for (const auto& link : d.links)
        w.String(link.c_str(), static_cast<rapidjson::SizeType>(link.size()));
    w.EndArray();
    w.Key("files");
    w.StartArray();
    for (const auto& f : d.files) {
        w.StartObject();
        w.Key("id");
        w.Int64(f.id);
        str(w, "path", f.path);
        w.Key("bytes");
        w.Int64(f.bytes);
        w.Key("selected");
        w.Bool(f.selected);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return done(b);
}

std::string sync_accepted_json(const db::SyncJob& job, std::int64_t estimated_seconds) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    w.Key("success");
    w.Bool(true);
    w.Key("id");
    w.Int64(job.id);
    str(w, "type", job.type);
    str(w, "state", job.state);
    str(w, "message", "A " + job.type + " sync was queued");
    w.Key("estimated_duration");
    w.Int64(estimated_seconds);
    str(w, "status_url", "/api/sync/status");
    w.EndObject();
    return done(b);
}

std::string sync_conflict_json(const db::SyncJob& running) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    str(w, "error",
        "A sync is already " + running.state + " (job " + std::to_string(running.id) + ", " +
            running.type + ")");
    job_or_null(w, "job", running);
    w.EndObject();
    return done(b);
}

std::string sync_status_json(const std::optional<db::SyncJob>& active,
                             const std::optional<db::SyncJob>& last) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    w.Key("running");
    w.Bool(active && active->state == "running");
    job_or_null(w, "current", active);
    job_or_null(w, "last", last);
    w.EndObject();
    return done(b);
}

std::string sync_events_json(const std::vector<db::SyncEvent>& events, std::int64_t after) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    w.Key("events");
    w.StartArray();
    for (const auto& e : events) {
        w.StartObject();
        w.Key("id");
        w.Int64(e.id);
        int_or_null(w, "job_id", e.job_id);
        str(w, "at", e.at);
        str(w, "level", e.level);
        str(w, "message", e.message);
        w.EndObject();
    }
    w.EndArray();
    w.Key("last_id");
    w.Int64(events.empty() ? after : events.back().id);
    w.EndObject();
    return done(b);
}

std::string metrics_json(const PoolMetrics& m) {
    const MetricsSnapshot s = summarize(m);
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    w.Key("uptime_seconds");
    w.Double(s.uptime_seconds);
    w.Key("request_count");
    w.Uint64(s.request_count);
    w.Key("error_count");
    w.Uint64(s.error_count);
    w.Key("sync_count");
    w.Uint64(s.sync_count);
    w.Key("avg_response_time");
    w.Double(s.avg_response_ms);
    str(w, "avg_response_time_unit", "ms");
    w.Key("requests_per_second");
    w.Double(s.requests_per_second);
    w.Key("respawns");
    w.Uint64(s.respawns);
    w.Key("recycled");
    w.Uint64(s.recycled);
    w.Key("timeouts");
    w.Uint64(s.timeouts);
    w.Key("workers");
    w.StartArray();
    for (int i = 0; i < m.slot_count; ++i) {
        const auto& slot = m.slots[i];
        if (slot.pid.load() == 0 && slot.requests.load() == 0) continue;  // spare slot
        w.StartObject();
        w.Key("slot");
        w.Int(i);
        w.Key("pid");
        w.Int(slot.pid.load());
        w.Key("requests");
        w.Uint64(slot.requests.load());
        w.Key("process_requests");
        w.Uint64(slot.generation_requests.load());
        w.Key("errors");
        w.Uint64(slot.errors.load());
        w.Key("busy");
        w.Bool(slot.busy_since_ms.load() != 0);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return done(b);
}

std::string health_json(bool database_ok, int schema_version, int workers) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    str(w, "status", database_ok ? "ok" : "error");
    str(w, "database", database_ok ? "ok" : "unavailable");
    w.Key("schema_version");
    w.Int(schema_version);
    w.Key("workers");
    w.Int(workers);
    w.Key("time");
    std::string now = iso8601_utc(unix_now());
    w.String(now.c_str(), static_cast<rapidjson::SizeType>(now.size()));
    w.EndObject();
    return done(b);
}

}  // namespace redriva::web
