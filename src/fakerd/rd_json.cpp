#include "fakerd/rd_json.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>

namespace redriva::fakerd {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void put(Writer& w, std::string_view s) {
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void put_key(Writer& w, std::string_view key) {
    w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
}

void put_number(Writer& w, double v) {
    // RD sends whole progress values as integers (100, not 100.0).
    if (std::floor(v) == v && std::fabs(v) < 1e15)
        w.Int64(static_cast<std::int64_t>(v));
    else
        w.Double(v);
}

void write_list_fields(Writer& w, const TorrentListEntry& e) {
    put_key(w, "id");
    put(w, e.id);
    put_key(w, "filename");
    put(w, e.filename);
    put_key(w, "hash");
    put(w, e.hash);
    put_key(w, "bytes");
    w.Int64(e.bytes);
    put_key(w, "host");
    put(w, e.host);
    put_key(w, "split");
    w.Int64(e.split.value_or(2000));
    put_key(w, "progress");
    put_number(w, e.progress);
    put_key(w, "status");
    put(w, e.status);
    put_key(w, "added");
    put(w, e.added);
    put_key(w, "links");
    w.StartArray();
    for (const std::string& link : e.links) put(w, link);
    w.EndArray();
    const std::string& s = e.status;
    if (s == "downloaded" && e.ended) {
        put_key(w, "ended");
        put(w, *e.ended);
    }
    if ((s == "downloading" || s == "compressing" || s == "uploading") && e.speed) {
        put_key(w, "speed");
        w.Int64(*e.speed);
    }
    if ((s == "downloading" || s == "magnet_conversion") && e.seeders) {
        put_key(w, "seeders");
        w.Int64(*e.seeders);
    }
}

std::string take(rapidjson::StringBuffer& buf) {
    return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace

std::string list_json(const std::vector<TorrentListEntry>& entries) {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartArray();
    for (const TorrentListEntry& e : entries) {
        w.StartObject();
        write_list_fields(w, e);
        w.EndObject();
    }
    w.EndArray();
    return take(buf);
}

std::string info_json(const TorrentInfo& info) {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartObject();
    write_list_fields(w, info.entry);
    put_key(w, "original_filename");
    put(w, info.original_filename);
    put_key(w, "original_bytes");
    w.Int64(info.original_bytes);
    put_key(w, "files");
    w.StartArray();
    for (const TorrentFile& f : info.files) {
        w.StartObject();
        put_key(w, "id");
        w.Int64(f.id);
        put_key(w, "path");
        put(w, f.path);
        put_key(w, "bytes");
        w.Int64(f.bytes);
        put_key(w, "selected");
        w.Int(f.selected ? 1 : 0);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return take(buf);
}

std::string error_json(std::string_view error, int code) {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartObject();
    put_key(w, "error");
    put(w, error);
    put_key(w, "error_code");
    w.Int(code);
    w.EndObject();
    return take(buf);
}

}  // namespace redriva::fakerd
