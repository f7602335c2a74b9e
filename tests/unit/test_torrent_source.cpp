// What an add reads before it queues anything: the info hash of a magnet link or
// of a .torrent file (SHA-1 of its bencoded info dictionary), strictly; and the
// form the file is kept in with its job. The expected hashes were computed apart
// (Python's hashlib over the same info bytes).
#include <boost/test/unit_test.hpp>

#include <string>

#include "common/strings.h"
#include "domain/torrent_source.h"

using namespace redriva;

namespace {

const std::string kSingleFile =
    "d8:announce12:http://t/ann4:infod6:lengthi1000e4:name8:file.mkv12:piece lengthi16384e"
    "6:pieces20:AAAAAAAAAAAAAAAAAAAAee";
const std::string kMultiFile =
    "d4:infod5:filesld6:lengthi700e4:pathl5:a.mkveed6:lengthi300e4:pathl3:sub5:b.srteee"
    "4:name4:Show12:piece lengthi16384e6:pieces20:BBBBBBBBBBBBBBBBBBBBee";

}  // namespace

BOOST_AUTO_TEST_SUITE(torrent_source)

BOOST_AUTO_TEST_CASE(magnet_hex_and_base32_give_the_same_lower_case_hash) {
    auto hex = parse_magnet(
        "magnet:?xt=urn:btih:C12FE1C06BBA254A9DC9F519B335AA7C1367A88A&dn=A+Movie%20(2020)&tr=udp://"
        "x");
    BOOST_REQUIRE(hex);
    BOOST_TEST(hex->hash == "c12fe1c06bba254a9dc9f519b335aa7c1367a88a");
    BOOST_TEST(hex->name == "A Movie (2020)");
    auto b32 = parse_magnet("magnet:?dn=x&xt=urn:btih:YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKEK");
    BOOST_REQUIRE(b32);
    BOOST_TEST(b32->hash == hex->hash);
    auto lower32 = parse_magnet("magnet:?xt=urn:btih:yex6dqdlxisuvhoj6um3gnnkpqjwpkek");
    BOOST_REQUIRE(lower32);
    BOOST_TEST(lower32->hash == hex->hash);
}

BOOST_AUTO_TEST_CASE(magnets_without_a_usable_v1_hash_are_refused) {
    for (const char* bad : {
             "", "http://example.com/a.torrent", "magnet:?dn=no-hash",
             "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88",       // 39 digits
             "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88az",     // 41
             "magnet:?xt=urn:btih:g12fe1c06bba254a9dc9f519b335aa7c1367a88a",      // not hex
             "magnet:?xt=urn:btih:YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKE1",              // 1 is not base32
             "magnet:?xt=urn:btmh:1220c12fe1c06bba254a9dc9f519b335aa7c1367a88a",  // v2 only
             "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a"
             "&xt=urn:btih:0000000000000000000000000000000000000000",  // two hashes
         })
        BOOST_TEST(!parse_magnet(bad), bad);
    BOOST_TEST(!parse_magnet("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&tr=" +
                             std::string(kMaxMagnetBytes, 'x')));
    // A name that does not decode is dropped, not a reason to refuse the magnet.
    auto odd = parse_magnet("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=%zz");
    BOOST_REQUIRE(odd);
    BOOST_TEST(odd->name.empty());
}

BOOST_AUTO_TEST_CASE(a_single_file_torrent_hashes_its_info_dictionary) {
    auto info = parse_torrent_file(kSingleFile);
    BOOST_REQUIRE_MESSAGE(info, (info ? "" : info.error().message));
    BOOST_TEST(info->hash == "9f99f4d1f0d8de47a1cb2cf959c6e933ff4027df");
    BOOST_TEST(info->name == "file.mkv");
    BOOST_TEST(info->bytes == 1000);
    BOOST_TEST(info->files == 1u);
}

BOOST_AUTO_TEST_CASE(a_multi_file_torrent_adds_its_files_up) {
    auto info = parse_torrent_file(kMultiFile);
    BOOST_REQUIRE_MESSAGE(info, (info ? "" : info.error().message));
    BOOST_TEST(info->hash == "39e3926c001ce04503f054ea2cbef0a9bc0ea67a");
    BOOST_TEST(info->name == "Show");
    BOOST_TEST(info->bytes == 1000);
    BOOST_TEST(info->files == 2u);
}

BOOST_AUTO_TEST_CASE(malformed_torrent_files_are_refused_with_a_reason) {
    for (const std::string& bad : {
             std::string(), std::string("not bencode"),
             std::string("d4:infoi1ee"),                      // info is not a dictionary
             std::string("d8:announce3:urle"),                // no info
             std::string("d4:infod4:name1:xee"),              // names no file
             kSingleFile.substr(0, kSingleFile.size() - 1),   // cut short
             kSingleFile + "x",                               // bytes after the end
             std::string("d4:infod6:lengthi-1e4:name1:xee"),  // negative size
             std::string("d4:infod6:lengthi01e4:name1:xee"),  // leading zero
             std::string("d4:infod6:lengthi1e4:name99:xee"),  // string longer than the file
             std::string(200, 'l'),                           // deeper than allowed
         }) {
        auto info = parse_torrent_file(bad);
        BOOST_TEST(!info, bad.substr(0, 60));
        if (!info) BOOST_TEST(info.error().message.starts_with("not a .torrent file"));
    }
}

BOOST_AUTO_TEST_CASE(a_torrent_file_survives_its_trip_through_a_job_item) {
    const std::string input = torrent_file_input(kMultiFile);
    BOOST_TEST(input.starts_with("data:application/x-bittorrent;base64,"));
    auto back = torrent_file_of_input(input);
    BOOST_REQUIRE(back);
    BOOST_TEST(*back == kMultiFile);
    BOOST_TEST(
        !torrent_file_of_input("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a"));
}

BOOST_AUTO_TEST_CASE(base64_round_trips_and_refuses_non_canonical_text) {
    for (const std::string& bytes :
         {std::string(), std::string("f"), std::string("fo"), std::string("foo"),
          std::string("foob"), std::string("\0\xff\x10", 3)}) {
        auto back = base64_decode(base64_encode(bytes));
        BOOST_REQUIRE(back);
        BOOST_TEST(*back == bytes);
    }
    BOOST_TEST(base64_encode("foob") == "Zm9vYg==");
    for (const char* bad : {"Zm9", "Zm9vYg=", "Zm9vYh==", "Zm=v", "Zm9v!A==", "===="})
        BOOST_TEST(!base64_decode(bad), bad);
}

BOOST_AUTO_TEST_SUITE_END()
