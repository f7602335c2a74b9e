// Lists brought up to date from the change log equal lists computed afresh, after
// every kind of commit a sync or an action makes; the counts kept by the writer
// equal a count of the table.
#include <boost/test/unit_test.hpp>

#include <random>
#include <string>
#include <vector>

#include "common/clock.h"
#include "db/library_export.h"
#include "db/list_order.h"
#include "db/schema.h"
#include "db/torrent_store.h"
#include "demo/library_generator.h"
#include "temp_database.h"

using namespace redriva;
using namespace redriva::db;

namespace {

constexpr std::int64_t kNow = 1753785000;

struct ListOrderFixture {
    test::TempDatabasePath tmp;
    Database reader = open_database(tmp.path());
    Database writer = open_database(tmp.path());  // "the sync"
    demo::LibraryFillStats fill = demo::fill_database(reader, 400, 5, kNow);
    LibraryQueries queries{reader};
    std::mt19937 random{11};

    // Every order and direction, a status, a group, a search.
    std::vector<ListFilter> filters() {
        std::vector<ListFilter> out;
        for (SortKey sort : {SortKey::kAdded, SortKey::kName, SortKey::kSize, SortKey::kStatus,
                             SortKey::kProgress})
            for (bool descending : {false, true}) {
                ListFilter f;
                f.sort = sort;
                f.descending = descending;
                out.push_back(f);
            }
        ListFilter downloaded;
        downloaded.status = "downloaded";
        downloaded.sort = SortKey::kSize;
        ListFilter active;
        active.status = "active";
        active.sort = SortKey::kName;
        active.descending = false;
        ListFilter search;
        search.query = "same";
        out.insert(out.end(), {downloaded, active, search});
        return out;
    }

    std::int64_t random_row() {
        auto stmt = writer.prepare("SELECT rowid FROM torrents ORDER BY random() LIMIT 1");
        auto use = stmt.use();
        return use.step() ? use.int64(0) : 0;
    }

    void exec(const std::string& sql) { writer.exec(sql); }

    // `held` as if computing it afresh had taken `micros` (what decides whether a
    // merge is worth it; the test's small library computes in no time).
    static std::shared_ptr<const OrderedRows> as_if_computed_in(
        std::shared_ptr<const OrderedRows> held, std::int64_t micros) {
        if (!held) return held;
        auto copy = std::make_shared<OrderedRows>(*held);
        copy->compute_us = micros;
        return copy;
    }

    // One commit of the writer, of a kind chosen at random; `n` makes ids unique.
    void random_commit(int n) {
        const std::string row = std::to_string(random_row());
        const std::string tag = std::to_string(n);
        WriteTransaction tx(writer);
        switch (random() % 10) {
            case 0:
                exec("UPDATE torrents SET status = 'downloading', progress = " +
                     std::to_string(random() % 100) + " WHERE rowid = " + row);
                break;
            case 1:  // ties: the id decides
                exec(
                    "UPDATE torrents SET bytes = 1000, added_on = '2025-01-01T00:00:00.000Z'"
                    " WHERE rowid IN (" +
                    row + ", " + std::to_string(random_row()) + ")");
                break;
            case 2:  // names that differ by case, or by bytes NOCASE leaves alone
                exec("UPDATE torrents SET filename = '" +
                     std::string(n % 2 ? "Same.Name" : "same.name") + (n % 3 ? "" : "\xc3\xa9") +
                     "' WHERE rowid = " + row);
                break;
            case 3: {
                TorrentListEntry e;
                e.id = "NEW" + tag;
                e.filename = "Same." + tag;
                e.status = n % 2 ? "downloaded" : "queued";
                e.bytes = n * 7;
                e.added = iso8601_utc(kNow - n * 100);
                TorrentStore(writer).upsert_list_entry(e, iso8601_now());
                break;
            }
            case 4: exec("DELETE FROM torrents WHERE rowid = " + row); break;
            case 5:  // a row's error, from the details
                exec("UPDATE torrent_details SET error = 'broken " + tag +
                     "' WHERE id = (SELECT id FROM torrents WHERE rowid = " + row + ")");
                break;
            case 6:  // details a list does not show
                exec("UPDATE torrent_details SET fetched_at = '" + tag + "'");
                break;
            case 7:  // several rows in one commit
                exec("UPDATE torrents SET bytes = bytes + 1 WHERE rowid % 37 = " +
                     std::to_string(n % 37));
                break;
            case 8:  // a hash held twice, or none
                exec(n % 3
                         ? "UPDATE torrents SET hash = (SELECT hash FROM torrents WHERE rowid = " +
                               std::to_string(random_row()) + ") WHERE rowid = " + row
                         : "UPDATE torrents SET hash = '' WHERE rowid = " + row);
                break;
            default:  // what a list does not show
                exec("UPDATE torrents SET speed = " + tag + ", synced_at = '" + tag +
                     "' WHERE rowid = " + row);
                break;
        }
        tx.commit();
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(list_order, ListOrderFixture)

BOOST_AUTO_TEST_CASE(updated_lists_equal_fresh_ones_after_every_kind_of_commit) {
    const auto all = filters();
    std::vector<std::shared_ptr<const OrderedRows>> held(all.size());
    int updated = 0;
    std::size_t fences = 0;
    for (int n = 0; n < 120; ++n) {
        if (n > 0) random_commit(n);
        ReadTransaction snapshot(reader);
        for (std::size_t f = 0; f < all.size(); ++f) {
            OrderSource source{};
            held[f] =
                current_order(queries, all[f], as_if_computed_in(held[f], 1'000'000), &source);
            updated += source == OrderSource::kUpdated;
            BOOST_TEST_REQUIRE(held[f]->ids == queries.ordered_rowids(all[f]),
                               "filter " << f << " after commit " << n);
            // The fences name the rows at their index, with the values they hold now.
            std::size_t last = 0;
            for (const auto& fence : held[f]->fences) {
                BOOST_TEST_REQUIRE(fence.index < held[f]->ids.size());
                BOOST_TEST_REQUIRE((fence.index >= last || &fence == &held[f]->fences.front()));
                last = fence.index + 1;
                const auto value = queries.sort_value(all[f].sort, held[f]->ids[fence.index]);
                BOOST_TEST_REQUIRE(value.has_value());
                BOOST_TEST_REQUIRE(
                    compare_in_order(*value, fence.value, all[f].sort, all[f].descending) == 0,
                    "fence at " << fence.index << ", filter " << f);
            }
            fences += held[f]->fences.size();
            if (n == 0)
                BOOST_TEST(static_cast<int>(source) == static_cast<int>(OrderSource::kComputed));
        }
    }
    BOOST_TEST(updated > 100);               // the merge ran, not only fresh computations
    BOOST_TEST(fences > 120u * all.size());  // and searched between fences
}

BOOST_AUTO_TEST_CASE(details_a_list_does_not_show_leave_its_version_alone) {
    const std::int64_t before = queries.list_version();
    exec("UPDATE torrent_details SET fetched_at = 'later', name = name || '.x'");
    exec("UPDATE torrents SET speed = 5, seeders = 3, synced_at = 'later'");
    BOOST_TEST(queries.list_version() == before);
    exec("UPDATE torrent_details SET files_count = files_count + 1 WHERE rowid = 1");
    BOOST_TEST(queries.list_version() > before);
}

BOOST_AUTO_TEST_CASE(a_list_far_behind_the_log_is_computed_afresh) {
    const ListFilter filter;
    auto held = current_order(queries, filter, nullptr);
    // More rows changed than merging is worth: computed. (400 rows; 2 ms of computing
    // is worth about 100 merged.)
    exec("UPDATE torrents SET bytes = bytes + 1");
    OrderSource source{};
    held = current_order(queries, filter, as_if_computed_in(held, 2'000), &source);
    BOOST_TEST(static_cast<int>(source) == static_cast<int>(OrderSource::kComputed));
    // The log dropped changes made after the held version: computed.
    exec("UPDATE torrents SET bytes = bytes + 1 WHERE rowid = 1");
    exec("UPDATE torrents SET bytes = bytes + 1 WHERE rowid = 2");
    exec("DELETE FROM torrent_changes WHERE seq < (SELECT max(seq) FROM torrent_changes)");
    held = current_order(queries, filter, as_if_computed_in(held, 2'000), &source);
    BOOST_TEST(static_cast<int>(source) == static_cast<int>(OrderSource::kComputed));
    BOOST_TEST(held->ids == queries.ordered_rowids(filter));
    // One change within the log's reach: merged.
    exec("UPDATE torrents SET bytes = bytes + 1 WHERE rowid = 3");
    held = current_order(queries, filter, as_if_computed_in(held, 2'000), &source);
    BOOST_TEST(static_cast<int>(source) == static_cast<int>(OrderSource::kUpdated));
    BOOST_TEST(held->ids == queries.ordered_rowids(filter));
}

BOOST_AUTO_TEST_CASE(the_log_keeps_its_newest_changes_only) {
    exec("UPDATE torrents SET bytes = bytes + 1");                                // 400 changes
    for (int i = 0; i < 340; ++i) exec("UPDATE torrents SET bytes = bytes + 1");  // 136,000 more
    auto use_count = writer.prepare("SELECT count(*), max(seq) - min(seq) FROM torrent_changes");
    auto use = use_count.use();
    BOOST_REQUIRE(use.step());
    BOOST_TEST(use.int64(0) <= 131072 + 1024);
    BOOST_TEST(use.int64(0) > 131072 - 1024);
}

BOOST_AUTO_TEST_CASE(the_writers_totals_equal_a_count_of_the_table) {
    for (int n = 1; n < 60; ++n) random_commit(n);
    auto count = reader.prepare(
        "SELECT status, count(*), sum(bytes) FROM torrents GROUP BY status ORDER BY 2 DESC, 1");
    std::vector<LibraryQueries::StatusTotal> expected;
    for (auto use = count.use(); use.step();)
        expected.push_back({use.str(0), use.int64(1), use.int64(2)});
    const auto totals = queries.status_totals();
    BOOST_REQUIRE(totals.size() == expected.size());
    for (std::size_t i = 0; i < totals.size(); ++i) {
        BOOST_TEST(totals[i].status == expected[i].status);
        BOOST_TEST(totals[i].count == expected[i].count);
        BOOST_TEST(totals[i].bytes == expected[i].bytes);
    }
    const auto stats = queries.stats(kNow);
    std::int64_t torrents = 0;
    for (const auto& t : expected) torrents += t.count;
    BOOST_TEST(stats.total_torrents == torrents);
}

BOOST_AUTO_TEST_CASE(the_writers_hash_counts_equal_a_scan_of_the_table) {
    LibraryExport library{reader};
    const auto scanned = [&] {
        auto scan =
            reader.prepare("SELECT count(*) - count(DISTINCT hash) FROM torrents WHERE hash != ''");
        auto use = scan.use();
        return use.step() ? use.int64(0) : -1;
    };
    std::int64_t most = 0;
    for (int n = 1; n < 200; ++n) {
        random_commit(n);
        const std::int64_t expected = scanned();
        BOOST_TEST_REQUIRE(library.hash_duplicate_count() == expected, "after commit " << n);
        most = std::max(most, expected);
    }
    BOOST_TEST(most > 3);  // the commits made duplicates, not only removed them
    exec("DELETE FROM torrents");
    BOOST_TEST(library.hash_duplicate_count() == 0);
    auto left = reader.prepare("SELECT count(*) FROM hash_counts");
    auto use = left.use();
    BOOST_REQUIRE(use.step());
    BOOST_TEST(use.int64(0) == 0);  // a hash no torrent holds is dropped
}

BOOST_AUTO_TEST_CASE(a_library_of_version_4_counts_its_duplicates_once_upgraded) {
    test::TempDatabasePath old_tmp;
    std::int64_t expected = -1;
    {
        Database v4(old_tmp.path());
        v4.exec("PRAGMA journal_mode=WAL");
        migrate_to(v4, 4);
        demo::fill_database(v4, 50, 3, kNow);
        v4.exec(
            "UPDATE torrents SET hash = (SELECT hash FROM torrents WHERE rowid = 1)"
            " WHERE rowid IN (2, 3)");
        v4.exec("UPDATE torrents SET hash = '' WHERE rowid IN (4, 5)");
        auto scan =
            v4.prepare("SELECT count(*) - count(DISTINCT hash) FROM torrents WHERE hash != ''");
        auto use = scan.use();
        BOOST_REQUIRE(use.step());
        expected = use.int64(0);
    }
    BOOST_TEST(expected >= 2);
    Database upgraded = open_database(old_tmp.path());
    BOOST_TEST(LibraryExport(upgraded).hash_duplicate_count() == expected);
}

BOOST_AUTO_TEST_CASE(sort_values_compare_as_sqlite_orders_them) {
    const auto text = [](std::string s, std::string id) {
        SortValue v;
        v.type = SQLITE_TEXT;
        v.text = std::move(s);
        v.id = std::move(id);
        return v;
    };
    SortValue number;
    number.type = SQLITE_INTEGER;
    number.integer = 5;
    SortValue real;
    real.type = SQLITE_FLOAT;
    real.real = 4.5;
    SortValue null;
    BOOST_TEST(compare_in_order(null, real, SortKey::kSize, false) < 0);
    BOOST_TEST(compare_in_order(real, number, SortKey::kSize, false) < 0);
    BOOST_TEST(compare_in_order(number, text("1", "a"), SortKey::kSize, false) < 0);
    BOOST_TEST(compare_in_order(text("ABC", "a"), text("abc", "b"), SortKey::kName, false) < 0);
    BOOST_TEST(compare_in_order(text("ABC", "b"), text("abc", "a"), SortKey::kName, false) > 0);
    BOOST_TEST(compare_in_order(text("ABC", "a"), text("abc", "b"), SortKey::kStatus, false) < 0);
    BOOST_TEST(compare_in_order(text("b", "a"), text("B", "a"), SortKey::kStatus, false) > 0);
    BOOST_TEST(compare_in_order(text("\xc3\xa9", "a"), text("z", "a"), SortKey::kName, false) > 0);
    BOOST_TEST(compare_in_order(text("a", "a"), text("b", "a"), SortKey::kName, true) > 0);
}

BOOST_AUTO_TEST_SUITE_END()
