// rd/wire.h: the parser's rules, on bodies edited one member at a time, then round
// trips through the writers. Hand-written RD bodies are in test_rd_wire_fixtures.cpp.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/strings.h"
#include "domain/status.h"
#include "rd/wire.h"

using namespace redriva;
using namespace redriva::rd;

namespace {

const char* const kEntry = R"({
  "id": "ABCDEFGHIJ123", "filename": "Some.Movie.2024.mkv",
  "hash": "0123456789abcdef0123456789abcdef01234567", "bytes": 1234567890,
  "host": "real-debrid.com", "split": 2000, "progress": 100, "status": "downloaded",
  "added": "2025-07-29T10:30:00.000Z", "links": ["https://real-debrid.com/d/AAAA"],
  "ended": "2025-07-29T10:35:00.000Z"
})";

const char* const kInfo = R"json({
  "id": "ABCDEFGHIJ123", "filename": "Pack", "original_filename": "Pack (orig)",
  "hash": "0123456789abcdef0123456789abcdef01234567", "bytes": 300, "original_bytes": 1000,
  "host": "real-debrid.com", "split": 2000, "progress": 42.5, "status": "downloading",
  "added": "2025-07-29T10:30:00.000Z", "links": [], "speed": 123456, "seeders": 7,
  "files": [{"id": 1, "path": "/a.mkv", "bytes": 100, "selected": 1},
            {"id": 2, "path": "/b.nfo", "bytes": 700, "selected": 0},
            {"id": 3, "path": "/c.mkv", "bytes": 200, "selected": 1}]
})json";

rapidjson::Document doc(const char* json) {
    rapidjson::Document d;
    d.Parse(json);
    BOOST_REQUIRE(!d.HasParseError());
    return d;
}

std::string serialize(const rapidjson::Value& v) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    v.Accept(w);
    return std::string(buf.GetString(), buf.GetSize());
}

// Why a parse failed ("" when it did not): for the tests' messages.
template <typename T>
std::string why_not(const Result<T>& parsed) {
    return parsed ? std::string() : parsed.error().message;
}

// The valid entry with one change applied, parsed.
Result<TorrentListEntry> entry_with(const std::function<void(rapidjson::Document&)>& edit) {
    rapidjson::Document d = doc(kEntry);
    edit(d);
    return parse_list_entry(d);
}

void set_string(rapidjson::Document& d, const char* key, const std::string& value) {
    d[key].SetString(value.data(), static_cast<rapidjson::SizeType>(value.size()),
                     d.GetAllocator());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rd_wire_parse)

BOOST_AUTO_TEST_CASE(parses_every_list_field) {
    rapidjson::Document d = doc(kEntry);
    auto e = parse_list_entry(d);
    BOOST_REQUIRE_MESSAGE(e.has_value(), why_not(e));
    BOOST_TEST(e->id == "ABCDEFGHIJ123");
    BOOST_TEST(e->filename == "Some.Movie.2024.mkv");
    BOOST_TEST(e->hash == "0123456789abcdef0123456789abcdef01234567");
    BOOST_TEST(e->bytes == 1234567890);
    BOOST_TEST(e->host == "real-debrid.com");
    BOOST_TEST(e->split.value_or(-1) == 2000);
    BOOST_TEST(e->progress == 100.0);
    BOOST_TEST(e->status == "downloaded");
    BOOST_TEST(e->added == "2025-07-29T10:30:00.000Z");
    BOOST_TEST(e->links.size() == 1u);
    BOOST_TEST(e->links[0] == "https://real-debrid.com/d/AAAA");
    BOOST_TEST(e->ended.value_or("") == "2025-07-29T10:35:00.000Z");
    BOOST_TEST(!e->speed.has_value());
    BOOST_TEST(!e->seeders.has_value());
}

BOOST_AUTO_TEST_CASE(optional_fields_may_be_absent_or_null) {
    auto e = entry_with([](auto& d) {
        for (const char* k : {"host", "split", "progress", "links", "ended"}) d.RemoveMember(k);
    });
    BOOST_REQUIRE(e.has_value());
    BOOST_TEST(e->host.empty());
    BOOST_TEST(!e->split.has_value());
    BOOST_TEST(e->progress == 0.0);
    BOOST_TEST(e->links.empty());
    BOOST_TEST(!e->ended.has_value());

    e = entry_with([](auto& d) {
        for (const char* k : {"host", "split", "progress", "links", "ended"}) d[k].SetNull();
        d.AddMember("speed", rapidjson::Value(), d.GetAllocator());
        d.AddMember("seeders", rapidjson::Value(), d.GetAllocator());
    });
    BOOST_REQUIRE(e.has_value());
    BOOST_TEST(!e->split.has_value());
    BOOST_TEST(!e->speed.has_value());
    BOOST_TEST(!e->seeders.has_value());
    BOOST_TEST(!e->ended.has_value());
}

BOOST_AUTO_TEST_CASE(required_fields_missing_reject_the_item_with_a_reason) {
    for (const char* key : {"id", "filename", "hash", "bytes", "status", "added"}) {
        BOOST_TEST_CONTEXT(key) {
            auto e = entry_with([&](auto& d) { d.RemoveMember(key); });
            BOOST_TEST(!e.has_value());
            BOOST_TEST(why_not(e).find(key) != std::string::npos);
            e = entry_with([&](auto& d) { d[key].SetNull(); });
            BOOST_TEST(!e.has_value());
        }
    }
}

BOOST_AUTO_TEST_CASE(numbers_in_other_shapes) {
    // A string of digits and an integral float are accepted for integers.
    auto e = entry_with([](auto& d) {
        set_string(d, "bytes", "42");
        d["split"].SetDouble(50.0);
        d.AddMember("speed", rapidjson::Value("1000"), d.GetAllocator());
        d.AddMember("seeders", rapidjson::Value(3.0), d.GetAllocator());
    });
    BOOST_REQUIRE(e.has_value());
    BOOST_TEST(e->bytes == 42);
    BOOST_TEST(e->split.value_or(-1) == 50);
    BOOST_TEST(e->speed.value_or(-1) == 1000);
    BOOST_TEST(e->seeders.value_or(-1) == 3);

    // Fractional, string and out-of-range progress.
    e = entry_with([](auto& d) { d["progress"].SetDouble(42.75); });
    BOOST_TEST(e->progress == 42.75);
    e = entry_with([](auto& d) { set_string(d, "progress", "12.5"); });
    BOOST_TEST(e->progress == 12.5);
    e = entry_with([](auto& d) { d["progress"].SetDouble(100.5); });
    BOOST_TEST(e->progress == 100.0);
    e = entry_with([](auto& d) { d["progress"].SetInt(-1); });
    BOOST_TEST(e->progress == 0.0);
    e = entry_with([](auto& d) { set_string(d, "progress", "lots"); });
    BOOST_TEST(!e.has_value());

    // Wrong-typed optional numbers mean "not reported".
    e = entry_with([](auto& d) {
        d["split"].SetObject();
        d.AddMember("speed", rapidjson::Value(1.5), d.GetAllocator());
        d.AddMember("seeders", rapidjson::Value(-4), d.GetAllocator());
    });
    BOOST_REQUIRE(e.has_value());
    BOOST_TEST(!e->split.has_value());
    BOOST_TEST(!e->speed.has_value());
    BOOST_TEST(!e->seeders.has_value());
}

BOOST_AUTO_TEST_CASE(numbers_with_extreme_exponents) {
    // 0e-221 reached undefined behaviour in RapidJSON 1.1.0's full-precision conversion,
    // which the parser must therefore not use (the sanitized build reports it).
    for (const char* zero : {"0e-221", "0.000e-300", "-0e-400", "1e-400"}) {
        BOOST_TEST_CONTEXT(zero) {
            std::string body = R"({"id": "ABCDEFGHIJ123", "filename": "x", "hash": "h",
                "bytes": 1, "status": "queued", "added": "2025-07-29T10:30:00.000Z",
                "progress": )";
            body += zero;
            body += "}";
            auto info = parse_info(body);
            BOOST_REQUIRE_MESSAGE(info.has_value(), why_not(info));
            BOOST_TEST(info->entry.progress == 0.0);
        }
    }
    const auto info = parse_info(R"({"id": "ABCDEFGHIJ123", "progress": 1e400})");
    BOOST_TEST(why_not(info).find("malformed JSON") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_bytes_reject_the_item) {
    const auto e = entry_with([](auto& d) { d["bytes"].SetInt(-1); });
    BOOST_TEST(why_not(e).find("negative") != std::string::npos);
    BOOST_TEST(why_not(e).find("ABCDEFGHIJ123") !=
               std::string::npos);  // the reason names the torrent
    BOOST_TEST(!entry_with([](auto& d) { d["bytes"].SetDouble(1.5); }));
    BOOST_TEST(!entry_with([](auto& d) { d["bytes"].SetDouble(1e300); }));
    BOOST_TEST(!entry_with([](auto& d) { d["bytes"].SetUint64(18446744073709551615ull); }));
    BOOST_TEST(!entry_with([](auto& d) { set_string(d, "bytes", "12 MB"); }));
    BOOST_TEST(!entry_with([](auto& d) { d["bytes"].SetBool(true); }));
    BOOST_TEST(!entry_with([](auto& d) { d["bytes"].SetArray(); }));
}

BOOST_AUTO_TEST_CASE(ids_must_be_13_alphanumerics) {
    for (const char* bad : {"", "ABC", "ABCDEFGHIJ1234", "ABCDEFGHIJ12-", "../../user/xx",
                            "ABCDEFGHIJ12 ", "ABCDEFGHIJ1\xC3\xA9"}) {
        BOOST_TEST_CONTEXT("'" << bad << "'") {
            BOOST_TEST(!entry_with([&](auto& d) { set_string(d, "id", bad); }));
        }
    }
    BOOST_TEST(!entry_with([](auto& d) { d["id"].SetInt(12345); }));
    BOOST_TEST(entry_with([](auto& d) { set_string(d, "id", "abcdefghij123"); }).has_value());
}

BOOST_AUTO_TEST_CASE(invalid_utf8_or_nul_in_any_string_rejects_the_item) {
    const std::string bad_utf8 = "name \xC3\x28 here";
    const std::string nul = std::string("a\0b", 3);
    for (const char* key : {"filename", "hash", "host", "status", "added"}) {
        BOOST_TEST_CONTEXT(key) {
            const auto e = entry_with([&](auto& d) { set_string(d, key, bad_utf8); });
            BOOST_TEST(why_not(e).find("UTF-8") != std::string::npos);
            BOOST_TEST(!entry_with([&](auto& d) { set_string(d, key, nul); }));
        }
    }
    BOOST_TEST(!entry_with([&](auto& d) {
        d["links"].PushBack(rapidjson::Value(bad_utf8.c_str(), d.GetAllocator()), d.GetAllocator());
    }));
}

BOOST_AUTO_TEST_CASE(names_are_kept_in_any_script) {
    const std::string name = "Ünïcödé 日本語 🎬 <b>&amp;\"quotes\"</b>";
    auto e = entry_with([&](auto& d) { set_string(d, "filename", name); });
    BOOST_REQUIRE(e.has_value());
    BOOST_TEST(e->filename == name);
}

BOOST_AUTO_TEST_CASE(huge_names_are_truncated_at_a_utf8_boundary) {
    // 3-byte characters: 4096 is not a multiple of 3, so a naive cut would split one.
    std::string name;
    while (name.size() < 20'000) name += "日";
    auto e = entry_with([&](auto& d) { set_string(d, "filename", name); });
    BOOST_REQUIRE(e.has_value());
    BOOST_TEST(e->filename.size() <= kMaxNameBytes);
    BOOST_TEST(e->filename.size() > kMaxNameBytes - 3);
    BOOST_TEST(is_valid_utf8(e->filename));
    BOOST_TEST(name.compare(0, e->filename.size(), e->filename) == 0);

    std::string ascii(kMaxNameBytes, 'x');
    e = entry_with([&](auto& d) { set_string(d, "filename", ascii); });
    BOOST_TEST(e->filename == ascii);  // exactly at the limit: untouched
}

BOOST_AUTO_TEST_CASE(huge_structured_strings_reject_the_item) {
    const std::string huge(100'000, 'a');
    for (const char* key : {"hash", "host", "status"}) {
        BOOST_TEST_CONTEXT(key) {
            BOOST_TEST(!entry_with([&](auto& d) { set_string(d, key, huge); }));
        }
    }
    BOOST_TEST(!entry_with([&](auto& d) {
        d["links"].PushBack(rapidjson::Value(huge.c_str(), d.GetAllocator()), d.GetAllocator());
    }));
}

BOOST_AUTO_TEST_CASE(dates_and_links_are_checked) {
    BOOST_TEST(!entry_with([](auto& d) { set_string(d, "added", "yesterday"); }));
    auto e = entry_with([](auto& d) { set_string(d, "ended", "not a date"); });
    BOOST_REQUIRE(e.has_value());
    BOOST_TEST(!e->ended.has_value());  // optional: dropped, not fatal
    BOOST_TEST(!entry_with([](auto& d) { d["links"].PushBack(5, d.GetAllocator()); }));
    BOOST_TEST(!entry_with([](auto& d) { set_string(d, "links", "https://x"); }));
    BOOST_TEST(!entry_with([](auto& d) { set_string(d, "status", ""); }));
}

BOOST_AUTO_TEST_CASE(unknown_statuses_are_kept) {
    auto e = entry_with([](auto& d) { set_string(d, "status", "new_status_2030"); });
    BOOST_REQUIRE(e.has_value());
    BOOST_TEST(e->status == "new_status_2030");
}

BOOST_AUTO_TEST_CASE(a_list_with_bad_items_keeps_the_others) {
    rapidjson::Document good = doc(kEntry);
    std::string body = "[";
    body += serialize(good);
    body += ',';
    body += R"({"id": "BADBYTES00001", "filename": "x", "hash": "h", "bytes": -5,
               "status": "queued", "added": "2025-07-29T10:30:00.000Z"},)";
    body += R"(42, null, "string", [], {},)";
    body +=
        "{\"id\": \"BADUTF8000001\", \"filename\": \"\xFF\xFE\", \"hash\": \"h\", \"bytes\": 1,"
        " \"status\": \"queued\", \"added\": \"2025-07-29T10:30:00.000Z\"},";
    set_string(good, "id", "SECONDGOOD123");
    body += serialize(good) + "]";

    const auto parsed = parse_list(body);
    BOOST_REQUIRE_MESSAGE(parsed.ok(), why_not(parsed));
    const ParsedList& r = *parsed;
    BOOST_TEST(r.entries.size() == 2u);
    BOOST_TEST(r.entries[0].id == "ABCDEFGHIJ123");
    BOOST_TEST(r.entries[1].id == "SECONDGOOD123");
    BOOST_TEST(r.skipped == 7u);
    BOOST_TEST(r.reasons.size() == 7u);
    BOOST_TEST(r.reasons[0].find("BADBYTES00001") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(list_bodies_that_are_not_arrays) {
    for (const char* body : {"", "{", "{}", "null", "42", "[1, 2", "[] trailing", "\"[]\""}) {
        BOOST_TEST_CONTEXT("'" << body << "'") {
            const auto r = parse_list(body);
            BOOST_TEST(!r.ok());
            BOOST_TEST(!why_not(r).empty());
        }
    }
    BOOST_TEST(parse_list("[]").ok());
    BOOST_TEST(parse_list(" [ ] ")->entries.empty());
}

BOOST_AUTO_TEST_CASE(deep_nesting_does_not_overflow_the_stack) {
    const std::string deep = std::string(200'000, '[') + std::string(200'000, ']');
    const auto parsed = parse_list(deep);
    BOOST_REQUIRE_MESSAGE(parsed.ok(), why_not(parsed));
    const ParsedList& r = *parsed;
    BOOST_TEST(r.skipped == 1u);
}

BOOST_AUTO_TEST_CASE(parses_every_info_field) {
    auto info = parse_info(kInfo);
    BOOST_REQUIRE_MESSAGE(info.has_value(), why_not(info));
    BOOST_TEST(info->entry.id == "ABCDEFGHIJ123");
    BOOST_TEST(info->entry.progress == 42.5);
    BOOST_TEST(info->entry.speed.value_or(-1) == 123456);
    BOOST_TEST(info->entry.seeders.value_or(-1) == 7);
    BOOST_TEST(!info->entry.ended.has_value());
    BOOST_TEST(info->original_filename == "Pack (orig)");
    BOOST_TEST(info->original_bytes == 1000);
    BOOST_REQUIRE(info->files.size() == 3u);
    BOOST_TEST(info->files[0].id == 1);
    BOOST_TEST(info->files[0].path == "/a.mkv");
    BOOST_TEST(info->files[0].bytes == 100);
    BOOST_TEST(info->files[0].selected);
    BOOST_TEST(!info->files[1].selected);
    BOOST_TEST(info->files[2].id == 3);
}

BOOST_AUTO_TEST_CASE(info_optional_parts_may_be_absent) {
    rapidjson::Document d = doc(kInfo);
    d.RemoveMember("files");
    d.RemoveMember("original_filename");
    d.RemoveMember("original_bytes");
    auto info = parse_info(serialize(d));
    BOOST_REQUIRE(info.has_value());
    BOOST_TEST(info->files.empty());
    BOOST_TEST(info->original_bytes == 0);
}

BOOST_AUTO_TEST_CASE(one_bad_file_rejects_the_info) {
    const std::vector<std::function<void(rapidjson::Value&, rapidjson::Document&)>> edits = {
        [](auto& f, auto& d) { f["id"].SetString("1", d.GetAllocator()); },
        [](auto& f, auto&) { f["id"].SetDouble(1.5); },
        [](auto& f, auto&) { f["id"].SetInt(0); },
        [](auto& f, auto&) { f.RemoveMember("id"); },
        [](auto& f, auto&) { f["bytes"].SetInt(-1); },
        [](auto& f, auto&) { f.RemoveMember("path"); },
        [](auto& f, auto& d) { f["path"].SetString("/\xC0\xAF", d.GetAllocator()); },
        [](auto& f, auto&) { f["selected"].SetInt(2); },
        [](auto& f, auto&) { f.SetArray(); },
    };
    for (std::size_t i = 0; i < edits.size(); ++i) {
        BOOST_TEST_CONTEXT("edit " << i) {
            rapidjson::Document d = doc(kInfo);
            edits[i](d["files"][1], d);
            const auto info = parse_info(serialize(d));
            BOOST_TEST(!info.has_value());
            BOOST_TEST(!why_not(info).empty());
        }
    }
    rapidjson::Document d = doc(kInfo);
    d["files"].SetObject();
    BOOST_TEST(!parse_info(serialize(d)).has_value());
}

BOOST_AUTO_TEST_CASE(file_selected_may_be_a_bool_and_paths_are_truncated) {
    rapidjson::Document d = doc(kInfo);
    d["files"][0]["selected"].SetBool(false);
    std::string path = "/" + std::string(10'000, 'p');
    d["files"][2]["path"].SetString(path.c_str(), d.GetAllocator());
    auto info = parse_info(serialize(d));
    BOOST_REQUIRE(info.has_value());
    BOOST_TEST(!info->files[0].selected);
    BOOST_TEST(info->files[2].path.size() == kMaxNameBytes);
}

BOOST_AUTO_TEST_CASE(malformed_info_bodies) {
    for (const char* body : {"", "not json", "[]", "{}", "{\"id\": \"ABCDEFGHIJ123\"}", "null",
                             "{\"id\": \"ABCDEFGHIJ123\", \"filename\": \"truncat"}) {
        BOOST_TEST_CONTEXT("'" << body << "'") {
            const auto info = parse_info(body);
            BOOST_TEST(!info.has_value());
            BOOST_TEST(!why_not(info).empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(parses_rd_error_bodies) {
    auto e = parse_error(R"({"error": "bad_token", "error_code": 8})");
    BOOST_REQUIRE(e.has_value());
    BOOST_TEST(e->error == "bad_token");
    BOOST_TEST(e->error_code == 8);
    e = parse_error(R"({"error": "too_many_requests", "error_code": "34", "error_details": "x"})");
    BOOST_TEST(e->error_code == 34);
    e = parse_error(R"({"error_code": 7})");
    BOOST_TEST(e->error.empty());
    BOOST_TEST(!parse_error("").has_value());
    BOOST_TEST(!parse_error("<html>502</html>").has_value());
    BOOST_TEST(!parse_error("{}").has_value());
    BOOST_TEST(!parse_error("[]").has_value());
    e = parse_error("{\"error\": \"\xFF\"}");
    BOOST_TEST(e->error.empty());  // invalid UTF-8 never reaches a log
}

BOOST_AUTO_TEST_CASE(parses_the_user) {
    auto u = parse_user(R"({"id": 42, "username": "me", "email": "me@example.com", "points": 5,
        "type": "premium", "premium": 86400, "expiration": "2026-01-01T00:00:00.000Z"})");
    BOOST_REQUIRE_MESSAGE(u.has_value(), why_not(u));
    BOOST_TEST(u->id == 42);
    BOOST_TEST(u->username == "me");
    BOOST_TEST(u->type == "premium");
    BOOST_TEST(u->premium == 86400);
    BOOST_TEST(!parse_user("{}").has_value());
    BOOST_TEST(!parse_user("[").has_value());
}

BOOST_AUTO_TEST_CASE(truncate_utf8_never_splits_a_sequence) {
    std::string s = "a\xF0\x9F\x8E\xAC";  // "a🎬": 1 + 4 bytes
    for (std::size_t max = 0; max <= 6; ++max) {
        std::string t = s;
        truncate_utf8(t, max);
        BOOST_TEST_CONTEXT(max) {
            BOOST_TEST(t.size() <= max);
            BOOST_TEST(is_valid_utf8(t));
            BOOST_TEST(t == (max >= 5 ? s : max >= 1 ? std::string("a") : std::string()));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

// ---- Round trips: what the writers write, the parser reads back field by field ------

namespace {

// The members RD sends in each status (besides the ones it always sends), written out
// here rather than taken from the writer, so that a writer that drifts fails.
struct SentInStatus {
    std::string_view status;
    bool ended;
    bool speed;
    bool seeders;
};

constexpr SentInStatus kSentInStatus[] = {
    {"magnet_error", false, false, false},
    {"magnet_conversion", false, false, true},
    {"waiting_files_selection", false, false, false},
    {"queued", false, false, false},
    {"downloading", false, true, true},
    {"downloaded", true, false, false},
    {"error", false, false, false},
    {"virus", false, false, false},
    {"compressing", false, true, false},
    {"uploading", false, true, false},
    {"dead", false, false, false},
};
static_assert(std::size(kSentInStatus) == kStatusTable.size(), "a status is missing above");

// Every optional member set.
TorrentListEntry full_entry(std::string_view status) {
    TorrentListEntry e;
    e.id = "RNDTRIP123ABC";
    e.filename = "Round.Trip.2025.1080p.mkv";
    e.hash = "00112233445566778899aabbccddeeff00112233";
    e.bytes = 1'500'000'000;
    e.host = "real-debrid.com";
    e.split = 50;
    e.progress = 37.5;
    e.status = std::string(status);
    e.added = "2025-07-29T10:30:00.000Z";
    e.links = {"https://real-debrid.com/d/AAAAAAAAAAAAA",
               "https://real-debrid.com/d/BBBBBBBBBBBBB"};
    e.ended = "2025-07-29T11:00:00.000Z";
    e.speed = 2'097'152;
    e.seeders = 12;
    return e;
}

// Only the required members.
TorrentListEntry bare_entry(std::string_view status) {
    TorrentListEntry e;
    e.id = "BARE000000001";
    e.filename = "bare";
    e.hash = "ffeeddccbbaa99887766554433221100ffeeddcc";
    e.bytes = 0;
    e.status = std::string(status);
    e.added = "2024-02-29T23:59:59.000Z";
    return e;
}

template <typename T>
std::string shown(const std::optional<T>& value) {
    if (!value) return "(absent)";
    if constexpr (std::is_same_v<T, std::string>)
        return "\"" + *value + "\"";
    else
        return std::to_string(*value);
}

void check_same(const TorrentListEntry& got, const TorrentListEntry& want) {
    BOOST_TEST(got.id == want.id);
    BOOST_TEST(got.filename == want.filename);
    BOOST_TEST(got.hash == want.hash);
    BOOST_TEST(got.bytes == want.bytes);
    BOOST_TEST(got.host == want.host);
    BOOST_TEST(shown(got.split) == shown(want.split));
    BOOST_TEST(got.progress == want.progress);  // exact: no tolerance
    BOOST_TEST(got.status == want.status);
    BOOST_TEST(got.added == want.added);
    BOOST_TEST(got.links == want.links, boost::test_tools::per_element());
    BOOST_TEST(shown(got.ended) == shown(want.ended));
    BOOST_TEST(shown(got.speed) == shown(want.speed));
    BOOST_TEST(shown(got.seeders) == shown(want.seeders));
}

void check_same(const TorrentInfo& got, const TorrentInfo& want) {
    check_same(got.entry, want.entry);
    BOOST_TEST(got.original_filename == want.original_filename);
    BOOST_TEST(got.original_bytes == want.original_bytes);
    BOOST_REQUIRE(got.files.size() == want.files.size());
    for (std::size_t i = 0; i < got.files.size(); ++i) {
        BOOST_TEST_CONTEXT("file " << i) {
            BOOST_TEST(got.files[i].id == want.files[i].id);
            BOOST_TEST(got.files[i].path == want.files[i].path);
            BOOST_TEST(got.files[i].bytes == want.files[i].bytes);
            BOOST_TEST(got.files[i].selected == want.files[i].selected);
        }
    }
}

TorrentListEntry through_list(const TorrentListEntry& e) {
    const std::string body = list_json({e});
    const auto parsed = parse_list(body);
    BOOST_REQUIRE_MESSAGE(parsed.ok(), why_not(parsed));
    const ParsedList& r = *parsed;
    BOOST_REQUIRE_MESSAGE(r.skipped == 0u, (r.reasons.empty() ? "" : r.reasons[0]) << ": " << body);
    BOOST_REQUIRE(r.entries.size() == 1u);
    return r.entries[0];
}

TorrentInfo through_info(const TorrentInfo& info) {
    const std::string body = info_json(info);
    auto parsed = parse_info(body);
    BOOST_REQUIRE_MESSAGE(parsed.has_value(), why_not(parsed) << ": " << body);
    return *parsed;
}

TorrentInfo pack_info(std::string_view status) {
    TorrentInfo info;
    info.entry = full_entry(status);
    info.original_filename = "Round Trip (2025) [1080p] — original";
    info.original_bytes = 1'600'000'000;
    info.files = {
        {1, "/Round Trip/Round.Trip.2025.1080p.mkv", 1'499'999'000, true},
        {2, "/Round Trip/Sample/sample.mkv", 99'999'000, false},
        {3, "/Round Trip/Round.Trip.nfo", 1'000, true},
        {4, "/Round Trip/empty.txt", 0, false},
    };
    return info;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rd_wire_round_trip)

BOOST_AUTO_TEST_CASE(a_full_entry_in_every_status_keeps_what_its_status_sends) {
    for (const SentInStatus& row : kSentInStatus) {
        BOOST_TEST_CONTEXT(row.status) {
            const TorrentListEntry e = full_entry(row.status);
            const TorrentListEntry got = through_list(e);
            TorrentListEntry want = e;
            if (!row.ended) want.ended.reset();
            if (!row.speed) want.speed.reset();
            if (!row.seeders) want.seeders.reset();
            check_same(got, want);
            check_same(as_sent(e), want);

            // Left out, not written as null: RD's own shape.
            rapidjson::Document written = doc(list_json({e}).c_str());
            BOOST_TEST(written[0].HasMember("ended") == row.ended);
            BOOST_TEST(written[0].HasMember("speed") == row.speed);
            BOOST_TEST(written[0].HasMember("seeders") == row.seeders);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_bare_entry_in_every_status_comes_back_bare_with_the_default_split) {
    for (const auto& word : kStatusTable) {
        BOOST_TEST_CONTEXT(word.name) {
            const TorrentListEntry e = bare_entry(word.name);
            TorrentListEntry want = e;
            want.split = kDefaultSplit;
            check_same(through_list(e), want);
            check_same(as_sent(e), want);
        }
    }
}

BOOST_AUTO_TEST_CASE(each_optional_member_alone) {
    // One member at a time on a bare entry in a status that sends it.
    const std::vector<std::function<void(TorrentListEntry&)>> edits = {
        [](auto& e) { e.host = "real-debrid.com"; },
        [](auto& e) { e.split = 0; },
        [](auto& e) { e.progress = 100; },
        [](auto& e) { e.links = {"https://real-debrid.com/d/ONLYONELINK01"}; },
        [](auto& e) { e.ended = "2025-01-01T00:00:00.000Z"; },
        [](auto& e) { e.speed = 0; },
        [](auto& e) { e.seeders = 0; },
    };
    for (std::size_t i = 0; i < edits.size(); ++i) {
        BOOST_TEST_CONTEXT("edit " << i) {
            TorrentListEntry e = bare_entry(i == 4 ? "downloaded" : "downloading");
            e.split = 7;
            edits[i](e);
            check_same(through_list(e), e);
        }
    }
}

BOOST_AUTO_TEST_CASE(unicode_and_awkward_text_survives) {
    TorrentListEntry e = full_entry("downloaded");
    e.filename = "Ünïcödé 日本語 🎬 \"quotes\" \\back\\slash\\ <b>&amp;</b> tab\there\nnew\x01line";
    e.links = {"https://real-debrid.com/d/ÉÈ🎬", "https://real-debrid.com/d/a\"b\\c"};
    e.host = "réal-debrid.com";
    check_same(through_list(e), as_sent(e));

    // A name exactly at the limit is kept whole; the writer never cuts.
    std::string at_limit;
    while (at_limit.size() + 4 <= kMaxNameBytes) at_limit += "🎬";
    at_limit.append(kMaxNameBytes - at_limit.size(), 'x');
    e.filename = at_limit;
    check_same(through_list(e), as_sent(e));
}

BOOST_AUTO_TEST_CASE(zero_and_huge_numbers_survive) {
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    for (std::int64_t n : {std::int64_t{0}, std::int64_t{1}, std::int64_t{4'294'967'296},
                           std::int64_t{9'007'199'254'740'993},  // 2^53 + 1: not a double
                           kMax}) {
        BOOST_TEST_CONTEXT(n) {
            TorrentListEntry e = full_entry("downloading");
            e.bytes = n;
            e.split = n;
            e.speed = n;
            e.seeders = n;
            check_same(through_list(e), as_sent(e));

            TorrentInfo info = pack_info("downloading");
            info.original_bytes = n;
            info.files[0].bytes = n;
            info.files[1].id = n == 0 ? 1 : n;
            TorrentInfo want = info;
            want.entry = as_sent(info.entry);
            check_same(through_info(info), want);
        }
    }
}

BOOST_AUTO_TEST_CASE(progress_with_few_decimals_survives_to_the_last_bit) {
    for (double p :
         {0.0, 100.0, 12.5, 99.87, 0.1, 0.01, 43.2, 66.67, 33.333333333333, 99.999999999999}) {
        BOOST_TEST_CONTEXT(p) {
            TorrentListEntry e = full_entry("downloading");
            e.progress = p;
            check_same(through_list(e), as_sent(e));  // progress compared exactly
        }
    }
}

BOOST_AUTO_TEST_CASE(progress_with_17_digits_survives_within_rapidjson_rounding) {
    // RapidJSON's default conversion may miss the nearest double by a few bits here
    // (its exact mode is unsafe on hostile input: see wire_parse.cpp).
    for (double p : {1.0 / 3, 200.0 / 3, 42.123456789012345, std::nextafter(100.0, 0.0),
                     0.30000000000000004, std::nextafter(0.0, 1.0), 1e-300}) {
        BOOST_TEST_CONTEXT(p) {
            TorrentListEntry e = full_entry("downloading");
            e.progress = p;
            TorrentListEntry got = through_list(e);
            BOOST_TEST(std::fabs(got.progress - p) <= 1e-12);
            got.progress = p;
            check_same(got, as_sent(e));
        }
    }
}

BOOST_AUTO_TEST_CASE(whole_progress_is_written_as_an_integer) {
    TorrentListEntry e = full_entry("downloaded");
    e.progress = 100;
    rapidjson::Document written = doc(list_json({e}).c_str());
    BOOST_TEST(written[0]["progress"].IsInt());
    e.progress = 12.5;
    written = doc(list_json({e}).c_str());
    BOOST_TEST(written[0]["progress"].IsDouble());
}

BOOST_AUTO_TEST_CASE(a_progress_that_is_not_a_number_is_written_as_zero) {
    TorrentListEntry e = full_entry("downloading");
    e.progress = std::numeric_limits<double>::quiet_NaN();
    TorrentListEntry got = through_list(e);
    BOOST_TEST(got.progress == 0.0);
    e.progress = std::numeric_limits<double>::infinity();
    BOOST_TEST(through_list(e).progress == 0.0);
}

BOOST_AUTO_TEST_CASE(a_list_keeps_its_order_and_every_entry) {
    std::vector<TorrentListEntry> entries;
    for (const auto& word : kStatusTable) {
        TorrentListEntry e = full_entry(word.name);
        e.id = "ORDER" + std::string(8 - std::to_string(entries.size()).size(), '0') +
               std::to_string(entries.size());
        entries.push_back(as_sent(e));
    }
    const auto parsed = parse_list(list_json(entries));
    BOOST_REQUIRE_MESSAGE(parsed.ok(), why_not(parsed));
    const ParsedList& r = *parsed;
    BOOST_TEST(r.skipped == 0u);
    BOOST_REQUIRE(r.entries.size() == entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        BOOST_TEST_CONTEXT("entry " << i) {
            check_same(r.entries[i], entries[i]);
        }
    }
    BOOST_TEST(parse_list(list_json({})).ok());
    BOOST_TEST(parse_list(list_json({}))->entries.empty());
}

BOOST_AUTO_TEST_CASE(an_info_in_every_status) {
    for (const auto& word : kStatusTable) {
        BOOST_TEST_CONTEXT(word.name) {
            TorrentInfo info = pack_info(word.name);
            TorrentInfo want = info;
            want.entry = as_sent(info.entry);
            check_same(through_info(info), want);
        }
    }
}

BOOST_AUTO_TEST_CASE(an_info_with_nothing_optional) {
    TorrentInfo info;
    info.entry = bare_entry("magnet_conversion");
    info.entry.split = 2;
    check_same(through_info(info), info);  // no files, empty original name, 0 bytes
}

BOOST_AUTO_TEST_CASE(an_info_keeps_unicode_paths_and_selection) {
    TorrentInfo info = pack_info("downloaded");
    info.original_filename = "東京物語 (1953) 🎬 \"Tōkyō Monogatari\"";
    info.files = {{1, "/東京物語/東京物語.mkv", 5, true},
                  {2, "/東京物語/Ünïcödé \\ \"sub\".srt", 6, false},
                  {3, "/x", 0, true}};
    info.error = "not an RD member";
    TorrentInfo want = info;
    want.entry = as_sent(info.entry);
    want.error.clear();
    TorrentInfo got = through_info(info);
    check_same(got, want);
    BOOST_TEST(got.error.empty());

    // selected is RD's 0/1, not a JSON boolean.
    rapidjson::Document written = doc(info_json(info).c_str());
    BOOST_TEST(written["files"][0]["selected"].IsInt());
    BOOST_TEST(written["files"][0]["selected"].GetInt() == 1);
    BOOST_TEST(written["files"][1]["selected"].GetInt() == 0);
    BOOST_TEST(!written.HasMember("error"));
}

BOOST_AUTO_TEST_CASE(error_bodies) {
    const std::pair<std::string, std::int64_t> bodies[] = {
        {"bad_token", 8},         {"too_many_requests", 34},
        {"internal", -1},         {"", 0},
        {"unknown_ressource", 7}, {"ünïcödé", std::numeric_limits<std::int64_t>::max()},
    };
    for (const auto& [error, code] : bodies) {
        BOOST_TEST_CONTEXT(error << " " << code) {
            auto got = parse_error(error_json(error, code));
            BOOST_REQUIRE(got.has_value());
            BOOST_TEST(got->error == error);
            BOOST_TEST(got->error_code == code);
        }
    }
}

BOOST_AUTO_TEST_CASE(the_user) {
    UserInfo user;
    user.id = 1'000'001;
    user.username = "démo_🎬";
    user.type = "premium";
    user.premium = 30 * 86'400;
    user.expiration = "2025-08-28T10:30:00.000Z";
    auto got = parse_user(user_json(user));
    BOOST_REQUIRE_MESSAGE(got.has_value(), why_not(got));
    BOOST_TEST(got->id == user.id);
    BOOST_TEST(got->username == user.username);
    BOOST_TEST(got->type == user.type);
    BOOST_TEST(got->premium == user.premium);
    BOOST_TEST(got->expiration == user.expiration);

    UserInfo free_user;
    free_user.id = 7;
    free_user.type = "free";
    got = parse_user(user_json(free_user));
    BOOST_REQUIRE_MESSAGE(got.has_value(), why_not(got));
    BOOST_TEST(got->id == 7);
    BOOST_TEST(got->username.empty());
    BOOST_TEST(got->type == "free");
    BOOST_TEST(got->premium == 0);
    BOOST_TEST(got->expiration.empty());
}

BOOST_AUTO_TEST_CASE(an_added_torrent_names_an_rd_id) {
    // As RD documents addMagnet's 201.
    auto added = parse_added(
        R"({"id": "ABCDEFGHIJKL2", "uri": "https://api.real-debrid.com/rest/1.0/torrents/info/ABCDEFGHIJKL2"})");
    BOOST_REQUIRE_MESSAGE(added.has_value(), why_not(added));
    BOOST_TEST(added->id == "ABCDEFGHIJKL2");
    for (const char* bad : {R"({"id": "../../user"})", R"({"id": 12})", R"({"uri": "x"})", "[]",
                            "{", R"({"id": "ABCDEFGHIJKL2/../x"})"})
        BOOST_TEST(!parse_added(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(an_unrestricted_link_must_be_a_web_url) {
    // As RD documents /unrestrict/link's answer.
    auto u = parse_unrestricted(R"({"id": "QWERTY", "filename": "Movie.2024.mkv",
        "mimeType": "video/x-matroska", "filesize": 4812345678, "link":
        "https://real-debrid.com/d/QWERTYUIOP123", "host": "real-debrid.com", "chunks": 32,
        "crc": 1, "download": "https://abc.download.real-debrid.com/d/QWERTY/Movie.2024.mkv",
        "streamable": 1})");
    BOOST_REQUIRE_MESSAGE(u.has_value(), why_not(u));
    BOOST_TEST(u->download == "https://abc.download.real-debrid.com/d/QWERTY/Movie.2024.mkv");
    BOOST_TEST(u->filename == "Movie.2024.mkv");
    BOOST_TEST(u->mime_type == "video/x-matroska");
    BOOST_TEST(u->filesize == 4812345678);
    BOOST_TEST(u->streamable);
    // A page links to `download`: nothing but http(s), no spaces, no control bytes.
    const char* refused[] = {
        R"j({"download": "javascript:alert(1)"})j",
        R"({"download": "data:text/html,x"})",
        R"({"download": "https://x y"})",
        R"({"download": "https://x\u0000y"})",
        R"({"download": 5})",
        R"({"filename": "x"})",
        R"({"download": "https://x", "filesize": -1})",
    };
    for (const char* bad : refused) BOOST_TEST(!parse_unrestricted(bad).has_value(), bad);
}

BOOST_AUTO_TEST_SUITE_END()
