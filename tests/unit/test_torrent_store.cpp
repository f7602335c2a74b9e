#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <vector>

#include "db/json_array.h"
#include "db/schema.h"
#include "db/torrent_store.h"
#include "temp_database.h"

using namespace redriva;

namespace {

TorrentListEntry sample_entry(const std::string& id, const std::string& filename) {
    TorrentListEntry e;
    e.id = id;
    e.filename = filename;
    e.hash = std::string(40, 'a');
    e.bytes = 1'500'000'000;
    e.host = "real-debrid.com";
    e.split = 2000;
    e.progress = 42.5;
    e.status = "downloading";
    e.added = "2024-03-01T10:00:00.000Z";
    e.speed = 1'000'000;
    e.seeders = 12;
    return e;
}

TorrentInfo sample_info(const TorrentListEntry& entry, std::vector<TorrentFile> files) {
    TorrentInfo info;
    info.entry = entry;
    info.original_filename = entry.filename + ".orig";
    info.original_bytes = 2'000'000'000;
    info.files = std::move(files);
    return info;
}

struct StoreFixture {
    test::TempDatabasePath tmp;
    db::Database database = db::open_database(tmp.path());
    db::TorrentStore store{database};

    std::int64_t rowid_of(const std::string& id) {
        auto stmt = database.prepare("SELECT rowid FROM torrents WHERE id = ?1");
        auto use = stmt.use();
        use.bind(1, id);
        return use.step() ? use.int64(0) : -1;
    }

    std::vector<std::int64_t> search(const std::string& query) {
        auto stmt = database.prepare("SELECT rowid FROM torrents_fts WHERE torrents_fts MATCH ?1");
        auto use = stmt.use();
        use.bind(1, query);
        std::vector<std::int64_t> rowids;
        while (use.step()) rowids.push_back(use.int64(0));
        return rowids;
    }

    std::int64_t count(const std::string& sql) {
        auto stmt = database.prepare(sql);
        auto use = stmt.use();
        return use.step() ? use.int64(0) : -1;
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(torrent_store, StoreFixture)

BOOST_AUTO_TEST_CASE(inserts_a_list_entry_with_every_field) {
    TorrentListEntry e = sample_entry("ABCDEFGHIJKLM", "Silent.River.2019.1080p-QUARTZ");
    e.links = {"https://real-debrid.com/d/AAAA", "https://real-debrid.com/d/BBBB"};
    store.upsert_list_entry(e, "2024-03-02T00:00:00.000Z");

    auto stmt = database.prepare(
        "SELECT filename, status, bytes, added_on, hash, host, split, progress, links, ended, "
        "speed, seeders, synced_at FROM torrents WHERE id = 'ABCDEFGHIJKLM'");
    auto row = stmt.use();
    BOOST_REQUIRE(row.step());
    BOOST_TEST(row.str(0) == "Silent.River.2019.1080p-QUARTZ");
    BOOST_TEST(row.str(1) == "downloading");
    BOOST_TEST(row.int64(2) == 1'500'000'000);
    BOOST_TEST(row.str(3) == "2024-03-01T10:00:00.000Z");
    BOOST_TEST(row.str(4) == std::string(40, 'a'));
    BOOST_TEST(row.str(5) == "real-debrid.com");
    BOOST_TEST(row.int64(6) == 2000);
    BOOST_TEST(row.real(7) == 42.5);
    BOOST_TEST(db::decode_string_array(row.text(8)) == e.links, boost::test_tools::per_element());
    BOOST_TEST(row.is_null(9));
    BOOST_TEST(row.int64(10) == 1'000'000);
    BOOST_TEST(row.int64(11) == 12);
    BOOST_TEST(row.str(12) == "2024-03-02T00:00:00.000Z");
    BOOST_TEST(store.count_torrents() == 1);
}

BOOST_AUTO_TEST_CASE(upsert_keeps_the_rowid_and_updates_fields) {
    store.upsert_list_entry(sample_entry("AAAAAAAAAAAAA", "first"), "t1");
    store.upsert_list_entry(sample_entry("BBBBBBBBBBBBB", "second"), "t1");
    std::int64_t rowid = rowid_of("AAAAAAAAAAAAA");
    BOOST_REQUIRE(rowid > 0);

    TorrentListEntry done = sample_entry("AAAAAAAAAAAAA", "first");
    done.status = "downloaded";
    done.progress = 100;
    done.links = {"https://real-debrid.com/d/CCCC"};
    done.ended = "2024-03-01T11:00:00.000Z";
    done.speed.reset();
    done.seeders.reset();
    store.upsert_list_entry(done, "t2");

    BOOST_TEST(rowid_of("AAAAAAAAAAAAA") == rowid);
    BOOST_TEST(store.count_torrents() == 2);
    auto stmt = database.prepare(
        "SELECT status, progress, links, ended, speed, seeders, synced_at FROM torrents "
        "WHERE id = 'AAAAAAAAAAAAA'");
    auto row = stmt.use();
    BOOST_REQUIRE(row.step());
    BOOST_TEST(row.str(0) == "downloaded");
    BOOST_TEST(row.real(1) == 100.0);
    BOOST_TEST(row.str(2) == R"(["https://real-debrid.com/d/CCCC"])");
    BOOST_TEST(row.str(3) == "2024-03-01T11:00:00.000Z");
    BOOST_TEST(row.is_null(4));
    BOOST_TEST(row.is_null(5));
    BOOST_TEST(row.str(6) == "t2");
}

BOOST_AUTO_TEST_CASE(batched_upsert_writes_a_whole_page) {
    // 70 entries: two multi-row statements of 32 and a remainder of 6, with repeated
    // ids inside a statement and across them, and a rename of an existing row.
    store.upsert_list_entry(sample_entry("EXISTING00000", "Old.Name.2001"), "t0");
    std::int64_t existing_rowid = rowid_of("EXISTING00000");
    std::vector<TorrentListEntry> page;
    for (int i = 0; i < 68; ++i) {
        std::string id =
            "BATCH" + std::string(8 - std::to_string(i).size(), '0') + std::to_string(i);
        page.push_back(sample_entry(id, "Batch.Movie." + std::to_string(i)));
        page.back().bytes = i;
        page.back().links = {"https://real-debrid.com/d/L" + std::to_string(i)};
    }
    // Inside the first multi-row statement, a second row for an id it already holds.
    page[10] = page[3];
    page[10].status = "queued";
    page.push_back(sample_entry("EXISTING00000", "New.Name.2002"));
    page.push_back(page[5]);
    page.back().filename = "Batch.Movie.Renamed";
    page.back().status = "dead";
    store.upsert_list_entries(page, "t1");

    BOOST_TEST(store.count_torrents() == 68);
    BOOST_TEST(rowid_of("EXISTING00000") == existing_rowid);
    BOOST_TEST(count("SELECT count(*) FROM torrents WHERE id = 'BATCH00000003' AND status = "
                     "'queued'") == 1);
    BOOST_TEST(count("SELECT count(*) FROM torrents WHERE id = 'BATCH00000010'") == 0);
    BOOST_TEST(count("SELECT count(*) FROM torrents WHERE filename = 'New.Name.2002'") == 1);
    BOOST_TEST(count("SELECT bytes FROM torrents WHERE id = 'BATCH00000041'") == 41);
    BOOST_TEST(count("SELECT count(*) FROM torrents WHERE id = 'BATCH00000005' AND status = "
                     "'dead' AND filename = 'Batch.Movie.Renamed'") == 1);
    BOOST_TEST(count("SELECT count(*) FROM torrents WHERE links = "
                     "'[\"https://real-debrid.com/d/L67\"]'") == 1);
    // EXISTING00000 came back with only a new name: the rename statement moves the
    // name, and the unchanged list fields are not rewritten (synced_at stays t0).
    BOOST_TEST(count("SELECT count(*) FROM torrents WHERE synced_at = 't1'") == 67);
    BOOST_TEST(count("SELECT count(*) FROM torrents WHERE id = 'EXISTING00000' AND "
                     "synced_at = 't0'") == 1);
    BOOST_TEST(search("old").empty());
    BOOST_TEST(search("renamed").size() == 1u);
    BOOST_TEST(search("batch").size() == 67u);

    store.upsert_list_entries({}, "t2");  // an empty page is fine
    BOOST_TEST(store.count_torrents() == 68);
}

BOOST_AUTO_TEST_CASE(search_follows_a_rename) {
    store.upsert_list_entry(sample_entry("AAAAAAAAAAAAA", "Zanzibar.Nights.2010.1080p"), "t1");
    store.upsert_list_entry(sample_entry("BBBBBBBBBBBBB", "Other.Film.2011.720p"), "t1");
    std::int64_t rowid = rowid_of("AAAAAAAAAAAAA");
    BOOST_TEST(search("zanzibar") == std::vector<std::int64_t>{rowid},
               boost::test_tools::per_element());

    // Same name again: still exactly one index entry.
    store.upsert_list_entry(sample_entry("AAAAAAAAAAAAA", "Zanzibar.Nights.2010.1080p"), "t2");
    BOOST_TEST(search("zanzibar").size() == 1u);

    store.upsert_list_entry(sample_entry("AAAAAAAAAAAAA", "Quixotic Été 2012"), "t3");
    BOOST_TEST(rowid_of("AAAAAAAAAAAAA") == rowid);
    BOOST_TEST(search("zanzibar").empty());
    BOOST_TEST(search("quixotic") == std::vector<std::int64_t>{rowid},
               boost::test_tools::per_element());
    BOOST_TEST(search("ete") == std::vector<std::int64_t>{rowid},  // diacritics removed
               boost::test_tools::per_element());
    BOOST_TEST(search("other").size() == 1u);
}

BOOST_AUTO_TEST_CASE(details_and_files_are_written_then_replaced) {
    TorrentListEntry e = sample_entry("AAAAAAAAAAAAA", "Show.S01.1080p");
    store.upsert_list_entry(e, "t1");
    TorrentInfo info = sample_info(e, {{1, "/Show.S01E01.mkv", 700, true},
                                       {2, "/Show.S01E02.mkv", 800, true},
                                       {3, "/Sample/sample.mkv", 50, false}});
    info.entry.links = {"https://real-debrid.com/d/L1", "https://real-debrid.com/d/L2"};
    info.error = "";
    store.upsert_details(info, "f1");

    {
        auto stmt = database.prepare(
            "SELECT name, status, size, files_count, progress, links, hash, host, error, "
            "original_filename, original_bytes, fetched_at FROM torrent_details "
            "WHERE id = 'AAAAAAAAAAAAA'");
        auto row = stmt.use();
        BOOST_REQUIRE(row.step());
        BOOST_TEST(row.str(0) == "Show.S01.1080p");
        BOOST_TEST(row.str(1) == "downloading");
        BOOST_TEST(row.int64(2) == 1'500'000'000);
        BOOST_TEST(row.int64(3) == 3);
        BOOST_TEST(row.real(4) == 42.5);
        BOOST_TEST(db::decode_string_array(row.text(5)).size() == 2u);
        BOOST_TEST(row.str(6) == std::string(40, 'a'));
        BOOST_TEST(row.str(7) == "real-debrid.com");
        BOOST_TEST(row.str(8) == "");
        BOOST_TEST(row.str(9) == "Show.S01.1080p.orig");
        BOOST_TEST(row.int64(10) == 2'000'000'000);
        BOOST_TEST(row.str(11) == "f1");
    }
    BOOST_TEST(count("SELECT count(*) FROM torrent_files WHERE torrent_id = 'AAAAAAAAAAAAA'") == 3);
    BOOST_TEST(count("SELECT count(*) FROM torrent_files WHERE selected = 1") == 2);

    info.entry.status = "error";
    info.error = "Real-Debrid reported a download error";
    info.files = {{1, "/Only/One \"file\".mkv", 1234, true}};
    store.upsert_details(info, "f2");

    BOOST_TEST(count("SELECT count(*) FROM torrent_details") == 1);
    BOOST_TEST(count("SELECT files_count FROM torrent_details") == 1);
    auto stmt = database.prepare(
        "SELECT d.status, d.error, d.fetched_at, f.file_id, f.path, f.bytes, f.selected "
        "FROM torrent_details d JOIN torrent_files f ON f.torrent_id = d.id");
    auto row = stmt.use();
    BOOST_REQUIRE(row.step());
    BOOST_TEST(row.str(0) == "error");
    BOOST_TEST(row.str(1) == "Real-Debrid reported a download error");
    BOOST_TEST(row.str(2) == "f2");
    BOOST_TEST(row.int64(3) == 1);
    BOOST_TEST(row.str(4) == "/Only/One \"file\".mkv");
    BOOST_TEST(row.int64(5) == 1234);
    BOOST_TEST(row.int64(6) == 1);
    BOOST_TEST(!row.step());
}

BOOST_AUTO_TEST_CASE(details_need_the_list_entry) {
    TorrentInfo orphan = sample_info(sample_entry("ZZZZZZZZZZZZZ", "orphan"), {});
    BOOST_CHECK_THROW(store.upsert_details(orphan, "f1"), db::Error);
}

BOOST_AUTO_TEST_CASE(remove_cascades_to_details_files_and_search) {
    TorrentListEntry keep = sample_entry("KKKKKKKKKKKKK", "Keeper.Movie");
    TorrentListEntry gone = sample_entry("GGGGGGGGGGGGG", "Vanishing.Movie");
    for (const auto& e : {keep, gone}) {
        store.upsert_list_entry(e, "t1");
        store.upsert_details(sample_info(e, {{1, "/a.mkv", 1, true}, {2, "/b.nfo", 1, false}}),
                             "f1");
    }
    BOOST_TEST(count("SELECT count(*) FROM torrent_files") == 4);

    store.remove_torrent("GGGGGGGGGGGGG");
    BOOST_TEST(store.count_torrents() == 1);
    BOOST_TEST(count("SELECT count(*) FROM torrent_details WHERE id = 'GGGGGGGGGGGGG'") == 0);
    BOOST_TEST(count("SELECT count(*) FROM torrent_files WHERE torrent_id = 'GGGGGGGGGGGGG'") == 0);
    BOOST_TEST(count("SELECT count(*) FROM torrent_files") == 2);
    BOOST_TEST(search("vanishing").empty());
    BOOST_TEST(search("keeper").size() == 1u);

    store.remove_torrent("NOSUCHTORRENT");  // not an error
    store.remove_all_torrents();
    BOOST_TEST(store.count_torrents() == 0);
    BOOST_TEST(count("SELECT count(*) FROM torrent_details") == 0);
    BOOST_TEST(count("SELECT count(*) FROM torrent_files") == 0);
    BOOST_TEST(search("keeper").empty());
}

BOOST_AUTO_TEST_CASE(meta_is_set_read_and_overwritten) {
    BOOST_TEST(!store.get_meta("demo").has_value());
    store.set_meta("demo", "1");
    BOOST_TEST(store.get_meta("demo").value_or("") == "1");
    store.set_meta("demo", "0");
    BOOST_TEST(store.get_meta("demo").value_or("") == "0");
    BOOST_TEST(count("SELECT count(*) FROM meta WHERE key = 'demo'") == 1);
}

BOOST_AUTO_TEST_CASE(a_rolled_back_batch_leaves_nothing) {
    {
        db::WriteTransaction tx(database);
        store.upsert_list_entry(sample_entry("AAAAAAAAAAAAA", "rolled back"), "t1");
    }
    BOOST_TEST(store.count_torrents() == 0);
    BOOST_TEST(search("rolled").empty());
}

BOOST_AUTO_TEST_CASE(an_unchanged_entry_is_not_rewritten) {
    const auto e = sample_entry("SAMEENTRY0001", "Same.Entry.2020");
    store.upsert_list_entry(e, "t1");
    const std::int64_t version = count("SELECT value FROM meta WHERE key = 'library_version'");
    store.upsert_list_entry(e, "t2");  // RD lists it again, unchanged
    BOOST_TEST(count("SELECT value FROM meta WHERE key = 'library_version'") == version);
    BOOST_TEST(count("SELECT count(*) FROM torrents WHERE synced_at = 't1'") == 1);
    auto moved = e;
    moved.progress = 43;
    store.upsert_list_entry(moved, "t3");
    BOOST_TEST(count("SELECT value FROM meta WHERE key = 'library_version'") > version);
    BOOST_TEST(count("SELECT count(*) FROM torrents WHERE synced_at = 't3'") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
