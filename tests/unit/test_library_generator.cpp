#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/strings.h"
#include "db/json_array.h"
#include "db/schema.h"
#include "demo/library_generator.h"
#include "domain/status.h"
#include "temp_database.h"

using namespace redriva;
using namespace redriva::demo;

namespace {

// A fixed "now" (2025-07-29T10:30:00Z) so failures reproduce.
constexpr std::int64_t kNow = 1753785000;
constexpr std::int64_t kDay = 86400;

bool is_upper_alnum(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

bool is_lower_hex(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return (c >= 'a' && c <= 'f') || (c >= '0' && c <= '9'); });
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_rar(const TorrentInfo& t) {
    return std::any_of(t.files.begin(), t.files.end(),
                       [](const TorrentFile& f) { return ends_with(f.path, ".rar"); });
}

// Every field, so that two libraries can be compared whole.
std::string fingerprint(const TorrentInfo& t) {
    const TorrentListEntry& e = t.entry;
    std::string s = e.id + '|' + e.filename + '|' + e.hash + '|' + std::to_string(e.bytes) + '|' +
                    e.host + '|' + std::to_string(e.split.value_or(-1)) + '|' +
                    std::to_string(e.progress) + '|' + e.status + '|' + e.added + '|' +
                    db::encode_string_array(e.links) + '|' + e.ended.value_or("-") + '|' +
                    std::to_string(e.speed.value_or(-1)) + '|' +
                    std::to_string(e.seeders.value_or(-1)) + '|' + t.original_filename + '|' +
                    std::to_string(t.original_bytes) + '|' + t.error;
    for (const TorrentFile& f : t.files)
        s += '|' + std::to_string(f.id) + f.path + std::to_string(f.bytes) +
             (f.selected ? "+" : "-");
    return s;
}

// One shared library: generating it once keeps the suite fast.
const std::vector<TorrentInfo>& library() {
    static const std::vector<TorrentInfo> torrents =
        LibraryGenerator(42, kNow, 20000).generate(20000);
    return torrents;
}

std::int64_t count(db::Database& database, const std::string& sql) {
    auto stmt = database.prepare(sql);
    auto use = stmt.use();
    return use.step() ? use.int64(0) : -1;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(library_generator)

BOOST_AUTO_TEST_CASE(is_deterministic_for_a_seed) {
    auto a = LibraryGenerator(7, kNow, 500).generate(500);
    auto b = LibraryGenerator(7, kNow, 500).generate(500);
    auto c = LibraryGenerator(8, kNow, 500).generate(500);
    BOOST_REQUIRE_EQUAL(a.size(), 500u);
    BOOST_REQUIRE_EQUAL(b.size(), 500u);
    std::size_t same_as_other_seed = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        BOOST_TEST(fingerprint(a[i]) == fingerprint(b[i]));
        if (fingerprint(a[i]) == fingerprint(c[i])) ++same_as_other_seed;
    }
    BOOST_TEST(same_as_other_seed == 0u);
    // The first torrents of seed 42 are also the first of library(): next() does not
    // depend on how many are drawn at once.
    auto prefix = LibraryGenerator(42, kNow, 20000).generate(10);
    for (std::size_t i = 0; i < prefix.size(); ++i)
        BOOST_TEST(fingerprint(prefix[i]) == fingerprint(library()[i]));
}

BOOST_AUTO_TEST_CASE(a_seed_gives_the_same_library_everywhere) {
    // Pinned on purpose: a seed must give the same library with any compiler and
    // standard library (the generator shapes raw mt19937_64 output itself). Update
    // these values when the generator is changed on purpose.
    auto torrents = LibraryGenerator(42, kNow, 1000).generate(1000);
    BOOST_TEST(torrents[0].entry.id == "W01525GYTYHG3");
    BOOST_TEST(torrents[0].entry.filename ==
               "L'Été.de.Noël.2023.Directors.Cut.1080p.HDRip.10bit.x265-VANTA.mkv");
    BOOST_TEST(torrents[0].entry.added == "2024-05-13T00:52:25.000Z");
    BOOST_TEST(torrents[0].entry.bytes == 6534955357);
    BOOST_TEST(torrents[999].entry.id == "9ZD95CPUEOHU2");
    BOOST_TEST(torrents[999].entry.filename ==
               "Young.Machine.Kingdom.Iron.S04.1080p.BluRay.H.264-HALO");
}

BOOST_AUTO_TEST_CASE(ids_and_hashes_are_well_formed_and_ids_unique) {
    std::set<std::string> ids;
    std::set<char> first_chars;
    for (const TorrentInfo& t : library()) {
        BOOST_TEST_INFO("id " << t.entry.id);
        BOOST_TEST(t.entry.id.size() == 13u);
        BOOST_TEST(is_upper_alnum(t.entry.id));
        BOOST_TEST(t.entry.hash.size() == 40u);
        BOOST_TEST(is_lower_hex(t.entry.hash));
        BOOST_TEST(t.entry.host == "real-debrid.com");
        BOOST_TEST(t.entry.split.value_or(0) == 2000);
        ids.insert(t.entry.id);
        first_chars.insert(t.entry.id[0]);
    }
    BOOST_TEST(ids.size() == library().size());
    BOOST_TEST(first_chars.size() == 36u);  // the leading character is not stuck on 0-3
}

BOOST_AUTO_TEST_CASE(ids_stay_unique_past_the_announced_size) {
    // A generator told 10 may still be asked for more (the fake RD adding torrents).
    LibraryGenerator generator(5, kNow, 10);
    std::set<std::string> ids;
    for (int i = 0; i < 20000; ++i) {
        std::string id = generator.next().entry.id;
        BOOST_TEST_INFO("draw " << i);
        BOOST_TEST((id.size() == 13u && is_upper_alnum(id)));
        ids.insert(id);
    }
    BOOST_TEST(ids.size() == 20000u);
}

BOOST_AUTO_TEST_CASE(status_mix_is_realistic) {
    std::map<std::string, double> share;
    for (const TorrentInfo& t : library()) {
        BOOST_TEST(is_known_status(t.entry.status));
        share[t.entry.status] += 1.0 / static_cast<double>(library().size());
    }
    BOOST_TEST(share.size() == kStatuses.size());  // every status appears
    auto within = [&](const std::string& status, double lo, double hi) {
        BOOST_TEST_INFO(status << " share " << share[status]);
        BOOST_TEST((share[status] >= lo && share[status] <= hi));
    };
    // About four standard deviations around the target mix for 20000 draws.
    within("downloaded", 0.84, 0.86);
    within("dead", 0.034, 0.046);
    within("error", 0.015, 0.025);
    within("magnet_error", 0.0065, 0.0135);
    within("virus", 0.0008, 0.006);
    within("downloading", 0.015, 0.025);
    for (auto status :
         {"queued", "waiting_files_selection", "magnet_conversion", "compressing", "uploading"})
        within(status, 0.002, 0.03);
}

BOOST_AUTO_TEST_CASE(every_string_is_valid_utf8) {
    for (const TorrentInfo& t : library()) {
        const TorrentListEntry& e = t.entry;
        BOOST_TEST_INFO("torrent " << e.id);
        for (const std::string* s : {&e.id, &e.filename, &e.hash, &e.host, &e.status, &e.added,
                                     &t.original_filename, &t.error})
            BOOST_TEST(is_valid_utf8(*s));
        if (e.ended) BOOST_TEST(is_valid_utf8(*e.ended));
        for (const std::string& link : e.links) BOOST_TEST(is_valid_utf8(link));
        for (const TorrentFile& f : t.files) BOOST_TEST(is_valid_utf8(f.path));
    }
    for (const std::string& name : LibraryGenerator::hostile_names())
        BOOST_TEST(is_valid_utf8(name));
}

BOOST_AUTO_TEST_CASE(files_links_and_sizes_are_consistent) {
    std::size_t rar = 0, in_folders = 0, unselected = 0, few_files = 0, with_files = 0;
    for (const TorrentInfo& t : library()) {
        const TorrentListEntry& e = t.entry;
        BOOST_TEST_INFO("torrent " << e.id << " " << e.status);
        if (e.status == "magnet_error" || e.status == "magnet_conversion") {
            BOOST_TEST(t.files.empty());
            BOOST_TEST(e.bytes == 0);
        } else {
            ++with_files;
            BOOST_TEST((t.files.size() >= 1u && t.files.size() <= 50u));
            if (t.files.size() <= 5) ++few_files;
            BOOST_TEST((t.original_bytes >= 50'000'000 && t.original_bytes <= 100'000'000'000));
        }
        std::int64_t total = 0, selected_bytes = 0;
        std::size_t selected = 0;
        for (std::size_t i = 0; i < t.files.size(); ++i) {
            const TorrentFile& f = t.files[i];
            BOOST_TEST(f.id == static_cast<std::int64_t>(i + 1));
            BOOST_TEST((!f.path.empty() && f.path[0] == '/'));
            BOOST_TEST(f.bytes > 0);
            total += f.bytes;
            if (f.selected) {
                ++selected;
                selected_bytes += f.bytes;
            } else {
                ++unselected;
            }
            if (f.path.find('/', 1) != std::string::npos) ++in_folders;
        }
        BOOST_TEST(total == t.original_bytes);
        BOOST_TEST(selected_bytes == e.bytes);
        if (e.status == "waiting_files_selection") BOOST_TEST(selected == 0u);

        if (e.status != "downloaded") {
            BOOST_TEST(e.links.empty());
        } else if (is_rar(t)) {
            ++rar;
            BOOST_TEST(e.links.size() == 1u);
        } else {
            BOOST_TEST(e.links.size() == selected);
        }
        for (const std::string& link : e.links) {
            BOOST_TEST(link.size() == std::string("https://real-debrid.com/d/").size() + 13);
            BOOST_TEST(link.starts_with("https://real-debrid.com/d/"));
            BOOST_TEST(is_upper_alnum(link.substr(link.size() - 13)));
        }
    }
    BOOST_TEST(rar > 0u);
    BOOST_TEST(in_folders > 0u);
    BOOST_TEST(unselected > 0u);
    BOOST_TEST(static_cast<double>(few_files) > 0.7 * static_cast<double>(with_files));
}

BOOST_AUTO_TEST_CASE(progress_dates_and_errors_follow_the_status) {
    std::int64_t oldest = kNow;
    std::size_t last_year = 0, fifth_year = 0;
    for (const TorrentInfo& t : library()) {
        const TorrentListEntry& e = t.entry;
        BOOST_TEST_INFO("torrent " << e.id << " " << e.status);
        auto added = parse_iso8601_utc(e.added);
        BOOST_REQUIRE(added.has_value());
        BOOST_TEST(*added <= kNow);
        oldest = std::min(oldest, *added);
        if (*added > kNow - 365 * kDay) ++last_year;
        if (*added <= kNow - 4 * 365 * kDay) ++fifth_year;

        BOOST_TEST((e.progress >= 0 && e.progress <= 100));
        if (e.status == "downloaded") {
            BOOST_TEST(e.progress == 100.0);
            BOOST_REQUIRE(e.ended.has_value());
            auto ended = parse_iso8601_utc(*e.ended);
            BOOST_REQUIRE(ended.has_value());
            BOOST_TEST((*ended >= *added && *ended <= kNow));
        } else {
            BOOST_TEST(!e.ended.has_value());
        }
        if (e.status == "downloading") {
            BOOST_TEST(e.progress < 100.0);
            BOOST_TEST(e.speed.value_or(0) > 0);
            BOOST_TEST(e.seeders.has_value());
        }
        if (e.status == "queued" || e.status == "waiting_files_selection" ||
            e.status == "magnet_conversion")
            BOOST_TEST(e.progress == 0.0);
        BOOST_TEST(t.error.empty() == !is_failed(e.status));
    }
    BOOST_TEST(oldest >= kNow - 5 * 365 * kDay - 2 * kDay);
    BOOST_TEST(oldest < kNow - 4 * 365 * kDay);
    BOOST_TEST(last_year > 2 * fifth_year);  // recent years are denser
}

BOOST_AUTO_TEST_CASE(a_few_dozen_were_added_in_the_last_day) {
    for (std::size_t n : {1000u, 5000u}) {
        std::size_t recent = 0;
        for (const TorrentInfo& t : LibraryGenerator(3, kNow, n).generate(n))
            if (parse_iso8601_utc(t.entry.added).value_or(0) > kNow - kDay) ++recent;
        BOOST_TEST_INFO("library of " << n);
        BOOST_TEST((recent >= 20u && recent <= 60u));
    }
}

BOOST_AUTO_TEST_CASE(names_look_like_releases_and_include_hostile_ones) {
    const std::vector<std::string> hostile = LibraryGenerator::hostile_names();
    auto has = [&](std::string_view needle) {
        return std::any_of(hostile.begin(), hostile.end(), [&](const std::string& h) {
            return h.find(needle) != std::string::npos;
        });
    };
    BOOST_TEST(has("<script>alert(1)</script>"));
    BOOST_TEST(has("\"><img src=x onerror=alert(1)>"));
    BOOST_TEST(has("&amp;"));
    BOOST_TEST(has("&lt;"));
    BOOST_TEST(has("{{"));
    BOOST_TEST(has("'"));
    BOOST_TEST(has("\xE2\x80\xAE"));  // U+202E
    BOOST_TEST(has("\xE2\x80\x8B"));  // U+200B
    BOOST_TEST(has("\xF0\x9F"));      // an emoji
    BOOST_TEST(has("é"));
    BOOST_TEST(std::any_of(hostile.begin(), hostile.end(),
                           [](const std::string& h) { return h.size() >= 300; }));

    std::size_t with_hostile = 0, very_long = 0, dotted = 0, spaced = 0, script = 0;
    for (const TorrentInfo& t : library()) {
        const std::string& name = t.entry.filename;
        BOOST_TEST(!name.empty());
        bool hit = std::any_of(hostile.begin(), hostile.end(), [&](const std::string& h) {
            return name.find(h) != std::string::npos;
        });
        if (hit) ++with_hostile;
        if (name.find("<script>") != std::string::npos) ++script;
        if (name.size() > 300) ++very_long;
        if (name.find(".1080p.") != std::string::npos) ++dotted;
        if (name.find(" 1080p ") != std::string::npos) ++spaced;
    }
    double share = static_cast<double>(with_hostile) / static_cast<double>(library().size());
    BOOST_TEST_INFO("hostile share " << share);
    BOOST_TEST((share >= 0.015 && share <= 0.05));
    BOOST_TEST(script > 0u);
    BOOST_TEST(very_long > 0u);
    BOOST_TEST(dotted > 1000u);
    BOOST_TEST(spaced > 100u);
}

BOOST_AUTO_TEST_CASE(fill_database_writes_what_it_reports) {
    test::TempDatabasePath tmp;
    db::Database database = db::open_database(tmp.path());
    LibraryFillStats stats = fill_database(database, 4500, 11, kNow, 0.9);

    BOOST_TEST(stats.torrents == 4500u);
    BOOST_TEST(count(database, "SELECT count(*) FROM torrents") == 4500);
    BOOST_TEST(count(database, "SELECT count(*) FROM torrent_details") ==
               static_cast<std::int64_t>(stats.details));
    BOOST_TEST(count(database, "SELECT count(*) FROM torrent_files") ==
               static_cast<std::int64_t>(stats.files));
    BOOST_TEST((stats.details >= 3900u && stats.details <= 4200u));
    BOOST_TEST(count(database,
                     "SELECT count(*) FROM torrent_details d JOIN torrents t "
                     "USING (id) WHERE d.name <> t.filename OR d.links <> t.links") == 0);
    BOOST_TEST(count(database,
                     "SELECT count(*) FROM torrent_details d WHERE files_count <> "
                     "(SELECT count(*) FROM torrent_files f WHERE f.torrent_id = d.id)") == 0);
    BOOST_TEST(count(database,
                     "SELECT count(*) FROM torrents_fts WHERE torrents_fts MATCH "
                     "'1080p'") > 100);

    // The same seed fills a second database with the same torrents, whatever the coverage.
    test::TempDatabasePath tmp2;
    db::Database other = db::open_database(tmp2.path());
    fill_database(other, 4500, 11, kNow, 0.5);
    auto ids = [](db::Database& d) {
        auto stmt = d.prepare(
            "SELECT group_concat(id || filename || bytes, ',') FROM "
            "(SELECT * FROM torrents ORDER BY rowid)");
        auto use = stmt.use();
        return use.step() ? use.str(0) : std::string();
    };
    BOOST_TEST(!ids(database).empty());
    BOOST_TEST((ids(database) == ids(other)));
}

BOOST_AUTO_TEST_SUITE_END()
