// The writing half of rd/wire.h: RD's shapes, as the fake server sends them.
#include "rd/wire.h"

#include <cmath>

#include "common/json_writer.h"

namespace redriva::rd {

namespace {

using json::Writer;

void write_progress(Writer& w, double progress) {
    // RapidJSON refuses NaN and infinities and would leave the key without a value.
    if (!std::isfinite(progress)) progress = 0;
    // RD sends whole progress values as integers (100, not 100.0).
    if (std::floor(progress) == progress && std::fabs(progress) < 1e15)
        w.Int64(static_cast<std::int64_t>(progress));
    else
        w.Double(progress);
}

// The members of a list item, which an info object starts with.
void write_list_members(Writer& w, const TorrentListEntry& e) {
    json::member(w, "id", e.id);
    json::member(w, "filename", e.filename);
    json::member(w, "hash", e.hash);
    json::member(w, "bytes", e.bytes);
    json::member(w, "host", e.host);
    json::member(w, "split", e.split.value_or(kDefaultSplit));
    json::key(w, "progress");
    write_progress(w, e.progress);
    json::member(w, "status", e.status);
    json::member(w, "added", e.added);
    json::key(w, "links");
    w.StartArray();
    for (const std::string& link : e.links) json::string(w, link);
    w.EndArray();
    if (e.ended && sends_ended(e.status)) json::member(w, "ended", *e.ended);
    if (e.speed && sends_speed(e.status)) json::member(w, "speed", *e.speed);
    if (e.seeders && sends_seeders(e.status)) json::member(w, "seeders", *e.seeders);
}

void write_file(Writer& w, const TorrentFile& f) {
    w.StartObject();
    json::member(w, "id", f.id);
    json::member(w, "path", f.path);
    json::member(w, "bytes", f.bytes);
    json::member(w, "selected", f.selected ? 1 : 0);  // RD's 0/1, not a JSON boolean
    w.EndObject();
}

}  // namespace

bool sends_ended(std::string_view status) {
    return status == "downloaded";
}

bool sends_speed(std::string_view status) {
    return status == "downloading" || status == "compressing" || status == "uploading";
}

bool sends_seeders(std::string_view status) {
    return status == "downloading" || status == "magnet_conversion";
}

TorrentListEntry as_sent(TorrentListEntry entry) {
    if (!entry.split) entry.split = kDefaultSplit;
    if (!sends_ended(entry.status)) entry.ended.reset();
    if (!sends_speed(entry.status)) entry.speed.reset();
    if (!sends_seeders(entry.status)) entry.seeders.reset();
    return entry;
}

std::string list_json(const std::vector<TorrentListEntry>& entries) {
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartArray();
    for (const TorrentListEntry& e : entries) {
        w.StartObject();
        write_list_members(w, e);
        w.EndObject();
    }
    w.EndArray();
    return json::text(buffer);
}

std::string info_json(const TorrentInfo& info) {
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    write_list_members(w, info.entry);
    json::member(w, "original_filename", info.original_filename);
    json::member(w, "original_bytes", info.original_bytes);
    json::key(w, "files");
    w.StartArray();
    for (const TorrentFile& f : info.files) write_file(w, f);
    w.EndArray();
    w.EndObject();
    return json::text(buffer);
}

std::string error_json(std::string_view error, std::int64_t code) {
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    json::member(w, "error", error);
    json::member(w, "error_code", code);
    w.EndObject();
    return json::text(buffer);
}

std::string user_json(const UserInfo& user) {
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    json::member(w, "id", user.id);
    json::member(w, "username", user.username);
    json::member(w, "type", user.type);
    json::member(w, "premium", user.premium);
    json::member(w, "expiration", user.expiration);
    json::member(w, "points", user.points);
    w.EndObject();
    return json::text(buffer);
}

}  // namespace redriva::rd
