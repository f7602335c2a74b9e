#include <boost/test/unit_test.hpp>

#include <functional>
#include <string>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/strings.h"
#include "sync/rd_json.h"

using namespace redriva;

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

// The valid entry with one change applied; returns the parse result and the reason.
std::optional<TorrentListEntry> entry_with(const std::function<void(rapidjson::Document&)>& edit,
                                           std::string* why = nullptr) {
    rapidjson::Document d = doc(kEntry);
    edit(d);
    std::string reason;
    auto e = parse_list_entry(d, &reason);
    if (why) *why = reason;
    return e;
}

void set_string(rapidjson::Document& d, const char* key, const std::string& value) {
    d[key].SetString(value.data(), static_cast<rapidjson::SizeType>(value.size()),
                     d.GetAllocator());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sync_rd_json)

BOOST_AUTO_TEST_CASE(parses_every_list_field) {
    rapidjson::Document d = doc(kEntry);
    std::string why;
    auto e = parse_list_entry(d, &why);
    BOOST_REQUIRE(e.has_value());
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
            std::string why;
            auto e = entry_with([&](auto& d) { d.RemoveMember(key); }, &why);
            BOOST_TEST(!e.has_value());
            BOOST_TEST(why.find(key) != std::string::npos);
            e = entry_with([&](auto& d) { d[key].SetNull(); }, &why);
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

BOOST_AUTO_TEST_CASE(bad_bytes_reject_the_item) {
    std::string why;
    BOOST_TEST(!entry_with([](auto& d) { d["bytes"].SetInt(-1); }, &why));
    BOOST_TEST(why.find("negative") != std::string::npos);
    BOOST_TEST(why.find("ABCDEFGHIJ123") != std::string::npos);  // the reason names the torrent
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
            std::string why;
            BOOST_TEST(!entry_with([&](auto& d) { set_string(d, key, bad_utf8); }, &why));
            BOOST_TEST(why.find("UTF-8") != std::string::npos);
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

    ParseListResult r = parse_list(body);
    BOOST_TEST(r.ok);
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
            ParseListResult r = parse_list(body);
            BOOST_TEST(!r.ok);
            BOOST_TEST(!r.error.empty());
            BOOST_TEST(r.entries.empty());
        }
    }
    BOOST_TEST(parse_list("[]").ok);
    BOOST_TEST(parse_list(" [ ] ").entries.empty());
}

BOOST_AUTO_TEST_CASE(deep_nesting_does_not_overflow_the_stack) {
    const std::string deep = std::string(200'000, '[') + std::string(200'000, ']');
    ParseListResult r = parse_list(deep);
    BOOST_TEST(r.ok);
    BOOST_TEST(r.skipped == 1u);
}

BOOST_AUTO_TEST_CASE(parses_every_info_field) {
    std::string why;
    auto info = parse_info(kInfo, &why);
    BOOST_REQUIRE_MESSAGE(info.has_value(), why);
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
    auto info = parse_info(serialize(d), nullptr);
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
            std::string why;
            BOOST_TEST(!parse_info(serialize(d), &why).has_value());
            BOOST_TEST(!why.empty());
        }
    }
    rapidjson::Document d = doc(kInfo);
    d["files"].SetObject();
    BOOST_TEST(!parse_info(serialize(d), nullptr).has_value());
}

BOOST_AUTO_TEST_CASE(file_selected_may_be_a_bool_and_paths_are_truncated) {
    rapidjson::Document d = doc(kInfo);
    d["files"][0]["selected"].SetBool(false);
    std::string path = "/" + std::string(10'000, 'p');
    d["files"][2]["path"].SetString(path.c_str(), d.GetAllocator());
    auto info = parse_info(serialize(d), nullptr);
    BOOST_REQUIRE(info.has_value());
    BOOST_TEST(!info->files[0].selected);
    BOOST_TEST(info->files[2].path.size() == kMaxNameBytes);
}

BOOST_AUTO_TEST_CASE(malformed_info_bodies) {
    for (const char* body : {"", "not json", "[]", "{}", "{\"id\": \"ABCDEFGHIJ123\"}", "null",
                             "{\"id\": \"ABCDEFGHIJ123\", \"filename\": \"truncat"}) {
        BOOST_TEST_CONTEXT("'" << body << "'") {
            std::string why;
            BOOST_TEST(!parse_info(body, &why).has_value());
            BOOST_TEST(!why.empty());
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
    std::string why;
    auto u = parse_user(R"({"id": 42, "username": "me", "email": "me@example.com", "points": 5,
        "type": "premium", "premium": 86400, "expiration": "2026-01-01T00:00:00.000Z"})",
                        &why);
    BOOST_REQUIRE_MESSAGE(u.has_value(), why);
    BOOST_TEST(u->id == 42);
    BOOST_TEST(u->username == "me");
    BOOST_TEST(u->type == "premium");
    BOOST_TEST(u->premium == 86400);
    BOOST_TEST(!parse_user("{}", &why).has_value());
    BOOST_TEST(!parse_user("[", &why).has_value());
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
