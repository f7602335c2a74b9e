#include "web/action_views.h"

#include "common/json_writer.h"
#include "web/json_views.h"

namespace redriva::web {

namespace {

using json::Writer;

void counts(Writer& w, const db::ItemCounts& c) {
    json::key(w, "progress");
    w.StartObject();
    json::member(w, "done", c.finished());
    json::member(w, "total", c.total);
    w.EndObject();
    json::key(w, "counts");
    w.StartObject();
    json::member(w, "done", c.done);
    json::member(w, "failed", c.failed);
    json::member(w, "skipped", c.skipped);
    w.EndObject();
}

void job_members(Writer& w, const db::ActionJob& job) {
    json::member(w, "job", job.id);
    json::member(w, "kind", action_kind_name(job.kind));
    json::member(w, "state", job_state_name(job.state));
    json::member(w, "source", job.source);
    json::member(w, "created_at", job.created_at);
    json::member_or_null(w, "started_at", job.started_at);
    json::member_or_null(w, "finished_at", job.finished_at);
    counts(w, job.counts);
    json::member(w, "result", job.result);
    json::member(w, "interactive", job.interactive);
    json::member(w, "cancel_requested", job.cancel_requested);
    json::member(w, "retry_of", job.retry_of);
}

void item_json(Writer& w, const db::ActionItem& item) {
    w.StartObject();
    json::member_or_null(w, "torrent_id", item.torrent_id);
    json::member(w, "hash", item.hash);
    json::member(w, "filename", item.filename);
    json::member(w, "bytes", item.bytes);
    json::member(w, "new_id", item.new_id);
    json::member(w, "state", item_state_name(item.state));
    json::member_or_null(w, "reason", item.reason);
    w.EndObject();
}

// The members /api/torrents pages with: a client pages the trash and the history alike.
void paging(Writer& w, int page, int page_size, std::int64_t total) {
    const std::int64_t pages = (total + page_size - 1) / page_size;
    json::key(w, "pagination");
    w.StartObject();
    json::member(w, "page", page);
    json::member(w, "page_size", page_size);
    json::member(w, "total_pages", pages);
    json::member(w, "total_count", total);
    json::member(w, "has_prev", page > 1);
    json::member(w, "has_next", page < pages);
    w.EndObject();
}

std::string done(rapidjson::StringBuffer& b) {
    return json::text(b);
}

}  // namespace

std::string action_job_json(const db::ActionJob& job, const std::vector<db::ActionItem>* items) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    job_members(w, job);
    if (items) {
        json::key(w, "items");
        w.StartArray();
        for (const auto& item : *items) item_json(w, item);
        w.EndArray();
    }
    w.EndObject();
    return done(b);
}

std::string sync_job_json(const db::SyncJob& job) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    json::member(w, "job", job.id);
    json::member(w, "kind", job.type);
    json::member(w, "state", job_state_name(job.state));
    json::member(w, "source", job.source);
    json::member(w, "created_at", job.created_at);
    json::member_or_null(w, "started_at", job.started_at);
    json::member_or_null(w, "finished_at", job.finished_at);
    json::key(w, "progress");
    w.StartObject();
    json::member(w, "done", job.done);
    json::member(w, "total", job.total);
    w.EndObject();
    json::key(w, "counts");
    w.StartObject();
    json::member(w, "done", std::int64_t{0});
    json::member(w, "failed", std::int64_t{0});
    json::member(w, "skipped", std::int64_t{0});
    w.EndObject();
    json::member(w, "result", job.result);
    json::key(w, "items");
    w.StartArray();
    w.EndArray();
    w.EndObject();
    return done(b);
}

std::string action_accepted_json(const db::ActionJob& job, std::int64_t bytes) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    json::member(w, "job", job.id);
    json::member(w, "kind", action_kind_name(job.kind));
    json::member(w, "state", job_state_name(job.state));
    json::member(w, "count", job.counts.total);
    json::member(w, "bytes", bytes);
    json::member(w, "status_url", "/api/jobs/" + std::to_string(job.id));
    w.EndObject();
    return done(b);
}

std::string action_conflict_json(const db::ActionJob& job, const std::vector<std::string>& busy) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    json::member(w, "error",
                 "Job " + std::to_string(job.id) + " (" + std::string(action_kind_name(job.kind)) +
                     ") already acts on " +
                     (busy.size() == 1 ? std::string("this torrent")
                                       : std::to_string(busy.size()) + " of them"));
    json::member(w, "job", job.id);
    json::key(w, "busy");
    w.StartArray();
    for (const auto& id : busy) json::string(w, id);
    w.EndArray();
    w.EndObject();
    return done(b);
}

std::string confirm_mismatch_json(std::int64_t confirmed, const db::Targets& targets) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    json::member(w, "error",
                 "The selection changed: " + std::to_string(targets.items.size()) +
                     " torrents match now, " + std::to_string(confirmed) +
                     " were confirmed. Preview again.");
    json::member(w, "count", static_cast<std::int64_t>(targets.items.size()));
    json::member(w, "bytes", targets.bytes);
    w.EndObject();
    return done(b);
}

std::string preview_json(std::string_view action, const db::Targets& targets) {
    constexpr std::size_t kSample = 10;
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    json::member(w, "action", action);
    json::member(w, "count", static_cast<std::int64_t>(targets.items.size()));
    json::member(w, "bytes", targets.bytes);
    json::key(w, "sample");
    w.StartArray();
    for (std::size_t i = 0; i < targets.items.size() && i < kSample; ++i) {
        const auto& item = targets.items[i];
        w.StartObject();
        json::member(w, "id", item.torrent_id);
        json::member(w, "filename", item.filename);
        json::member(w, "bytes", item.bytes);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return done(b);
}

std::string trash_json(const std::vector<db::TrashEntry>& entries, int page, int page_size,
                       std::int64_t total) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    json::key(w, "trash");
    w.StartArray();
    for (const auto& e : entries) {
        w.StartObject();
        json::member(w, "hash", e.hash);
        json::member(w, "torrent_id", e.torrent_id);
        json::member(w, "filename", e.filename);
        json::member(w, "bytes", e.bytes);
        json::key(w, "files");
        w.StartArray();
        for (const auto& f : e.files) json::string(w, f);
        w.EndArray();
        json::member(w, "deleted_at", e.deleted_at);
        json::member(w, "job", e.job_id);
        w.EndObject();
    }
    w.EndArray();
    paging(w, page, page_size, total);
    w.EndObject();
    return done(b);
}

std::string direct_links_json(const std::vector<db::DirectLink>& links) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    json::key(w, "links");
    w.StartArray();
    for (const auto& d : links) {
        w.StartObject();
        json::member(w, "file_id", d.file_id);
        json::member(w, "path", d.path);
        json::member(w, "bytes", d.bytes);
        json::member(w, "download", d.download);
        json::member(w, "filename", d.filename);
        json::member(w, "mime_type", d.mime_type);
        json::member(w, "streamable", d.streamable);
        json::member(w, "unrestricted_at", d.unrestricted_at);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return done(b);
}

std::string history_json(const std::vector<db::ActionJob>& jobs, int page, int page_size,
                         std::int64_t total) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    json::key(w, "jobs");
    w.StartArray();
    for (const auto& job : jobs) {
        w.StartObject();
        job_members(w, job);
        w.EndObject();
    }
    w.EndArray();
    paging(w, page, page_size, total);
    w.EndObject();
    return done(b);
}

std::string torrent_files_json(const db::TorrentDetail& detail) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    json::member(w, "id", detail.row.id);
    json::member(w, "status", detail.row.status);
    json::member(w, "has_details", detail.has_details);
    json::member(w, "waiting_files_selection", detail.row.status == "waiting_files_selection");
    files_member(w, detail.files);
    w.EndObject();
    return json::text(b);
}

std::string duplicates_json(const std::vector<DuplicateGroup>& groups) {
    rapidjson::StringBuffer b;
    json::Writer w(b);
    w.StartObject();
    json::key(w, "groups");
    w.StartArray();
    for (const auto& g : groups) {
        w.StartObject();
        json::member(w, "key", g.key);
        json::member(w, "kind", g.kind == DuplicateGroup::Kind::kHash ? "hash" : "title");
        json::key(w, "torrents");
        w.StartArray();
        for (std::size_t i = 0; i < g.torrents.size(); ++i) {
            const auto& t = g.torrents[i];
            w.StartObject();
            json::member(w, "id", t.id);
            json::member(w, "filename", t.filename);
            json::member(w, "hash", t.hash);
            json::member(w, "bytes", t.bytes);
            json::member(w, "added_on", t.added_on);
            json::member(w, "status", t.status);
            json::member(w, "links_count", t.links_count);
            json::member(w, "keep", static_cast<bool>(g.keep[i]));
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return json::text(b);
}

}  // namespace redriva::web
