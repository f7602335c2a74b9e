// Golden files: bodies written by hand in the shapes Real-Debrid documents and sends
// (tests/unit/fixtures/rd/), never by our writer, so that parser and writer cannot
// drift away from RD together.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include <rapidjson/document.h>

#include "rd/wire.h"

using namespace redriva;
using namespace redriva::rd;

namespace {

// Why a parse failed ("" when it did not): for the tests' messages.
template <typename T>
std::string why_not(const Result<T>& parsed) {
    return parsed ? std::string() : parsed.error().message;
}

std::string fixture(const std::string& name) {
    const std::string path = REDRIVA_SOURCE_DIR "/tests/unit/fixtures/rd/" + name;
    std::ifstream in(path, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "cannot read " << path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

rapidjson::Document json_of(const std::string& text) {
    rapidjson::Document d;
    d.Parse(text.c_str(), text.size());
    BOOST_REQUIRE(!d.HasParseError());
    return d;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rd_wire_fixtures)

BOOST_AUTO_TEST_CASE(the_torrent_list) {
    const auto parsed = parse_list(fixture("torrents.json"));
    BOOST_REQUIRE_MESSAGE(parsed.ok(), why_not(parsed));
    const ParsedList& r = *parsed;
    BOOST_TEST(r.skipped == 0u);
    BOOST_REQUIRE(r.entries.size() == 6u);

    // Finished: integer progress, `ended`, one link, no speed or seeders.
    const TorrentListEntry& done = r.entries[0];
    BOOST_TEST(done.id == "QWERTY7ZX3KLM");
    BOOST_TEST(done.filename == "Big.Buck.Bunny.2008.1080p.BluRay.x264.mkv");
    BOOST_TEST(done.hash == "dd8255ecdc7ca55fb0bbf81323d87062db1f6d1c");
    BOOST_TEST(done.bytes == 928'670'754);
    BOOST_TEST(done.host == "real-debrid.com");
    BOOST_TEST(done.split.value_or(-1) == 2000);
    BOOST_TEST(done.progress == 100.0);
    BOOST_TEST(done.status == "downloaded");
    BOOST_TEST(done.added == "2025-06-14T08:02:11.000Z");
    BOOST_REQUIRE(done.links.size() == 1u);
    BOOST_TEST(done.links[0] == "https://real-debrid.com/d/7HJQ2LW4XKPRA");
    BOOST_TEST(done.ended.value_or("") == "2025-06-14T08:09:47.000Z");
    BOOST_TEST(!done.speed.has_value());
    BOOST_TEST(!done.seeders.has_value());

    // Downloading: fractional progress, speed and seeders, no links yet, no `ended`.
    const TorrentListEntry& moving = r.entries[1];
    BOOST_TEST(moving.id == "ASDFGH2N8B4VC");
    BOOST_TEST(moving.filename == "Sintel (2010) [4K] Complete");
    BOOST_TEST(moving.bytes == 4'294'967'296);  // past 32 bits
    BOOST_TEST(moving.split.value_or(-1) == 50);
    BOOST_TEST(moving.progress == 12.5);
    BOOST_TEST(moving.status == "downloading");
    BOOST_TEST(moving.links.empty());
    BOOST_TEST(!moving.ended.has_value());
    BOOST_TEST(moving.speed.value_or(-1) == 3'145'728);
    BOOST_TEST(moving.seeders.value_or(-1) == 37);

    // Converting a magnet: nothing known yet, 0 bytes, seeders only.
    const TorrentListEntry& magnet = r.entries[2];
    BOOST_TEST(magnet.id == "ZXCVBN5M1QW9E");
    BOOST_TEST(magnet.bytes == 0);
    BOOST_TEST(magnet.progress == 0.0);
    BOOST_TEST(magnet.status == "magnet_conversion");
    BOOST_TEST(!magnet.speed.has_value());
    BOOST_TEST(magnet.seeders.value_or(-1) == 0);

    // A name in several scripts, waiting for a file selection.
    const TorrentListEntry& waiting = r.entries[3];
    BOOST_TEST(waiting.id == "POIUYT6R4E2WQ");
    BOOST_TEST(waiting.filename ==
               "Le Fabuleux Destin d\xE2\x80\x99"
               "Am\xC3\xA9lie Poulain \xE2\x80\x94 \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x8E\xAC");
    BOOST_TEST(waiting.status == "waiting_files_selection");
    BOOST_TEST(waiting.bytes == 2'147'483'648);
    BOOST_TEST(!waiting.ended.has_value());
    BOOST_TEST(!waiting.speed.has_value());
    BOOST_TEST(!waiting.seeders.has_value());

    // Compressing: a progress with two decimals, speed but no seeders.
    const TorrentListEntry& compressing = r.entries[4];
    BOOST_TEST(compressing.id == "LKJHGF3D5S7AQ");
    BOOST_TEST(compressing.progress == 99.87);
    BOOST_TEST(compressing.status == "compressing");
    BOOST_TEST(compressing.speed.value_or(-1) == 524'288);
    BOOST_TEST(!compressing.seeders.has_value());

    // Failed part way: the progress where it stopped, nothing else.
    const TorrentListEntry& failed = r.entries[5];
    BOOST_TEST(failed.id == "MNBVCX8Z2L4KJ");
    BOOST_TEST(failed.bytes == 23'622'320'128);
    BOOST_TEST(failed.progress == 43.2);
    BOOST_TEST(failed.status == "error");
    BOOST_TEST(failed.added == "2025-05-02T17:45:30.000Z");
    BOOST_TEST(!failed.ended.has_value());
    BOOST_TEST(!failed.speed.has_value());
    BOOST_TEST(!failed.seeders.has_value());
}

BOOST_AUTO_TEST_CASE(a_finished_torrent_s_info) {
    auto info = parse_info(fixture("torrent_info.json"));
    BOOST_REQUIRE_MESSAGE(info.has_value(), why_not(info));
    BOOST_TEST(info->entry.id == "QWERTY7ZX3KLM");
    BOOST_TEST(info->entry.filename == "Big.Buck.Bunny.2008.1080p.BluRay.x264");
    BOOST_TEST(info->original_filename == "Big Buck Bunny (2008) [1080p BluRay]");
    BOOST_TEST(info->entry.bytes == 928'670'754);
    BOOST_TEST(info->original_bytes == 928'702'311);
    BOOST_TEST(info->entry.progress == 100.0);
    BOOST_TEST(info->entry.status == "downloaded");
    BOOST_TEST(info->entry.ended.value_or("") == "2025-06-14T08:09:47.000Z");
    BOOST_TEST(!info->entry.speed.has_value());
    BOOST_TEST(!info->entry.seeders.has_value());

    // Two selected files, two links, in file order; the sample is not selected.
    BOOST_REQUIRE(info->entry.links.size() == 2u);
    BOOST_TEST(info->entry.links[0] == "https://real-debrid.com/d/7HJQ2LW4XKPRA");
    BOOST_TEST(info->entry.links[1] == "https://real-debrid.com/d/N3VB6TQ8ZLMYD");
    BOOST_REQUIRE(info->files.size() == 3u);
    const std::string dir = "/Big.Buck.Bunny.2008.1080p.BluRay.x264/";
    BOOST_TEST(info->files[0].id == 1);
    BOOST_TEST(info->files[0].path == dir + "Big.Buck.Bunny.2008.1080p.BluRay.x264.mkv");
    BOOST_TEST(info->files[0].bytes == 928'660'480);
    BOOST_TEST(info->files[0].selected);
    BOOST_TEST(info->files[1].id == 2);
    BOOST_TEST(info->files[1].path == dir + "Big.Buck.Bunny.2008.1080p.BluRay.x264.nfo");
    BOOST_TEST(info->files[1].bytes == 10'274);
    BOOST_TEST(info->files[1].selected);
    BOOST_TEST(info->files[2].id == 3);
    BOOST_TEST(info->files[2].path == dir + "Sample/sample.mkv");
    BOOST_TEST(info->files[2].bytes == 31'557);
    BOOST_TEST(!info->files[2].selected);
    // The selected files add up to `bytes`, the whole torrent to `original_bytes`.
    BOOST_TEST(info->files[0].bytes + info->files[1].bytes == info->entry.bytes);
    BOOST_TEST(info->files[0].bytes + info->files[1].bytes + info->files[2].bytes ==
               info->original_bytes);
}

BOOST_AUTO_TEST_CASE(a_downloading_torrent_s_info) {
    auto info = parse_info(fixture("torrent_info_downloading.json"));
    BOOST_REQUIRE_MESSAGE(info.has_value(), why_not(info));
    BOOST_TEST(info->entry.id == "ASDFGH2N8B4VC");
    BOOST_TEST(info->entry.progress == 12.5);
    BOOST_TEST(info->entry.status == "downloading");
    BOOST_TEST(info->entry.split.value_or(-1) == 50);
    BOOST_TEST(info->entry.speed.value_or(-1) == 3'145'728);
    BOOST_TEST(info->entry.seeders.value_or(-1) == 37);
    BOOST_TEST(!info->entry.ended.has_value());
    BOOST_TEST(info->entry.links.empty());
    BOOST_TEST(info->original_bytes == 4'294'967'296);
    BOOST_REQUIRE(info->files.size() == 1u);
    BOOST_TEST(info->files[0].id == 1);
    BOOST_TEST(info->files[0].path == "/Sintel (2010) [4K] Complete/Sintel.2010.4K.mkv");
    BOOST_TEST(info->files[0].bytes == 4'294'967'296);
    BOOST_TEST(info->files[0].selected);
}

BOOST_AUTO_TEST_CASE(an_error_body) {
    auto error = parse_error(fixture("error.json"));
    BOOST_REQUIRE(error.has_value());
    BOOST_TEST(error->error == "bad_token");
    BOOST_TEST(error->error_code == 8);
}

BOOST_AUTO_TEST_CASE(the_user) {
    auto user = parse_user(fixture("user.json"));
    BOOST_REQUIRE_MESSAGE(user.has_value(), why_not(user));
    BOOST_TEST(user->id == 4'815'162);
    BOOST_TEST(user->username == "bunny_fan");
    BOOST_TEST(user->type == "premium");
    BOOST_TEST(user->premium == 7'776'000);
    BOOST_TEST(user->expiration == "2025-10-27T09:14:05.000Z");
}

// The fake server's bodies are RD's: writing what was parsed from a golden file gives
// that file back, member for member (order and whitespace aside).
BOOST_AUTO_TEST_CASE(the_writer_reproduces_the_list_and_info_fixtures) {
    const std::string list = fixture("torrents.json");
    const auto parsed = parse_list(list);
    BOOST_REQUIRE_MESSAGE(parsed.ok(), why_not(parsed));
    const ParsedList& r = *parsed;
    rapidjson::Document want = json_of(list);
    rapidjson::Document got = json_of(list_json(r.entries));
    BOOST_REQUIRE(got.Size() == want.Size());
    for (rapidjson::SizeType i = 0; i < want.Size(); ++i) {
        BOOST_TEST_CONTEXT("entry " << i) {
            BOOST_TEST(got[i].MemberCount() == want[i].MemberCount());
            for (const auto& m : want[i].GetObject()) {
                BOOST_TEST_CONTEXT(m.name.GetString()) {
                    BOOST_TEST(got[i].HasMember(m.name));
                    BOOST_TEST((got[i].HasMember(m.name) && got[i][m.name] == m.value));
                }
            }
        }
    }

    for (const char* name : {"torrent_info.json", "torrent_info_downloading.json"}) {
        BOOST_TEST_CONTEXT(name) {
            const std::string body = fixture(name);
            auto info = parse_info(body);
            BOOST_REQUIRE(info.has_value());
            BOOST_TEST((json_of(info_json(*info)) == json_of(body)));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
