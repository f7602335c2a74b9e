// The smart sync fetches details only for what is new, changed or missing.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "db/list_diff.h"
#include "db/schema.h"
#include "db/torrent_store.h"
#include "temp_database.h"

using namespace redriva;

namespace {

TorrentListEntry entry(const std::string& id, const std::string& status, double progress) {
    TorrentListEntry e;
    e.id = id;
    e.filename = "Name." + id;
    e.hash = std::string(40, 'b');
    e.bytes = 1000;
    e.host = "real-debrid.com";
    e.progress = progress;
    e.status = status;
    e.added = "2024-03-01T10:00:00.000Z";
    if (status == "downloaded") {
        e.links = {"https://real-debrid.com/d/" + id};
        e.ended = "2024-03-01T11:00:00.000Z";
    }
    return e;
}

struct DiffFixture {
    test::TempDatabasePath tmp;
    db::Database database = db::open_database(tmp.path());
    db::TorrentStore store{database};
    std::vector<TorrentListEntry> listing = {
        entry("AAAAAAAAAAAA1", "downloaded", 100), entry("AAAAAAAAAAAA2", "downloading", 40),
        entry("AAAAAAAAAAAA3", "downloaded", 100), entry("AAAAAAAAAAAA4", "dead", 3)};

    DiffFixture() {
        db::WriteTransaction tx(database);
        for (const auto& e : listing) {
            store.upsert_list_entry(e, "2024-03-02T00:00:00.000Z");
            // Details for all but the third.
            if (e.id != "AAAAAAAAAAAA3") {
                TorrentInfo info;
                info.entry = e;
                store.upsert_details(info, "2024-03-02T00:00:00.000Z");
            }
        }
        tx.commit();
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(list_diff, DiffFixture)

BOOST_AUTO_TEST_CASE(an_unchanged_library_fetches_only_missing_details) {
    auto diff = db::diff_against_library(database, listing);
    BOOST_TEST(diff.new_ids.empty());
    BOOST_TEST(diff.changed_ids.empty());
    BOOST_TEST(diff.gone_ids.empty());
    BOOST_TEST(diff.missing_details_ids == std::vector<std::string>{"AAAAAAAAAAAA3"});
    BOOST_TEST(diff.unchanged == 3u);
    BOOST_TEST(diff.to_fetch(listing) == std::vector<std::string>{"AAAAAAAAAAAA3"});
}

BOOST_AUTO_TEST_CASE(each_watched_field_counts_as_a_change) {
    auto changed = listing;
    changed[0].links.push_back("https://real-debrid.com/d/EXTRA");  // links
    changed[1].progress = 40.5;                                     // progress
    changed[3].status = "downloading";                              // status
    changed.push_back(entry("AAAAAAAAAAAA5", "queued", 0));         // new
    auto diff = db::diff_against_library(database, changed);
    BOOST_TEST(diff.changed_ids ==
               (std::vector<std::string>{"AAAAAAAAAAAA1", "AAAAAAAAAAAA2", "AAAAAAAAAAAA4"}));
    BOOST_TEST(diff.new_ids == std::vector<std::string>{"AAAAAAAAAAAA5"});
    BOOST_TEST(diff.to_fetch(changed) ==
               (std::vector<std::string>{"AAAAAAAAAAAA1", "AAAAAAAAAAAA2", "AAAAAAAAAAAA3",
                                         "AAAAAAAAAAAA4", "AAAAAAAAAAAA5"}));

    auto bytes_and_ended = listing;
    bytes_and_ended[2].bytes = 999;
    bytes_and_ended[0].ended = "2024-03-05T00:00:00.000Z";
    auto diff2 = db::diff_against_library(database, bytes_and_ended);
    BOOST_TEST(diff2.changed_ids == (std::vector<std::string>{"AAAAAAAAAAAA1", "AAAAAAAAAAAA3"}));
}

BOOST_AUTO_TEST_CASE(a_change_stays_pending_until_its_details_are_written) {
    // A smart sync writes the new list fields first, then is killed (or the info call
    // fails) before the details: the next listing must still count it as changed.
    auto changed = listing;
    changed[1].status = "downloaded";
    changed[1].progress = 100;
    {
        db::WriteTransaction tx(database);
        store.upsert_list_entries(changed, "2024-03-03T00:00:00.000Z");
        tx.commit();
    }
    auto pending = db::diff_against_library(database, changed);
    BOOST_TEST(pending.changed_ids == std::vector<std::string>{"AAAAAAAAAAAA2"});

    {
        db::WriteTransaction tx(database);
        TorrentInfo info;
        info.entry = changed[1];
        store.upsert_details(info, "2024-03-03T00:00:00.000Z");
        tx.commit();
    }
    auto settled = db::diff_against_library(database, changed);
    BOOST_TEST(settled.changed_ids.empty());
    BOOST_TEST(settled.to_fetch(changed) == std::vector<std::string>{"AAAAAAAAAAAA3"});
}

BOOST_AUTO_TEST_CASE(torrents_missing_from_the_listing_are_gone) {
    auto shorter = listing;
    shorter.erase(shorter.begin() + 1);
    auto diff = db::diff_against_library(database, shorter);
    BOOST_TEST(diff.gone_ids == std::vector<std::string>{"AAAAAAAAAAAA2"});
    BOOST_TEST(diff.changed_ids.empty());
}

// What the notification counts: a known torrent now listed in a failed status. One
// already dead, or new and dead at first sight, is not news.
BOOST_AUTO_TEST_CASE(torrents_turned_failed_are_told_apart) {
    auto next = listing;
    next[0].status = "dead";                                             // downloaded -> dead
    next[1].status = "magnet_error";                                     // downloading -> error
    next.push_back(entry("AAAAAAAAAAAA5", "dead", 0));                   // new, already dead
    const db::ListDiff diff = db::diff_against_library(database, next);  // [3] was dead
    BOOST_TEST(diff.turned_failed_ids ==
               (std::vector<std::string>{"AAAAAAAAAAAA1", "AAAAAAAAAAAA2"}));
    BOOST_TEST(db::diff_against_library(database, listing).turned_failed_ids.empty());
}

BOOST_AUTO_TEST_SUITE_END()
