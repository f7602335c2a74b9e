// The JSON API's shapes and values, against the database.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <map>
#include <set>

#include "stack.h"

namespace redriva::e2e {

namespace {

const std::vector<std::string> kListFields = {"id",          "filename", "status", "bytes",
                                              "added_on",    "progress", "host",   "hash",
                                              "files_count", "error"};
const std::vector<std::string> kDetailFields = {
    "files", "links", "original_filename", "original_bytes", "split", "ended", "speed", "seeders"};

constexpr const char* kActive =
    "('magnet_conversion','waiting_files_selection','queued','downloading','compressing',"
    "'uploading')";
constexpr const char* kErrors = "('magnet_error','error','virus','dead')";

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

// Compares a JSON value with an SQL value: NULL ~ null, integers, text.
void check_int_or_null(const rapidjson::Value& json, const SqlValue& sql, const char* what) {
    BOOST_TEST_CONTEXT(what) {
        if (!sql) {
            BOOST_TEST(json.IsNull());
        } else {
            BOOST_REQUIRE(json.IsInt64());
            BOOST_TEST(json.GetInt64() == std::stoll(*sql));
        }
    }
}

void check_string_or_null(const rapidjson::Value& json, const SqlValue& sql, const char* what) {
    BOOST_TEST_CONTEXT(what) {
        if (!sql) {
            BOOST_TEST(json.IsNull());
        } else {
            BOOST_REQUIRE(json.IsString());
            BOOST_TEST(json_string(json) == *sql);
        }
    }
}

const char* kRowSql =
    "SELECT t.id, t.filename, t.status, t.bytes, t.added_on, t.progress, t.host, t.hash,"
    " d.files_count, nullif(d.error, '') FROM torrents t LEFT JOIN torrent_details d ON d.id = "
    "t.id";

// A list item (or the list part of a detail) against its SQL row (kRowSql's columns).
void check_row(const rapidjson::Value& item, const SqlRow& row) {
    BOOST_TEST_CONTEXT("torrent " << row[0].value_or("?")) {
        BOOST_TEST(json_string(item["id"]) == *row[0]);
        BOOST_TEST(json_string(item["filename"]) == *row[1]);
        BOOST_TEST(json_string(item["status"]) == *row[2]);
        BOOST_REQUIRE(item["bytes"].IsInt64());
        BOOST_TEST(item["bytes"].GetInt64() == std::stoll(*row[3]));
        BOOST_TEST(json_string(item["added_on"]) == *row[4]);
        BOOST_REQUIRE(item["progress"].IsNumber());
        BOOST_TEST(std::abs(item["progress"].GetDouble() - std::stod(*row[5])) < 1e-9);
        BOOST_TEST(json_string(item["host"]) == *row[6]);
        BOOST_TEST(json_string(item["hash"]) == *row[7]);
        check_int_or_null(item["files_count"], row[8], "files_count");
        check_string_or_null(item["error"], row[9], "error");
    }
}

std::vector<std::string> string_array(const rapidjson::Value& array) {
    std::vector<std::string> out;
    if (!array.IsArray()) return out;
    for (const auto& v : array.GetArray()) out.push_back(json_string(v));
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(api_json)

BOOST_AUTO_TEST_CASE(stats_equal_sql_truth) {
    HttpResponse r = http().get("/api/stats");
    BOOST_REQUIRE(r.status == 200);
    auto s = parse_json(r.body);
    for (const char* key :
         {"total_torrents", "total_details", "coverage", "active_count", "error_count",
          "recent_24h", "total_size", "timestamp", "status_counts", "active_sync", "last_sync"})
        BOOST_TEST_CONTEXT("key " << key) {
            BOOST_REQUIRE(s.HasMember(key));
        }

    const std::int64_t total = truth().integer("SELECT count(*) FROM torrents");
    const std::int64_t details = truth().integer("SELECT count(*) FROM torrent_details");
    BOOST_TEST(total == 3000);
    BOOST_TEST(s["total_torrents"].GetInt64() == total);
    BOOST_TEST(s["total_details"].GetInt64() == details);
    const double coverage = std::round(1000.0 * static_cast<double>(details) / total) / 10;
    BOOST_TEST(std::abs(s["coverage"].GetDouble() - coverage) < 1e-9);
    BOOST_TEST(
        s["active_count"].GetInt64() ==
        truth().integer(std::string("SELECT count(*) FROM torrents WHERE status IN ") + kActive));
    BOOST_TEST(
        s["error_count"].GetInt64() ==
        truth().integer(std::string("SELECT count(*) FROM torrents WHERE status IN ") + kErrors));
    BOOST_TEST(s["total_size"].GetInt64() ==
               truth().integer("SELECT coalesce(sum(bytes), 0) FROM torrents"));

    // The response may be cached for 30 s and its figures for a minute more.
    const std::int64_t now = unix_now();
    const std::int64_t stamp = s["timestamp"].GetInt64();
    BOOST_TEST(stamp <= now + 1);
    BOOST_TEST(stamp >= now - 35);
    const std::int64_t fewest = truth().integer("SELECT count(*) FROM torrents WHERE added_on >= ?",
                                                {iso8601(stamp - 86400)});
    const std::int64_t most = truth().integer("SELECT count(*) FROM torrents WHERE added_on >= ?",
                                              {iso8601(stamp - 86400 - 90)});
    BOOST_TEST(fewest > 0);  // the generator adds torrents up to now
    BOOST_TEST(s["recent_24h"].GetInt64() >= fewest);
    BOOST_TEST(s["recent_24h"].GetInt64() <= most);

    std::map<std::string, std::int64_t> expected, got;
    for (const auto& row : truth().rows("SELECT status, count(*) FROM torrents GROUP BY status"))
        expected[*row[0]] = std::stoll(*row[1]);
    for (auto it = s["status_counts"].MemberBegin(); it != s["status_counts"].MemberEnd(); ++it)
        got[it->name.GetString()] = it->value.GetInt64();
    BOOST_TEST(got == expected);

    // Sync info: the queued/running job (if any) and the last finished one.
    auto active = truth().column(
        "SELECT id FROM jobs WHERE state IN ('queued','running') ORDER BY id DESC LIMIT 1");
    if (active.empty())
        BOOST_TEST(s["active_sync"].IsNull());
    else
        BOOST_TEST(s["active_sync"]["id"].GetInt64() == std::stoll(active[0]));
    auto last = truth().column(
        "SELECT id FROM jobs WHERE state IN ('done','failed') ORDER BY id DESC LIMIT 1");
    if (last.empty())
        BOOST_TEST(s["last_sync"].IsNull());
    else
        BOOST_TEST(s["last_sync"]["id"].GetInt64() == std::stoll(last[0]));
}

BOOST_AUTO_TEST_CASE(charts_equal_sql_truth) {
    auto r = http().get("/api/charts");
    BOOST_REQUIRE_EQUAL(r.status, 200);
    auto c = parse_json(r.body);
    std::vector<std::string> expected, got;
    for (const auto& row :
         truth().rows("SELECT status, count(*), sum(bytes) FROM torrents GROUP BY status"
                      " ORDER BY 2 DESC, 1"))
        expected.push_back(*row[0] + " " + *row[1] + " " + *row[2]);
    for (const auto& s : c["status"].GetArray())
        got.push_back(json_string(s["status"]) + " " + std::to_string(s["count"].GetInt64()) + " " +
                      std::to_string(s["bytes"].GetInt64()));
    BOOST_TEST(got == expected, boost::test_tools::per_element());

    // Months in order; each count is the month's; the running total ends at the library.
    std::int64_t running = 0;
    std::string previous;
    const auto months = c["growth_by_month"].GetArray();
    BOOST_REQUIRE(!months.Empty());
    for (const auto& m : months) {
        const std::string month = json_string(m["month"]);
        BOOST_TEST(month > previous);
        previous = month;
        BOOST_TEST(m["count"].GetInt64() ==
                   truth().integer("SELECT count(*) FROM torrents WHERE substr(added_on, 1, 7) = ?",
                                   {month}));
        running += m["count"].GetInt64();
        BOOST_TEST(m["cumulative"].GetInt64() == running);
    }
    BOOST_TEST(running == truth().integer("SELECT count(*) FROM torrents"));
}

BOOST_AUTO_TEST_CASE(list_items_have_exactly_the_contract_fields) {
    HttpResponse r = http().get("/api/torrents?page_size=500");
    BOOST_REQUIRE(r.status == 200);
    auto doc = parse_json(r.body);
    BOOST_TEST(sorted(member_names(doc)) == sorted({"torrents", "pagination"}));
    const auto& items = doc["torrents"];
    BOOST_REQUIRE(items.IsArray());
    BOOST_REQUIRE(items.Size() == 500u);

    std::map<std::string, SqlRow> rows;
    for (auto& row : truth().rows(kRowSql)) rows[*row[0]] = row;
    std::size_t with_null_count = 0, with_error = 0;
    for (const auto& item : items.GetArray()) {
        BOOST_TEST(sorted(member_names(item)) == sorted(kListFields));
        auto it = rows.find(json_string(item["id"]));
        BOOST_REQUIRE(it != rows.end());
        check_row(item, it->second);
        with_null_count += item["files_count"].IsNull();
        with_error += item["error"].IsString();
    }
    // The page covers both shapes of a row (the generator leaves ~3% without details).
    BOOST_TEST(with_null_count > 0u);
    BOOST_TEST(with_error > 0u);
}

BOOST_AUTO_TEST_CASE(detail_matches_the_database) {
    std::vector<std::string> ids;
    for (const char* where :
         {"d.files_count > 1", "d.id IS NULL", "d.error != ''", "t.ended IS NULL",
          "t.speed IS NOT NULL", "t.filename LIKE '%<%'", "t.links != '[]' AND d.id IS NULL"}) {
        auto found = truth().column(std::string("SELECT t.id FROM torrents t LEFT JOIN "
                                                "torrent_details d ON d.id = t.id WHERE ") +
                                    where + " ORDER BY t.rowid LIMIT 1");
        if (!found.empty()) ids.push_back(found[0]);
    }
    BOOST_REQUIRE(ids.size() >= 6u);

    for (const auto& id : ids) {
        BOOST_TEST_CONTEXT("GET /api/torrents/" << id) {
            HttpResponse r = http().get("/api/torrents/" + id);
            BOOST_REQUIRE(r.status == 200);
            BOOST_TEST(r.is_json());
            auto d = parse_json(r.body);
            auto names = member_names(d);
            for (const auto& field : kListFields) BOOST_TEST_CONTEXT("field " << field) {
                    BOOST_TEST(std::count(names.begin(), names.end(), field) == 1);
                }
            for (const auto& field : kDetailFields) BOOST_TEST_CONTEXT("field " << field) {
                    BOOST_TEST(std::count(names.begin(), names.end(), field) == 1);
                }
            auto row = truth().rows(std::string(kRowSql) + " WHERE t.id = ?", {id});
            BOOST_REQUIRE(row.size() == 1u);
            check_row(d, row[0]);

            auto extra = truth().rows(
                "SELECT t.split, t.ended, t.speed, t.seeders, coalesce(d.original_filename, ''),"
                " coalesce(d.original_bytes, 0), CASE WHEN d.id IS NULL THEN t.links ELSE d.links"
                " END FROM torrents t LEFT JOIN torrent_details d ON d.id = t.id WHERE t.id = ?",
                {id});
            check_int_or_null(d["split"], extra[0][0], "split");
            check_string_or_null(d["ended"], extra[0][1], "ended");
            check_int_or_null(d["speed"], extra[0][2], "speed");
            check_int_or_null(d["seeders"], extra[0][3], "seeders");
            BOOST_TEST(json_string(d["original_filename"]) == *extra[0][4]);
            BOOST_TEST(d["original_bytes"].GetInt64() == std::stoll(*extra[0][5]));
            auto links_doc = parse_json(*extra[0][6]);
            BOOST_TEST(string_array(d["links"]) == string_array(links_doc));

            auto files = truth().rows(
                "SELECT file_id, path, bytes, selected FROM torrent_files WHERE torrent_id = ?"
                " ORDER BY file_id",
                {id});
            BOOST_REQUIRE(d["files"].IsArray());
            BOOST_REQUIRE(d["files"].Size() == files.size());
            for (std::size_t i = 0; i < files.size(); ++i) {
                const auto& f = d["files"][static_cast<rapidjson::SizeType>(i)];
                BOOST_TEST(sorted(member_names(f)) == sorted({"id", "path", "bytes", "selected"}));
                BOOST_TEST(f["id"].GetInt64() == std::stoll(*files[i][0]));
                BOOST_TEST(json_string(f["path"]) == *files[i][1]);
                BOOST_TEST(f["bytes"].GetInt64() == std::stoll(*files[i][2]));
                BOOST_REQUIRE(f["selected"].IsBool());
                BOOST_TEST(f["selected"].GetBool() == (*files[i][3] != "0"));
            }
            if (!d["files_count"].IsNull())
                BOOST_TEST(d["files_count"].GetInt64() == static_cast<std::int64_t>(files.size()));
        }
    }
}

BOOST_AUTO_TEST_CASE(detail_of_an_unknown_id_is_404_json) {
    HttpResponse r = http().get("/api/torrents/ZZZZZZZZZZZZZ");
    BOOST_TEST(r.status == 404);
    BOOST_TEST(r.is_json());
    BOOST_TEST(!json_string(parse_json(r.body)["error"]).empty());
}

BOOST_AUTO_TEST_CASE(sync_status_and_events_shapes) {
    auto status = parse_json(http().get("/api/sync/status").body);
    BOOST_TEST(status.HasMember("running"));
    BOOST_TEST(status.HasMember("current"));
    BOOST_TEST(status.HasMember("last"));
    auto events = parse_json(http().get("/api/sync/events?after=0").body);
    BOOST_REQUIRE(events["events"].IsArray());
    BOOST_TEST(events["events"].Size() ==
               static_cast<rapidjson::SizeType>(std::min<std::int64_t>(
                   200, truth().integer("SELECT count(*) FROM job_events"))));
    BOOST_TEST(events["last_id"].IsInt64());
}

BOOST_AUTO_TEST_CASE(metrics_and_health_shapes) {
    auto m = parse_json(http().get("/api/metrics").body);
    for (const char* key : {"uptime_seconds", "request_count", "error_count", "sync_count",
                            "avg_response_time", "requests_per_second", "workers"})
        BOOST_TEST_CONTEXT("key " << key) {
            BOOST_TEST(m.HasMember(key));
        }
    BOOST_TEST(m["request_count"].GetUint64() > 0u);
    BOOST_TEST(m["uptime_seconds"].GetDouble() > 0);
    auto h = parse_json(http().get("/api/health").body);
    BOOST_TEST(json_string(h["database"]) == "ok");
    BOOST_TEST(h["schema_version"].GetInt() == truth().integer("PRAGMA user_version"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
