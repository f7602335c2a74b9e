// The parsing half of rd/wire.h; its header comment states the rules.
#include "rd/wire.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

#include <rapidjson/error/en.h>

#include "common/clock.h"
#include "common/strings.h"

namespace redriva::rd {
namespace {

// Parse errors travel as this exception inside this file only: the public functions
// catch it at their boundary and turn it into a Failure.
struct BadField {
    std::string reason;
};

[[noreturn]] void fail(std::string reason) {
    throw BadField{std::move(reason)};
}

// Iterative parsing: a deeply nested hostile body must not overflow the stack.
// RapidJSON's default number conversion, not kParseFullPrecisionFlag: in RapidJSON
// 1.1.0 the exact one has undefined behaviour on numbers such as 0e-221 (fuzzing
// found it when this parser tried the flag). The default one can miss the nearest
// double by a few bits on decimals of 16 or 17 digits, which only a fractional
// progress could have and which RD, with its few decimals, never sends.
// nullopt when `body` parsed into `doc`; otherwise why not.
std::optional<Failure> parse_document(rapidjson::Document& doc, std::string_view body) {
    doc.Parse<rapidjson::kParseIterativeFlag>(body.data(), body.size());
    if (!doc.HasParseError()) return std::nullopt;
    return Failure{std::string("malformed JSON: ") +
                   rapidjson::GetParseError_En(doc.GetParseError()) + " at offset " +
                   std::to_string(doc.GetErrorOffset())};
}

const rapidjson::Value* member(const rapidjson::Value& obj, const char* name) {
    auto it = obj.FindMember(name);
    if (it == obj.MemberEnd() || it->value.IsNull()) return nullptr;  // null = absent
    return &it->value;
}

std::string checked_text(const rapidjson::Value& v, const char* name) {
    if (!v.IsString()) fail(std::string(name) + " is not a string");
    std::string s(v.GetString(), v.GetStringLength());
    if (!is_valid_utf8(s)) fail(std::string(name) + " is not valid UTF-8");
    if (s.find('\0') != std::string::npos) fail(std::string(name) + " contains NUL");
    return s;
}

// A short, structured string: too long means bad data.
std::string token(const rapidjson::Value& v, const char* name) {
    std::string s = checked_text(v, name);
    if (s.size() > kMaxTokenBytes) fail(std::string(name) + " is too long");
    return s;
}

// Free text: kept, but cut to a sane size.
std::string name_text(const rapidjson::Value& v, const char* name) {
    std::string s = checked_text(v, name);
    truncate_utf8(s, kMaxNameBytes);
    return s;
}

std::optional<std::int64_t> as_int(const rapidjson::Value& v) {
    if (v.IsInt64()) return v.GetInt64();
    if (v.IsDouble()) {
        const double d = v.GetDouble();
        // 2^63 is exact as a double; anything at or above it would overflow the cast.
        if (std::isfinite(d) && d == std::floor(d) && d >= -9.2233720368547758e18 &&
            d < 9.2233720368547758e18)
            return static_cast<std::int64_t>(d);
        return std::nullopt;
    }
    if (v.IsString()) return parse_int(std::string_view(v.GetString(), v.GetStringLength()));
    return std::nullopt;
}

std::optional<double> as_number(const rapidjson::Value& v) {
    if (v.IsNumber()) return v.GetDouble();
    if (v.IsString()) {
        std::string_view s(v.GetString(), v.GetStringLength());
        double d = 0;
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
        if (ec == std::errc() && end == s.data() + s.size() && std::isfinite(d)) return d;
    }
    return std::nullopt;
}

std::int64_t required_int(const rapidjson::Value& obj, const char* name) {
    const rapidjson::Value* v = member(obj, name);
    if (!v) fail(std::string(name) + " is missing");
    auto n = as_int(*v);
    if (!n) fail(std::string(name) + " is not an integer");
    return *n;
}

std::int64_t required_size(const rapidjson::Value& obj, const char* name) {
    std::int64_t n = required_int(obj, name);
    if (n < 0) fail(std::string(name) + " is negative");
    return n;
}

// Optional numbers: absent, null or not a number all mean "not reported".
std::optional<std::int64_t> optional_int(const rapidjson::Value& obj, const char* name) {
    const rapidjson::Value* v = member(obj, name);
    return v ? as_int(*v) : std::nullopt;
}

TorrentListEntry read_entry(const rapidjson::Value& obj) {
    if (!obj.IsObject()) fail("item is not an object");
    TorrentListEntry e;
    const rapidjson::Value* id = member(obj, "id");
    if (!id) fail("id is missing");
    e.id = token(*id, "id");
    if (!is_rd_id(e.id)) fail("id is not 13 alphanumerics");

    const rapidjson::Value* filename = member(obj, "filename");
    if (!filename) fail("filename is missing");
    e.filename = name_text(*filename, "filename");

    const rapidjson::Value* hash = member(obj, "hash");
    if (!hash) fail("hash is missing");
    e.hash = token(*hash, "hash");

    e.bytes = required_size(obj, "bytes");

    const rapidjson::Value* status = member(obj, "status");
    if (!status) fail("status is missing");
    e.status = token(*status, "status");
    if (e.status.empty()) fail("status is empty");

    const rapidjson::Value* added = member(obj, "added");
    if (!added) fail("added is missing");
    e.added = token(*added, "added");
    if (!parse_iso8601_utc(e.added)) fail("added is not an ISO 8601 UTC date");

    if (const rapidjson::Value* host = member(obj, "host")) e.host = token(*host, "host");
    e.split = optional_int(obj, "split");
    if (const rapidjson::Value* progress = member(obj, "progress")) {
        auto p = as_number(*progress);
        if (!p) fail("progress is not a number");
        e.progress = std::clamp(*p, 0.0, 100.0);
    }
    if (const rapidjson::Value* links = member(obj, "links")) {
        // Links map to selected files by position: a list with a hole would pair every
        // later link with the wrong file, so one bad link rejects the item.
        if (!links->IsArray()) fail("links is not an array");
        for (const auto& link : links->GetArray()) {
            std::string s = checked_text(link, "link");
            if (s.size() > kMaxLinkBytes) fail("link is too long");
            e.links.push_back(std::move(s));
        }
    }
    if (const rapidjson::Value* ended = member(obj, "ended")) {
        // A malformed optional date is dropped, not fatal: it only feeds a display.
        if (ended->IsString()) {
            std::string s = token(*ended, "ended");
            if (parse_iso8601_utc(s)) e.ended = std::move(s);
        }
    }
    e.speed = optional_int(obj, "speed");
    e.seeders = optional_int(obj, "seeders");
    if (e.speed && *e.speed < 0) e.speed.reset();
    if (e.seeders && *e.seeders < 0) e.seeders.reset();
    return e;
}

TorrentFile read_file(const rapidjson::Value& obj) {
    if (!obj.IsObject()) fail("file is not an object");
    TorrentFile f;
    const rapidjson::Value* id = member(obj, "id");
    if (!id || !id->IsInt64()) fail("file id is not an integer");
    f.id = id->GetInt64();
    if (f.id < 1) fail("file id is below 1");
    const rapidjson::Value* path = member(obj, "path");
    if (!path) fail("file path is missing");
    f.path = name_text(*path, "file path");
    f.bytes = required_size(obj, "bytes");
    if (const rapidjson::Value* sel = member(obj, "selected")) {
        if (sel->IsBool()) {
            f.selected = sel->GetBool();
        } else {
            auto n = as_int(*sel);
            if (!n || (*n != 0 && *n != 1)) fail("file selected is not 0 or 1");
            f.selected = *n == 1;
        }
    }
    return f;
}

std::string with_id(const rapidjson::Value& obj, const std::string& reason) {
    if (obj.IsObject()) {
        auto it = obj.FindMember("id");
        if (it != obj.MemberEnd() && it->value.IsString()) {
            std::string id(it->value.GetString(), it->value.GetStringLength());
            if (is_rd_id(id)) return "torrent " + id + ": " + reason;
        }
    }
    return reason;
}

}  // namespace

bool is_rd_id(std::string_view id) {
    if (id.size() != 13) return false;
    for (char c : id) {
        const bool alnum =
            (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        if (!alnum) return false;
    }
    return true;
}

void truncate_utf8(std::string& s, std::size_t max) {
    if (s.size() <= max) return;
    std::size_t cut = max;
    // Step back over continuation bytes (10xxxxxx) to the start of the cut sequence.
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    s.resize(cut);
}

Result<TorrentListEntry> parse_list_entry(const rapidjson::Value& v) {
    try {
        return read_entry(v);
    } catch (const BadField& bad) {
        return Failure{with_id(v, bad.reason)};
    }
}

Result<ParsedList> parse_list(std::string_view body) {
    rapidjson::Document doc;
    if (auto malformed = parse_document(doc, body)) return *malformed;
    if (!doc.IsArray()) return Failure{"the torrent list is not a JSON array"};
    ParsedList list;
    list.entries.reserve(doc.Size());
    for (const auto& item : doc.GetArray()) {
        if (auto entry = parse_list_entry(item)) {
            list.entries.push_back(std::move(*entry));
        } else {
            ++list.skipped;
            list.reasons.push_back(entry.error().message);
        }
    }
    return list;
}

Result<TorrentInfo> parse_info(std::string_view body) {
    rapidjson::Document doc;
    if (auto malformed = parse_document(doc, body)) return *malformed;
    try {
        TorrentInfo info;
        info.entry = read_entry(doc);
        if (const rapidjson::Value* of = member(doc, "original_filename"))
            info.original_filename = name_text(*of, "original_filename");
        if (member(doc, "original_bytes"))
            info.original_bytes = required_size(doc, "original_bytes");
        if (const rapidjson::Value* files = member(doc, "files")) {
            // A partial file list would be stored as the truth: one bad file rejects all.
            if (!files->IsArray()) fail("files is not an array");
            info.files.reserve(files->Size());
            for (const auto& f : files->GetArray()) info.files.push_back(read_file(f));
        }
        return info;
    } catch (const BadField& bad) {
        return Failure{with_id(doc, bad.reason)};
    }
}

std::optional<ErrorBody> parse_error(std::string_view body) {
    rapidjson::Document doc;
    if (parse_document(doc, body) || !doc.IsObject()) return std::nullopt;
    ErrorBody err;
    const rapidjson::Value* error = member(doc, "error");
    const rapidjson::Value* code = member(doc, "error_code");
    if (!error && !code) return std::nullopt;
    if (error && error->IsString()) {
        std::string s(error->GetString(), error->GetStringLength());
        // It ends up in logs: keep it short and clean.
        if (is_valid_utf8(s) && s.find('\0') == std::string::npos) {
            truncate_utf8(s, kMaxErrorBytes);
            err.error = std::move(s);
        }
    }
    if (code) err.error_code = as_int(*code).value_or(0);
    return err;
}

Result<UserInfo> parse_user(std::string_view body) {
    rapidjson::Document doc;
    if (auto malformed = parse_document(doc, body)) return *malformed;
    try {
        if (!doc.IsObject()) fail("user is not an object");
        UserInfo u;
        u.id = required_int(doc, "id");
        if (const rapidjson::Value* v = member(doc, "username")) u.username = token(*v, "username");
        if (const rapidjson::Value* v = member(doc, "type")) u.type = token(*v, "type");
        u.premium = optional_int(doc, "premium").value_or(0);
        u.points = optional_int(doc, "points").value_or(0);
        if (const rapidjson::Value* v = member(doc, "expiration"))
            if (v->IsString()) u.expiration = token(*v, "expiration");
        return u;
    } catch (const BadField& bad) {
        return Failure{bad.reason};
    }
}

Result<Added> parse_added(std::string_view body) {
    rapidjson::Document doc;
    if (auto malformed = parse_document(doc, body)) return *malformed;
    try {
        if (!doc.IsObject()) fail("the answer is not an object");
        const rapidjson::Value* id = member(doc, "id");
        if (!id || !id->IsString()) fail("id is missing");
        Added added;
        added.id = token(*id, "id");
        if (!is_rd_id(added.id)) fail("id is not a Real-Debrid id");
        if (const rapidjson::Value* uri = member(doc, "uri"); uri && uri->IsString())
            added.uri = token(*uri, "uri");
        return added;
    } catch (const BadField& bad) {
        return Failure{bad.reason};
    }
}

namespace {

bool is_web_url(std::string_view url) {
    if (!url.starts_with("https://") && !url.starts_with("http://")) return false;
    for (char c : url)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return false;
    return true;
}

}  // namespace

Result<Unrestricted> parse_unrestricted(std::string_view body) {
    rapidjson::Document doc;
    if (auto malformed = parse_document(doc, body)) return *malformed;
    try {
        if (!doc.IsObject()) fail("the answer is not an object");
        Unrestricted u;
        const rapidjson::Value* download = member(doc, "download");
        if (!download || !download->IsString()) fail("download is missing");
        u.download = checked_text(*download, "download");
        if (u.download.size() > kMaxLinkBytes) fail("download is too long");
        if (!is_web_url(u.download)) fail("download is not an http(s) URL");
        if (const rapidjson::Value* v = member(doc, "id"); v && v->IsString())
            u.id = token(*v, "id");
        if (const rapidjson::Value* v = member(doc, "filename"); v && v->IsString())
            u.filename = name_text(*v, "filename");
        if (const rapidjson::Value* v = member(doc, "mimeType"); v && v->IsString())
            u.mime_type = token(*v, "mimeType");
        if (const rapidjson::Value* v = member(doc, "link"); v && v->IsString()) {
            u.link = checked_text(*v, "link");
            if (u.link.size() > kMaxLinkBytes) fail("link is too long");
        }
        if (const rapidjson::Value* v = member(doc, "host"); v && v->IsString())
            u.host = token(*v, "host");
        u.filesize = optional_int(doc, "filesize").value_or(0);
        if (u.filesize < 0) fail("filesize is negative");
        u.streamable = optional_int(doc, "streamable").value_or(0) != 0;
        return u;
    } catch (const BadField& bad) {
        return Failure{bad.reason};
    }
}

}  // namespace redriva::rd
