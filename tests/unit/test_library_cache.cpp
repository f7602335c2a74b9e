#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "common/clock.h"
#include "db/job_queue.h"
#include "db/schema.h"
#include "db/torrent_store.h"
#include "demo/library_generator.h"
#include "temp_database.h"
#include "web/library_cache.h"

using namespace redriva;
using namespace redriva::demo;
using namespace redriva::web;

namespace {

constexpr std::int64_t kNow = 1753785000;
constexpr std::size_t kTorrents = 120;

struct CacheFixture {
    test::TempDatabasePath tmp;
    db::Database database = db::open_database(tmp.path());
    db::Database other = db::open_database(tmp.path());  // "the sync"
    LibraryFillStats fill = fill_database(database, kTorrents, 99, kNow);
    CachedLibrary library{database};

    static ListParams params(std::int64_t page, std::int64_t page_size = 50) {
        ListParams p;
        p.page = page;
        p.page_size = page_size;
        return p;
    }

    std::vector<std::string> ids(const TorrentPage& page) {
        std::vector<std::string> out;
        for (const auto& r : page.rows) out.push_back(r.id);
        return out;
    }

    // The ids of the full list in display order, straight from the queries.
    std::vector<std::string> all_ids(const db::ListFilter& filter = {}) {
        std::vector<std::string> out;
        for (auto rowid : library.queries().ordered_rowids(filter))
            out.push_back(library.queries().row_by_rowid(rowid)->id);
        return out;
    }

    static void add_newest(db::Database& where, const std::string& id) {
        TorrentListEntry e;
        e.id = id;
        e.filename = "Brand.New.Torrent.2025.2160p";
        e.status = "downloading";
        e.added = iso8601_utc(kNow + 3600);  // newer than every generated one
        e.hash = std::string(40, 'e');
        db::TorrentStore(where).upsert_list_entry(e, iso8601_utc(kNow + 3600));
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(library_cache, CacheFixture)

BOOST_AUTO_TEST_CASE(pages_slice_the_ordered_list) {
    library.refresh().library;
    const auto all = all_ids();
    BOOST_REQUIRE(all.size() == kTorrents);

    TorrentPage first = library.page(params(1));
    BOOST_TEST(first.total_count == static_cast<std::int64_t>(kTorrents));
    BOOST_TEST(first.window.total_pages == 3);
    BOOST_TEST(!first.window.has_prev);
    BOOST_TEST(first.window.has_next);
    BOOST_TEST((ids(first) == std::vector<std::string>(all.begin(), all.begin() + 50)));

    TorrentPage second = library.page(params(2));
    BOOST_TEST((ids(second) == std::vector<std::string>(all.begin() + 50, all.begin() + 100)));

    TorrentPage last = library.page(params(3));
    BOOST_TEST(last.rows.size() == 20u);
    BOOST_TEST((ids(last) == std::vector<std::string>(all.begin() + 100, all.end())));
    BOOST_TEST(last.window.has_prev);
    BOOST_TEST(!last.window.has_next);

    TorrentPage past = library.page(params(4));
    BOOST_TEST(past.rows.empty());
    BOOST_TEST(past.total_count == static_cast<std::int64_t>(kTorrents));
    BOOST_TEST(past.window.has_prev);
    BOOST_TEST(!past.window.has_next);

    TorrentPage far = library.page(params(1'000'000, 500));
    BOOST_TEST(far.rows.empty());

    TorrentPage one = library.page(params(7, 1));
    BOOST_TEST((ids(one) == std::vector<std::string>{all[6]}));

    // The params are echoed for the views.
    BOOST_TEST(second.params.page == 2);
    BOOST_TEST(second.params.page_size == 50);
}

BOOST_AUTO_TEST_CASE(pages_follow_the_filter) {
    library.refresh().library;
    ListParams p = params(1, 500);
    p.filter.status = "downloaded";
    p.filter.sort = db::SortKey::kName;
    p.filter.descending = false;
    TorrentPage page = library.page(p);
    BOOST_TEST((ids(page) == all_ids(p.filter)));
    BOOST_TEST(page.total_count > 0);
    for (const auto& r : page.rows) BOOST_TEST(r.status == "downloaded");
    // Another filter is another list.
    p.filter.status = "dead";
    TorrentPage dead = library.page(p);
    for (const auto& r : dead.rows) BOOST_TEST(r.status == "dead");
    BOOST_TEST(dead.total_count != page.total_count);
}

BOOST_AUTO_TEST_CASE(generation_is_stable_without_a_change) {
    const auto g = library.refresh().library;
    BOOST_TEST(library.refresh().library == g);
    library.page(params(1));
    library.stats(kNow);
    BOOST_TEST(library.refresh().library == g);
}

BOOST_AUTO_TEST_CASE(details_a_list_does_not_show_move_the_library_not_the_lists) {
    const auto before = library.refresh();
    other.exec("UPDATE torrent_details SET fetched_at = 'now' WHERE rowid = 1");
    const auto after = library.refresh();
    BOOST_TEST(after.library != before.library);
    BOOST_TEST(after.list == before.list);
    other.exec("UPDATE torrents SET status = 'dead' WHERE rowid = 1");
    BOOST_TEST(library.refresh().list != before.list);
}

BOOST_AUTO_TEST_CASE(another_connections_insert_invalidates_the_cache) {
    const auto g = library.refresh().library;
    TorrentPage before = library.page(params(1));
    BOOST_REQUIRE(!before.rows.empty());
    BOOST_TEST(before.rows.front().id != "NEWTORRENT001");

    add_newest(other, "NEWTORRENT001");

    // The refresh notices the commit (the response caches key on it)…
    const auto g2 = library.refresh().library;
    BOOST_TEST(g2 != g);
    // …and the page's order follows it, read in the page's own snapshot.
    TorrentPage after = library.page(params(1));
    BOOST_TEST(after.total_count == static_cast<std::int64_t>(kTorrents) + 1);
    BOOST_TEST(after.rows.front().id == "NEWTORRENT001");
    BOOST_TEST(after.rows.front().filename == "Brand.New.Torrent.2025.2160p");
    // The rest shifted by one.
    BOOST_TEST(after.rows[1].id == before.rows[0].id);
    BOOST_TEST(library.refresh().library == g2);
}

BOOST_AUTO_TEST_CASE(a_delete_by_another_connection_is_seen) {
    library.refresh().library;
    TorrentPage before = library.page(params(1));
    const std::string gone = before.rows.front().id;
    db::TorrentStore(other).remove_torrent(gone);
    library.refresh().library;
    TorrentPage after = library.page(params(1));
    BOOST_TEST(after.total_count == static_cast<std::int64_t>(kTorrents) - 1);
    BOOST_TEST(after.rows.front().id == before.rows[1].id);
}

BOOST_AUTO_TEST_CASE(own_writes_need_note_own_write) {
    const auto g = library.refresh();
    // data_version ignores a connection's own commits (the web's only writes are
    // sync jobs)…
    db::JobQueue(database).add_event(std::nullopt, "info", "written by this worker");
    BOOST_TEST(library.refresh().state == g.state);
    // …so the worker says so itself; the library's lists stay valid.
    library.note_own_write();
    const auto g2 = library.refresh();
    BOOST_TEST(g2.state == g.state + 1);
    BOOST_TEST(g2.library == g.library);
}

BOOST_AUTO_TEST_CASE(job_progress_keeps_the_library_generation) {
    const auto g = library.refresh();
    TorrentPage before = library.page(params(1));
    // A sync writing its progress and log lines: every request sees a new state,
    // but the lists and pages computed from the library stay valid.
    db::JobQueue(other).add_event(std::nullopt, "info", "progress line");
    const auto g2 = library.refresh();
    BOOST_TEST(g2.state != g.state);
    BOOST_TEST(g2.library == g.library);
    // A change to a torrent moves both.
    add_newest(other, "NEWTORRENT003");
    const auto g3 = library.refresh();
    BOOST_TEST(g3.state != g2.state);
    BOOST_TEST(g3.library != g2.library);
    BOOST_TEST(library.page(params(1)).rows.front().id == "NEWTORRENT003");
    BOOST_TEST(before.rows.front().id != "NEWTORRENT003");
}

BOOST_AUTO_TEST_CASE(stats_are_cached_per_generation_and_minute) {
    library.refresh().library;
    auto a = library.stats(kNow);
    BOOST_TEST(a->total_torrents == static_cast<std::int64_t>(kTorrents));
    BOOST_TEST(library.stats(kNow + 1).get() == a.get());  // same minute (kNow is :00)
    auto next_minute = library.stats(kNow + 60);
    BOOST_TEST(next_minute.get() != a.get());

    add_newest(other, "NEWTORRENT002");
    BOOST_TEST(library.stats(kNow + 60)->total_torrents == static_cast<std::int64_t>(kTorrents));
    library.refresh().library;
    auto fresh = library.stats(kNow + 60);
    BOOST_TEST(fresh.get() != next_minute.get());
    BOOST_TEST(fresh->total_torrents == static_cast<std::int64_t>(kTorrents) + 1);
    BOOST_TEST(fresh->active_count == next_minute->active_count + 1);
}

BOOST_AUTO_TEST_SUITE_END()
