#include <boost/test/unit_test.hpp>

#include <rapidjson/document.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "web/json_views.h"

using namespace redriva;
using namespace redriva::web;

namespace {

// Quotes, backslashes, every kind of control character, NUL, emoji, bidi and
// zero-width characters, a lone '<'.
const std::string kNasty =
    std::string("a\"b\\c/d\n\t\r\b\f\x01\x1f\x7f") + std::string("\0z", 2) +
    " \xF0\x9F\x8E\xAC caf\xC3\xA9 \xE2\x80\xAE \xE2\x80\x8B </script> \xE2\x80\xA8";

enum class Type {
    kString,
    kInt,
    kNumber,
    kBool,
    kArray,
    kObject,
    kIntOrNull,
    kStringOrNull,
    kObjectOrNull
};

rapidjson::Document parse(const std::string& json) {
    rapidjson::Document doc;
    doc.Parse(json.c_str(), json.size());
    BOOST_REQUIRE_MESSAGE(!doc.HasParseError(), "invalid JSON: " << json);
    BOOST_REQUIRE(doc.IsObject());
    return doc;
}

bool has_type(const rapidjson::Value& v, Type t) {
    switch (t) {
        case Type::kString: return v.IsString();
        case Type::kInt: return v.IsInt64();
        case Type::kNumber: return v.IsNumber();
        case Type::kBool: return v.IsBool();
        case Type::kArray: return v.IsArray();
        case Type::kObject: return v.IsObject();
        case Type::kIntOrNull: return v.IsNull() || v.IsInt64();
        case Type::kStringOrNull: return v.IsNull() || v.IsString();
        case Type::kObjectOrNull: return v.IsNull() || v.IsObject();
    }
    return false;
}

void check_fields(const rapidjson::Value& object, const std::map<std::string, Type>& fields) {
    BOOST_REQUIRE(object.IsObject());
    for (const auto& [name, type] : fields) {
        BOOST_TEST_CONTEXT("field " << name) {
            BOOST_REQUIRE(object.HasMember(name.c_str()));
            BOOST_TEST(has_type(object[name.c_str()], type));
        }
    }
}

std::set<std::string> keys(const rapidjson::Value& object) {
    std::set<std::string> out;
    for (const auto& m : object.GetObject()) out.insert(m.name.GetString());
    return out;
}

std::string text(const rapidjson::Value& v) {
    return std::string(v.GetString(), v.GetStringLength());
}

// the API's contract: the fields of a torrent in /api/torrents and /api/torrents/<id>.
const std::map<std::string, Type> kTorrentFields = {
    {"id", Type::kString},         {"filename", Type::kString}, {"status", Type::kString},
    {"bytes", Type::kInt},         {"added_on", Type::kString}, {"progress", Type::kNumber},
    {"host", Type::kString},       {"hash", Type::kString},     {"files_count", Type::kIntOrNull},
    {"error", Type::kStringOrNull}};

db::TorrentRow row(const std::string& id, const std::string& name) {
    db::TorrentRow r;
    r.rowid = 9;
    r.id = id;
    r.filename = name;
    r.status = "downloading";
    r.added_on = "2025-07-29T10:30:00.000Z";
    r.host = "real-debrid.com";
    r.hash = "0123456789abcdef0123456789abcdef01234567";
    r.bytes = 5'000'000'000;  // beyond 32 bits
    r.progress = 42.5;
    return r;
}

db::SyncJob job() {
    db::SyncJob j;
    j.id = 17;
    j.type = "smart";
    j.state = JobState::kRunning;
    j.source = "web";
    j.created_at = "2025-07-29T10:00:00.000Z";
    j.started_at = "2025-07-29T10:00:01.000Z";
    j.phase = kNasty;
    j.done = 10;
    j.total = 20;
    j.eta_seconds = 30;
    return j;
}

const std::map<std::string, Type> kJobFields = {{"id", Type::kInt},
                                                {"type", Type::kString},
                                                {"state", Type::kString},
                                                {"source", Type::kString},
                                                {"created_at", Type::kString},
                                                {"started_at", Type::kStringOrNull},
                                                {"finished_at", Type::kStringOrNull},
                                                {"phase", Type::kString},
                                                {"done", Type::kInt},
                                                {"total", Type::kInt},
                                                {"requests", Type::kInt},
                                                {"retries", Type::kInt},
                                                {"rate_limited", Type::kInt},
                                                {"eta_seconds", Type::kIntOrNull},
                                                {"result", Type::kString}};

}  // namespace

BOOST_AUTO_TEST_SUITE(json_views)

BOOST_AUTO_TEST_CASE(error_json_round_trips_the_message) {
    auto doc = parse(error_json(kNasty));
    BOOST_TEST((keys(doc) == std::set<std::string>{"error"}));
    BOOST_TEST(text(doc["error"]) == kNasty);
}

BOOST_AUTO_TEST_CASE(torrent_list_fields_and_pagination) {
    TorrentPage page;
    page.params.page = 2;
    page.params.page_size = 2;
    page.total_count = 5;
    page.window = page_window(5, 2, 2);
    db::TorrentRow with = row("AAAAAAAAAAAAA", kNasty);
    with.files_count = 3;
    with.error = "Torrent is \"dead\"";
    db::TorrentRow without = row("BBBBBBBBBBBBB", "Plain");
    page.rows = {with, without};

    auto doc = parse(torrent_list_json(page));
    BOOST_TEST((keys(doc) == std::set<std::string>{"torrents", "pagination"}));
    BOOST_REQUIRE(doc["torrents"].IsArray());
    const auto& list = doc["torrents"].GetArray();
    BOOST_REQUIRE(list.Size() == 2u);
    for (const auto& t : list) check_fields(t, kTorrentFields);

    const auto& a = list[0];
    BOOST_TEST(text(a["id"]) == "AAAAAAAAAAAAA");
    BOOST_TEST(text(a["filename"]) == kNasty);
    BOOST_TEST(text(a["status"]) == "downloading");
    BOOST_TEST(a["bytes"].GetInt64() == 5'000'000'000);
    BOOST_TEST(text(a["added_on"]) == "2025-07-29T10:30:00.000Z");
    BOOST_TEST(a["progress"].GetDouble() == 42.5);
    BOOST_TEST(text(a["host"]) == "real-debrid.com");
    BOOST_TEST(text(a["hash"]) == "0123456789abcdef0123456789abcdef01234567");
    BOOST_TEST(a["files_count"].GetInt64() == 3);
    BOOST_TEST(text(a["error"]) == "Torrent is \"dead\"");
    // Unknown file count and no error: null, not 0 or "".
    BOOST_TEST(list[1]["files_count"].IsNull());
    BOOST_TEST(list[1]["error"].IsNull());
    BOOST_TEST(text(list[1]["filename"]) == "Plain");

    const auto& p = doc["pagination"];
    check_fields(p, {{"page", Type::kInt},
                     {"page_size", Type::kInt},
                     {"total_pages", Type::kInt},
                     {"total_count", Type::kInt},
                     {"has_prev", Type::kBool},
                     {"has_next", Type::kBool}});
    BOOST_TEST(p["page"].GetInt64() == 2);
    BOOST_TEST(p["page_size"].GetInt64() == 2);
    BOOST_TEST(p["total_pages"].GetInt64() == 3);
    BOOST_TEST(p["total_count"].GetInt64() == 5);
    BOOST_TEST(p["has_prev"].GetBool());
    BOOST_TEST(p["has_next"].GetBool());
}

BOOST_AUTO_TEST_CASE(an_empty_list_is_an_empty_array) {
    TorrentPage page;
    page.window = page_window(0, 1, 50);
    auto doc = parse(torrent_list_json(page));
    BOOST_TEST(doc["torrents"].IsArray());
    BOOST_TEST(doc["torrents"].Size() == 0u);
    BOOST_TEST(doc["pagination"]["total_pages"].GetInt64() == 0);
    BOOST_TEST(!doc["pagination"]["has_next"].GetBool());
}

BOOST_AUTO_TEST_CASE(torrent_detail_fields) {
    db::TorrentDetail d;
    d.row = row("CCCCCCCCCCCCC", kNasty);
    d.row.files_count = 2;
    d.has_details = true;
    d.original_filename = kNasty + ".orig";
    d.original_bytes = 6'000'000'000;
    d.split = 2000;
    d.ended = "2025-07-29T11:00:00.000Z";
    d.seeders = 0;
    d.links = {"https://real-debrid.com/d/A", kNasty};
    d.files = {{1, "/" + kNasty + "/a.mkv", 4'000'000'000, true}, {2, "/b.nfo", 1, false}};
    d.fetched_at = "2025-07-29T12:00:00.000Z";

    auto doc = parse(torrent_detail_json(d));
    check_fields(doc, kTorrentFields);
    check_fields(doc, {{"files", Type::kArray},
                       {"links", Type::kArray},
                       {"original_filename", Type::kString},
                       {"original_bytes", Type::kInt},
                       {"split", Type::kIntOrNull},
                       {"ended", Type::kStringOrNull},
                       {"speed", Type::kIntOrNull},
                       {"seeders", Type::kIntOrNull}});
    BOOST_TEST(text(doc["filename"]) == kNasty);
    BOOST_TEST(text(doc["original_filename"]) == kNasty + ".orig");
    BOOST_TEST(doc["original_bytes"].GetInt64() == 6'000'000'000);
    BOOST_TEST(doc["split"].GetInt64() == 2000);
    BOOST_TEST(text(doc["ended"]) == "2025-07-29T11:00:00.000Z");
    BOOST_TEST(doc["speed"].IsNull());
    BOOST_TEST(doc["seeders"].GetInt64() == 0);  // zero seeders is not "unknown"
    BOOST_TEST(doc["files_count"].GetInt64() == 2);

    const auto& links = doc["links"].GetArray();
    BOOST_REQUIRE(links.Size() == 2u);
    BOOST_TEST(text(links[0]) == "https://real-debrid.com/d/A");
    BOOST_TEST(text(links[1]) == kNasty);

    const auto& files = doc["files"].GetArray();
    BOOST_REQUIRE(files.Size() == 2u);
    for (const auto& f : files) {
        check_fields(f, {{"id", Type::kInt},
                         {"path", Type::kString},
                         {"bytes", Type::kInt},
                         {"selected", Type::kBool}});
        BOOST_TEST(f.MemberCount() == 4u);
    }
    BOOST_TEST(files[0]["id"].GetInt64() == 1);
    BOOST_TEST(text(files[0]["path"]) == "/" + kNasty + "/a.mkv");
    BOOST_TEST(files[0]["bytes"].GetInt64() == 4'000'000'000);
    BOOST_TEST(files[0]["selected"].GetBool());
    BOOST_TEST(files[1]["id"].GetInt64() == 2);
    BOOST_TEST(!files[1]["selected"].GetBool());
}

BOOST_AUTO_TEST_CASE(torrent_detail_without_details) {
    db::TorrentDetail d;
    d.row = row("DDDDDDDDDDDDD", "x");
    auto doc = parse(torrent_detail_json(d));
    check_fields(doc, kTorrentFields);
    BOOST_TEST(doc["files_count"].IsNull());
    BOOST_TEST(doc["split"].IsNull());
    BOOST_TEST(doc["ended"].IsNull());
    BOOST_TEST(doc["seeders"].IsNull());
    BOOST_TEST(doc["files"].Size() == 0u);
    BOOST_TEST(doc["links"].Size() == 0u);
}

BOOST_AUTO_TEST_CASE(stats_fields) {
    db::LibraryStats s;
    s.total_torrents = 100;
    s.total_details = 97;
    s.coverage = 97.0;
    s.active_count = 3;
    s.error_count = 4;
    s.recent_24h = 5;
    s.total_size = 9'000'000'000'000;
    s.status_counts = {{"downloaded", 93}, {"dead", 4}, {"queued", 3}};
    auto doc = parse(stats_json(s, 1753785000, job(), std::nullopt, true));
    check_fields(doc, {{"total_torrents", Type::kInt},
                       {"total_details", Type::kInt},
                       {"coverage", Type::kNumber},
                       {"active_count", Type::kInt},
                       {"error_count", Type::kInt},
                       {"recent_24h", Type::kInt},
                       {"total_size", Type::kInt},
                       {"timestamp", Type::kInt},
                       {"status_counts", Type::kObject},
                       {"active_sync", Type::kObjectOrNull},
                       {"last_sync", Type::kObjectOrNull},
                       {"demo", Type::kBool}});
    BOOST_TEST(doc["total_torrents"].GetInt64() == 100);
    BOOST_TEST(doc["total_details"].GetInt64() == 97);
    BOOST_TEST(doc["coverage"].GetDouble() == 97.0);
    BOOST_TEST(doc["active_count"].GetInt64() == 3);
    BOOST_TEST(doc["error_count"].GetInt64() == 4);
    BOOST_TEST(doc["recent_24h"].GetInt64() == 5);
    BOOST_TEST(doc["total_size"].GetInt64() == 9'000'000'000'000);
    BOOST_TEST(doc["timestamp"].GetInt64() == 1753785000);
    BOOST_TEST(doc["status_counts"]["dead"].GetInt64() == 4);
    BOOST_TEST(doc["status_counts"].MemberCount() == 3u);
    BOOST_TEST(doc["demo"].GetBool());
    check_fields(doc["active_sync"], kJobFields);
    BOOST_TEST(text(doc["active_sync"]["phase"]) == kNasty);
    BOOST_TEST(doc["active_sync"]["eta_seconds"].GetInt64() == 30);
    BOOST_TEST(doc["active_sync"]["finished_at"].IsNull());
    BOOST_TEST(doc["last_sync"].IsNull());
}

BOOST_AUTO_TEST_CASE(sync_views) {
    const db::SyncJob j = job();
    auto accepted = parse(sync_accepted_json(j, 45));
    check_fields(accepted, {{"success", Type::kBool},
                            {"id", Type::kInt},
                            {"type", Type::kString},
                            {"state", Type::kString},
                            {"message", Type::kString},
                            {"estimated_duration", Type::kInt},
                            {"status_url", Type::kString}});
    BOOST_TEST(accepted["id"].GetInt64() == 17);
    BOOST_TEST(accepted["estimated_duration"].GetInt64() == 45);
    BOOST_TEST(accepted["success"].GetBool());

    auto conflict = parse(sync_conflict_json(j));
    check_fields(conflict, {{"error", Type::kString}, {"job", Type::kObject}});
    BOOST_TEST(text(conflict["error"]).find("job 17") != std::string::npos);
    check_fields(conflict["job"], kJobFields);

    auto status = parse(sync_status_json(j, std::nullopt));
    check_fields(status, {{"running", Type::kBool},
                          {"current", Type::kObjectOrNull},
                          {"last", Type::kObjectOrNull}});
    BOOST_TEST(status["running"].GetBool());
    BOOST_TEST(status["current"]["id"].GetInt64() == 17);
    BOOST_TEST(status["last"].IsNull());

    db::SyncJob queued = j;
    queued.state = JobState::kQueued;
    auto waiting = parse(sync_status_json(queued, j));
    BOOST_TEST(!waiting["running"].GetBool());
    BOOST_TEST(waiting["last"].IsObject());
    auto idle = parse(sync_status_json(std::nullopt, std::nullopt));
    BOOST_TEST(!idle["running"].GetBool());
    BOOST_TEST(idle["current"].IsNull());
}

BOOST_AUTO_TEST_CASE(sync_events_view) {
    std::vector<db::SyncEvent> events = {
        {5, 17, "2025-07-29T10:00:00.000Z", "info", kNasty},
        {9, std::nullopt, "2025-07-29T10:00:01.000Z", "warn", "w"}};
    auto doc = parse(sync_events_json(events, 4));
    check_fields(doc, {{"events", Type::kArray}, {"last_id", Type::kInt}});
    BOOST_TEST(doc["last_id"].GetInt64() == 9);
    const auto& list = doc["events"].GetArray();
    BOOST_REQUIRE(list.Size() == 2u);
    for (const auto& e : list)
        check_fields(e, {{"id", Type::kInt},
                         {"job_id", Type::kIntOrNull},
                         {"at", Type::kString},
                         {"level", Type::kString},
                         {"message", Type::kString}});
    BOOST_TEST(text(list[0]["message"]) == kNasty);
    BOOST_TEST(list[0]["job_id"].GetInt64() == 17);
    BOOST_TEST(list[1]["job_id"].IsNull());

    auto empty = parse(sync_events_json({}, 42));
    BOOST_TEST(empty["events"].Size() == 0u);
    BOOST_TEST(empty["last_id"].GetInt64() == 42);  // the client keeps its place
}

BOOST_AUTO_TEST_CASE(health_view) {
    auto ok = parse(health_json(true, 1, 4));
    check_fields(ok, {{"status", Type::kString},
                      {"database", Type::kString},
                      {"schema_version", Type::kInt},
                      {"workers", Type::kInt},
                      {"time", Type::kString}});
    BOOST_TEST(text(ok["status"]) == "ok");
    BOOST_TEST(ok["schema_version"].GetInt64() == 1);
    BOOST_TEST(ok["workers"].GetInt64() == 4);
    auto bad = parse(health_json(false, 1, 0));
    BOOST_TEST(text(bad["status"]) == "error");
    BOOST_TEST(text(bad["database"]) == "unavailable");
}

BOOST_AUTO_TEST_SUITE_END()
