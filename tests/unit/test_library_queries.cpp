#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "common/clock.h"
#include "db/library_queries.h"
#include "db/schema.h"
#include "db/torrent_store.h"
#include "demo/library_generator.h"
#include "temp_database.h"

using namespace redriva;
using namespace redriva::demo;

namespace {

constexpr std::int64_t kNow = 1753785000;  // 2025-07-29T10:30:00Z
constexpr std::size_t kTorrents = 2000;

// One generated library for the whole file: filling it is the slow part.
struct SharedLibrary {
    test::TempDatabasePath tmp;
    db::Database database = db::open_database(tmp.path());
    LibraryFillStats fill = fill_database(database, kTorrents, 2024, kNow, 0.95);
};

SharedLibrary& library() {
    static SharedLibrary instance;
    return instance;
}

// Every column the orders and filters look at, read without the code under test.
struct Row {
    std::int64_t rowid;
    std::string id, filename, status, added_on, hash;
    std::int64_t bytes;
    double progress;
};

std::vector<Row> all_rows(db::Database& database) {
    auto stmt = database.prepare(
        "SELECT rowid, id, filename, status, added_on, hash, bytes, progress FROM torrents");
    auto use = stmt.use();
    std::vector<Row> rows;
    while (use.step())
        rows.push_back(Row{use.int64(0), use.str(1), use.str(2), use.str(3), use.str(4), use.str(5),
                           use.int64(6), use.real(7)});
    return rows;
}

std::int64_t scalar(db::Database& database, const std::string& sql) {
    auto stmt = database.prepare(sql);
    auto use = stmt.use();
    BOOST_REQUIRE(use.step());
    return use.int64(0);
}

// SQLite's NOCASE: ASCII upper case folded to lower case, then bytewise.
std::string nocase(const std::string& s) {
    std::string out = s;
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// -1, 0, 1 on the sort key alone.
int compare_key(const Row& a, const Row& b, db::SortKey key) {
    auto three_way = [](const auto& x, const auto& y) { return x < y ? -1 : (y < x ? 1 : 0); };
    switch (key) {
        case db::SortKey::kAdded: return three_way(a.added_on, b.added_on);
        case db::SortKey::kName: return three_way(nocase(a.filename), nocase(b.filename));
        case db::SortKey::kSize: return three_way(a.bytes, b.bytes);
        case db::SortKey::kStatus: return three_way(a.status, b.status);
        case db::SortKey::kProgress: return three_way(a.progress, b.progress);
    }
    return 0;
}

// The display order computed in C++: the key, then the id, both in the same direction.
std::vector<std::int64_t> expected_order(std::vector<Row> rows, db::SortKey key, bool descending) {
    std::sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
        int c = compare_key(a, b, key);
        if (c == 0) c = a.id < b.id ? -1 : (b.id < a.id ? 1 : 0);
        return descending ? c > 0 : c < 0;
    });
    std::vector<std::int64_t> out;
    for (const auto& r : rows) out.push_back(r.rowid);
    return out;
}

std::vector<Row> where(const std::vector<Row>& rows, const std::set<std::string>& statuses) {
    std::vector<Row> out;
    for (const auto& r : rows)
        if (statuses.count(r.status)) out.push_back(r);
    return out;
}

const std::set<std::string> kActive = {
    "magnet_conversion", "waiting_files_selection", "queued", "downloading", "compressing",
    "uploading"};
const std::set<std::string> kErrors = {"magnet_error", "error", "virus", "dead"};

std::set<std::int64_t> as_set(const std::vector<std::int64_t>& v) {
    return {v.begin(), v.end()};
}

db::ListFilter search(const std::string& q) {
    db::ListFilter f;
    f.query = q;
    return f;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(library_queries)

BOOST_AUTO_TEST_CASE(stats_equal_the_sql_truth) {
    auto& lib = library();
    db::LibraryQueries queries(lib.database);
    const db::LibraryStats s = queries.stats(kNow);

    const std::int64_t total = scalar(lib.database, "SELECT count(*) FROM torrents");
    const std::int64_t details = scalar(lib.database, "SELECT count(*) FROM torrent_details");
    BOOST_TEST(total == static_cast<std::int64_t>(kTorrents));
    BOOST_TEST(details == static_cast<std::int64_t>(lib.fill.details));
    BOOST_TEST(s.total_torrents == total);
    BOOST_TEST(s.total_details == details);
    BOOST_TEST(s.total_size == scalar(lib.database, "SELECT sum(bytes) FROM torrents"));
    BOOST_TEST(
        s.active_count ==
        scalar(lib.database,
               "SELECT count(*) FROM torrents WHERE status IN ('magnet_conversion',"
               "'waiting_files_selection','queued','downloading','compressing','uploading')"));
    BOOST_TEST(s.error_count == scalar(lib.database,
                                       "SELECT count(*) FROM torrents WHERE status IN "
                                       "('magnet_error','error','virus','dead')"));
    BOOST_TEST(s.active_count > 0);
    BOOST_TEST(s.error_count > 0);

    // Recent: parsed dates, not string comparison.
    std::int64_t recent = 0;
    for (const auto& r : all_rows(lib.database)) {
        auto t = parse_iso8601_utc(r.added_on);
        BOOST_REQUIRE(t.has_value());
        if (*t >= kNow - 86400) ++recent;
    }
    BOOST_TEST(s.recent_24h == recent);
    BOOST_TEST(recent > 0);

    const double coverage =
        std::round(1000.0 * static_cast<double>(details) / static_cast<double>(total)) / 10.0;
    BOOST_TEST(s.coverage == coverage, boost::test_tools::tolerance(1e-9));

    // Status counts: every status once, by count descending then name.
    std::map<std::string, std::int64_t> truth;
    for (const auto& r : all_rows(lib.database)) ++truth[r.status];
    BOOST_TEST(s.status_counts.size() == truth.size());
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < s.status_counts.size(); ++i) {
        const auto& [status, n] = s.status_counts[i];
        BOOST_TEST(truth[status] == n);
        sum += n;
        if (i > 0) {
            const auto& prev = s.status_counts[i - 1];
            BOOST_TEST((prev.second > n || (prev.second == n && prev.first < status)));
        }
    }
    BOOST_TEST(sum == total);
}

BOOST_AUTO_TEST_CASE(stats_of_an_empty_library) {
    test::TempDatabasePath tmp;
    db::Database database = db::open_database(tmp.path());
    db::LibraryQueries queries(database);
    const db::LibraryStats s = queries.stats(kNow);
    BOOST_TEST(s.total_torrents == 0);
    BOOST_TEST(s.total_details == 0);
    BOOST_TEST(s.coverage == 0.0);
    BOOST_TEST(s.total_size == 0);
    BOOST_TEST(s.status_counts.empty());
    BOOST_TEST(queries.ordered_rowids({}).empty());
}

BOOST_AUTO_TEST_CASE(orders_equal_an_independent_sort) {
    auto& lib = library();
    db::LibraryQueries queries(lib.database);
    const auto rows = all_rows(lib.database);
    for (auto key : {db::SortKey::kAdded, db::SortKey::kName, db::SortKey::kSize,
                     db::SortKey::kStatus, db::SortKey::kProgress}) {
        for (bool descending : {false, true}) {
            BOOST_TEST_CONTEXT("sort " << static_cast<int>(key)
                                       << (descending ? " desc" : " asc")) {
                db::ListFilter f;
                f.sort = key;
                f.descending = descending;
                const auto got = queries.ordered_rowids(f);
                const auto want = expected_order(rows, key, descending);
                BOOST_TEST(got.size() == kTorrents);
                BOOST_TEST((got == want));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(status_and_group_filters) {
    auto& lib = library();
    db::LibraryQueries queries(lib.database);
    const auto rows = all_rows(lib.database);
    const std::pair<std::string, std::set<std::string>> cases[] = {
        {"downloaded", {"downloaded"}},
        {"dead", {"dead"}},
        {"downloading", {"downloading"}},
        {"active", kActive},
        {"errors", kErrors},
    };
    for (const auto& [status, set] : cases) {
        BOOST_TEST_CONTEXT("status " << status) {
            for (auto key : {db::SortKey::kAdded, db::SortKey::kName}) {
                db::ListFilter f;
                f.status = status;
                f.sort = key;
                f.descending = key == db::SortKey::kAdded;
                const auto want = expected_order(where(rows, set), key, f.descending);
                BOOST_TEST(!want.empty());
                BOOST_TEST((queries.ordered_rowids(f) == want));
            }
        }
    }
    db::ListFilter none;
    none.status = "virus_that_does_not_exist";
    BOOST_TEST(queries.ordered_rowids(none).empty());
}

BOOST_AUTO_TEST_CASE(search_by_a_word) {
    auto& lib = library();
    db::LibraryQueries queries(lib.database);
    const auto rows = all_rows(lib.database);

    // "1080p" is in many release names; every match must contain it, and every name
    // holding it as a whole ASCII word must match.
    const auto got = queries.ordered_rowids(search("1080p"));
    BOOST_TEST(got.size() > 50u);
    std::set<std::int64_t> must;
    for (const auto& r : rows) {
        const std::string name = nocase(r.filename);
        for (std::size_t pos = name.find("1080p"); pos != std::string::npos;
             pos = name.find("1080p", pos + 1)) {
            auto boundary = [&](std::size_t i) {
                const unsigned char c = static_cast<unsigned char>(name[i]);
                return !(std::isalnum(c) || c >= 0x80);
            };
            if ((pos == 0 || boundary(pos - 1)) && (pos + 5 == name.size() || boundary(pos + 5)))
                must.insert(r.rowid);
        }
    }
    const auto found = as_set(got);
    for (auto rowid : must) BOOST_TEST(found.count(rowid) == 1u);
    for (const auto& r : rows)
        if (found.count(r.rowid)) BOOST_TEST(nocase(r.filename).find("1080p") != std::string::npos);
    // In the default order (newest first).
    std::vector<Row> matching;
    for (const auto& r : rows)
        if (found.count(r.rowid)) matching.push_back(r);
    BOOST_TEST((got == expected_order(matching, db::SortKey::kAdded, true)));
    // Case and surrounding spaces do not matter; a word prefix is enough.
    BOOST_TEST((queries.ordered_rowids(search("1080P")) == got));
    BOOST_TEST(as_set(queries.ordered_rowids(search("1080"))).size() >= got.size());
}

BOOST_AUTO_TEST_CASE(search_combines_with_a_status) {
    auto& lib = library();
    db::LibraryQueries queries(lib.database);
    db::ListFilter f = search("1080p");
    f.status = "downloaded";
    const auto got = queries.ordered_rowids(f);
    const auto all = as_set(queries.ordered_rowids(search("1080p")));
    const auto rows = all_rows(lib.database);
    std::size_t expected = 0;
    for (const auto& r : rows)
        if (all.count(r.rowid) && r.status == "downloaded") ++expected;
    BOOST_TEST(got.size() == expected);
    BOOST_TEST(expected > 0u);
}

BOOST_AUTO_TEST_CASE(search_by_hash_prefix) {
    auto& lib = library();
    db::LibraryQueries queries(lib.database);
    const auto rows = all_rows(lib.database);
    for (std::size_t pick : {std::size_t{0}, std::size_t{777}, kTorrents - 1}) {
        const Row& target = rows[pick];
        BOOST_REQUIRE(target.hash.size() == 40u);
        for (std::size_t len : {std::size_t{6}, std::size_t{12}, std::size_t{40}}) {
            const std::string prefix = target.hash.substr(0, len);
            std::set<std::int64_t> want;
            for (const auto& r : rows)
                if (r.hash.compare(0, len, prefix) == 0) want.insert(r.rowid);
            BOOST_TEST_CONTEXT("prefix " << prefix) {
                BOOST_TEST(want.count(target.rowid) == 1u);
                const auto got = as_set(queries.ordered_rowids(search(prefix)));
                BOOST_TEST(got.count(target.rowid) == 1u);
                // Beyond the hash matches, only names with a word starting with it.
                for (auto rowid : got)
                    if (!want.count(rowid)) {
                        auto it = std::find_if(rows.begin(), rows.end(),
                                               [&](const Row& r) { return r.rowid == rowid; });
                        BOOST_TEST(nocase(it->filename).find(prefix) != std::string::npos);
                    }
                std::string upper = prefix;
                for (char& c : upper) c = static_cast<char>(std::toupper(c));
                BOOST_TEST((as_set(queries.ordered_rowids(search(upper))) == got));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(search_by_exact_id) {
    auto& lib = library();
    db::LibraryQueries queries(lib.database);
    const auto rows = all_rows(lib.database);
    const Row& target = rows[1234];
    BOOST_TEST(
        (queries.ordered_rowids(search(target.id)) == std::vector<std::int64_t>{target.rowid}));
    std::string lower = target.id;
    for (char& c : lower) c = static_cast<char>(std::tolower(c));
    BOOST_TEST((queries.ordered_rowids(search(lower)) == std::vector<std::int64_t>{target.rowid}));
    // A part of an id is not an id.
    const auto partial = as_set(queries.ordered_rowids(search(target.id.substr(0, 12) + "#")));
    BOOST_TEST(partial.count(target.rowid) == 0u);
}

BOOST_AUTO_TEST_CASE(search_without_words_finds_nothing) {
    auto& lib = library();
    db::LibraryQueries queries(lib.database);
    for (const char* q : {"!!!", "\"", "*", "()", "-", "zzzzqqqqxxxx"}) {
        BOOST_TEST_CONTEXT("q '" << q << "'") {
            BOOST_TEST(queries.ordered_rowids(search(q)).empty());
        }
    }
    // An empty or blank query is no search at all.
    BOOST_TEST(queries.ordered_rowids(search("")).size() == kTorrents);
    BOOST_TEST(queries.ordered_rowids(search("   ")).size() == kTorrents);
}

BOOST_AUTO_TEST_CASE(detail_of_generated_torrents) {
    auto& lib = library();
    db::LibraryQueries queries(lib.database);
    const auto rows = all_rows(lib.database);
    std::size_t with_details = 0, without = 0;
    for (std::size_t i = 0; i < rows.size(); i += 97) {
        const Row& r = rows[i];
        BOOST_TEST_CONTEXT("torrent " << r.id) {
            auto d = queries.detail(r.id);
            BOOST_REQUIRE(d.has_value());
            BOOST_TEST(d->row.rowid == r.rowid);
            BOOST_TEST(d->row.filename == r.filename);
            BOOST_TEST(d->row.bytes == r.bytes);
            auto row = queries.row_by_rowid(r.rowid);
            BOOST_REQUIRE(row.has_value());
            BOOST_TEST(row->id == r.id);
            const std::int64_t files =
                scalar(lib.database,
                       "SELECT count(*) FROM torrent_files WHERE torrent_id = '" + r.id + "'");
            BOOST_TEST(static_cast<std::int64_t>(d->files.size()) == files);
            for (std::size_t k = 1; k < d->files.size(); ++k)
                BOOST_TEST(d->files[k - 1].id < d->files[k].id);
            if (d->has_details) {
                ++with_details;
                BOOST_TEST(d->row.files_count.value_or(-1) == files);
            } else {
                ++without;
                BOOST_TEST(!d->row.files_count.has_value());
                BOOST_TEST(d->files.empty());
            }
        }
    }
    BOOST_TEST(with_details > 0u);
    BOOST_TEST(!queries.detail("NOSUCHTORRENT").has_value());
    BOOST_TEST(!queries.detail("").has_value());
    BOOST_TEST(!queries.row_by_rowid(-1).has_value());
}

BOOST_AUTO_TEST_CASE(detail_returns_files_in_file_id_order_and_links) {
    test::TempDatabasePath tmp;
    db::Database database = db::open_database(tmp.path());
    db::TorrentStore store(database);
    TorrentInfo info;
    info.entry.id = "DETAILTORRENT";
    info.entry.filename = "Some.Show.S01.1080p";
    info.entry.status = "downloaded";
    info.entry.added = "2025-07-01T00:00:00.000Z";
    info.entry.hash = "0123456789abcdef0123456789abcdef01234567";
    info.entry.host = "real-debrid.com";
    info.entry.bytes = 300;
    info.entry.progress = 100;
    info.entry.split = 2000;
    info.entry.seeders = 5;
    info.entry.ended = "2025-07-01T01:00:00.000Z";
    info.entry.links = {"https://real-debrid.com/d/A", "https://real-debrid.com/d/B"};
    info.original_filename = "Some.Show.S01.1080p.orig";
    info.original_bytes = 450;
    info.error = "";
    info.files = {
        {3, "/c.mkv", 100, true}, {1, "/a.mkv", 150, false}, {2, "/b \"q\".mkv", 50, true}};
    store.upsert_list_entry(info.entry, "2025-07-02T00:00:00.000Z");
    store.upsert_details(info, "2025-07-02T00:00:01.000Z");

    // A second torrent with no details: links come from the list entry.
    TorrentListEntry bare = info.entry;
    bare.id = "BARETORRENT00";
    bare.links = {"https://real-debrid.com/d/LISTONLY"};
    bare.ended.reset();
    bare.split.reset();
    store.upsert_list_entry(bare, "2025-07-02T00:00:00.000Z");

    db::LibraryQueries queries(database);
    auto d = queries.detail("DETAILTORRENT");
    BOOST_REQUIRE(d.has_value());
    BOOST_TEST(d->has_details);
    BOOST_REQUIRE(d->files.size() == 3u);
    BOOST_TEST(d->files[0].id == 1);
    BOOST_TEST(d->files[0].path == "/a.mkv");
    BOOST_TEST(d->files[0].bytes == 150);
    BOOST_TEST(!d->files[0].selected);
    BOOST_TEST(d->files[1].id == 2);
    BOOST_TEST(d->files[1].path == "/b \"q\".mkv");
    BOOST_TEST(d->files[1].selected);
    BOOST_TEST(d->files[2].id == 3);
    BOOST_TEST(d->files[2].bytes == 100);
    BOOST_TEST((d->links == info.entry.links));
    BOOST_TEST(d->row.files_count.value_or(-1) == 3);
    BOOST_TEST(d->row.hash == info.entry.hash);
    BOOST_TEST(d->row.host == "real-debrid.com");
    BOOST_TEST(d->original_filename == "Some.Show.S01.1080p.orig");
    BOOST_TEST(d->original_bytes == 450);
    BOOST_TEST(d->split.value_or(-1) == 2000);
    BOOST_TEST(d->seeders.value_or(-1) == 5);
    BOOST_TEST(!d->speed.has_value());
    BOOST_TEST(d->ended.value_or("") == "2025-07-01T01:00:00.000Z");
    BOOST_TEST(d->fetched_at == "2025-07-02T00:00:01.000Z");
    BOOST_TEST(d->synced_at == "2025-07-02T00:00:00.000Z");

    auto b = queries.detail("BARETORRENT00");
    BOOST_REQUIRE(b.has_value());
    BOOST_TEST(!b->has_details);
    BOOST_TEST(b->files.empty());
    BOOST_TEST((b->links == std::vector<std::string>{"https://real-debrid.com/d/LISTONLY"}));
    BOOST_TEST(!b->ended.has_value());
    BOOST_TEST(!b->split.has_value());
    BOOST_TEST(b->fetched_at == "");
}

BOOST_AUTO_TEST_CASE(data_version_moves_on_another_connections_commit_only) {
    test::TempDatabasePath tmp;
    db::Database mine = db::open_database(tmp.path());
    db::Database other = db::open_database(tmp.path());
    db::LibraryQueries queries(mine);

    const std::int64_t v0 = queries.data_version();
    BOOST_TEST(queries.data_version() == v0);  // reading changes nothing

    // This connection's own write: data_version does not count it.
    db::TorrentStore(mine).set_meta("k", "mine");
    BOOST_TEST(queries.data_version() == v0);

    // Another connection's commit.
    db::TorrentStore(other).set_meta("k", "other");
    const std::int64_t v1 = queries.data_version();
    BOOST_TEST(v1 != v0);
    BOOST_TEST(queries.data_version() == v1);

    // An uncommitted write is not seen until it commits.
    {
        db::WriteTransaction tx(other);
        db::TorrentStore(other).set_meta("k", "pending");
        BOOST_TEST(queries.data_version() == v1);
        tx.commit();
    }
    const std::int64_t v2 = queries.data_version();
    BOOST_TEST(v2 != v1);
    BOOST_TEST(queries.meta("k").value_or("") == "pending");

    // A rolled-back write changes nothing.
    {
        db::WriteTransaction tx(other);
        db::TorrentStore(other).set_meta("k", "rolled back");
    }
    BOOST_TEST(queries.data_version() == v2);
    BOOST_TEST(queries.meta("k").value_or("") == "pending");
    BOOST_TEST(!queries.meta("absent").has_value());
}

BOOST_AUTO_TEST_CASE(growth_by_month_sums_to_the_total) {
    auto& lib = library();
    db::LibraryQueries queries(lib.database);
    const auto growth = queries.growth_by_month();
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < growth.size(); ++i) {
        BOOST_TEST(growth[i].first.size() == 7u);  // "2025-07"
        if (i > 0) BOOST_TEST(growth[i - 1].first < growth[i].first);
        sum += growth[i].second;
    }
    BOOST_TEST(sum == static_cast<std::int64_t>(kTorrents));
    BOOST_TEST(growth.back().first == "2025-07");
    BOOST_TEST(queries.schema_ok());
}

BOOST_AUTO_TEST_SUITE_END()
