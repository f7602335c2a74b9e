// Direct links, against fake-rd: every hoster link of a torrent unrestricted once,
// paired with its file, printed one a line by the CLI, served by the API; a fresh
// result is reused instead of asking RD again; a dead link says so.
#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "fake_rd.h"

namespace redriva::e2e {

namespace {

// A downloaded torrent with at least `n` links, one per selected file.
std::string torrent_with_links(TruthDb& db, int n) {
    const auto ids = db.column(
        "SELECT t.id FROM torrents t WHERE t.status = 'downloaded' AND json_array_length(t.links) "
        ">= CAST(? AS INTEGER) AND json_array_length(t.links) = (SELECT count(*) FROM "
        "torrent_files f WHERE "
        "f.torrent_id = t.id AND f.selected) ORDER BY json_array_length(t.links), t.id LIMIT 1",
        {std::to_string(n)});
    BOOST_REQUIRE_MESSAGE(!ids.empty(), "no downloaded torrent with " << n << " links");
    return ids[0];
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t at = 0; at < text.size();) {
        const auto end = std::min(text.find('\n', at), text.size());
        if (end > at) out.push_back(text.substr(at, end - at));
        at = end + 1;
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(actions_links)

BOOST_AUTO_TEST_CASE(the_cli_prints_one_direct_link_per_file_and_reuses_fresh_ones) {
    FakeRd fake({.library = 300});
    SyncWorld world(fake);
    BOOST_REQUIRE(world.run({"fast"}, {}, std::chrono::seconds(120)).code == 0);
    TruthDb db(world.database_path());
    const std::string id = torrent_with_links(db, 2);
    const auto count = static_cast<std::size_t>(
        db.integer("SELECT json_array_length(links) FROM torrents WHERE id = ?", {id}));
    fake.reset_log();

    SyncOutcome out = world.run({"links", id});
    BOOST_TEST(out.code == 0, outcome_text(out));
    const auto urls = lines(out.out);
    BOOST_TEST(urls.size() == count, out.out);
    for (const auto& url : urls) BOOST_TEST(url.starts_with("https://"), url);
    auto paths = fake.logged_paths();
    BOOST_TEST(std::count(paths.begin(), paths.end(), "/rest/1.0/unrestrict/link") ==
               static_cast<std::ptrdiff_t>(count));
    // Each link is paired with its selected file, in file-id order.
    BOOST_TEST(db.column("SELECT path FROM unrestricted_links WHERE torrent_id = ? ORDER BY "
                         "file_id",
                         {id}) ==
               db.column("SELECT path FROM torrent_files WHERE torrent_id = ? AND selected = 1 "
                         "ORDER BY file_id",
                         {id}));

    // Asked again within the hour: the same links, no request.
    fake.reset_log();
    out = world.run({"links", id});
    BOOST_TEST(out.code == 0, outcome_text(out));
    BOOST_TEST(lines(out.out) == urls);
    paths = fake.logged_paths();
    BOOST_TEST(std::count(paths.begin(), paths.end(), "/rest/1.0/unrestrict/link") == 0);
}

BOOST_AUTO_TEST_CASE(a_dead_link_is_reported_and_nothing_is_invented) {
    FakeRd fake({.library = 300});
    SyncWorld world(fake);
    BOOST_REQUIRE(world.run({"fast"}, {}, std::chrono::seconds(120)).code == 0);
    TruthDb db(world.database_path());
    const std::string id = torrent_with_links(db, 1);
    // RD gave the torrent a new link: the one the library holds is gone from its
    // hoster, and unrestricting it answers 503 unavailable_file.
    BOOST_REQUIRE(fake.http()
                      .post("/control/set?id=" + id +
                                "&links=" + url_encode("https://real-debrid.com/d/NEWLINK000001"),
                            "")
                      .status == 200);
    const SyncOutcome out = world.run({"links", id});
    BOOST_TEST(out.code == 5, outcome_text(out));
    BOOST_TEST(out.out.empty(), out.out);
    BOOST_TEST(db.column("SELECT reason FROM job_items WHERE torrent_id = ? AND job_id = (SELECT "
                         "max(id) FROM jobs)",
                         {id})
                   .at(0)
                   .find("a link is dead on Real-Debrid (unavailable_file)") == 0u);
    BOOST_TEST(db.integer("SELECT count(*) FROM unrestricted_links WHERE torrent_id = ?", {id}) ==
               0);
}

BOOST_AUTO_TEST_CASE(a_check_finds_dead_links_at_the_users_pace_and_adds_no_download) {
    FakeRd fake({.library = 300});
    SyncWorld world(fake);
    BOOST_REQUIRE(world.run({"fast"}, {}, std::chrono::seconds(120)).code == 0);
    TruthDb db(world.database_path());
    const auto ids = db.column(
        "SELECT id FROM torrents WHERE status = 'downloaded' AND json_array_length(links) = 1 "
        "ORDER BY id LIMIT 3");
    BOOST_REQUIRE(ids.size() == 3u);
    // The first one's hoster link is gone (RD gave it a new one the library has not seen).
    BOOST_REQUIRE(fake.http()
                      .post("/control/set?id=" + ids[0] +
                                "&links=" + url_encode("https://real-debrid.com/d/NEWLINK000002"),
                            "")
                      .status == 200);
    fake.reset_log();
    const SyncOutcome out = world.run({"check", ids[0], ids[1], ids[2], "--per-minute", "60"});
    BOOST_TEST(out.code == 5, outcome_text(out));
    // One torrent a second: three starts span two seconds at least.
    BOOST_TEST(out.seconds >= 2.0);
    const auto paths = fake.logged_paths();
    BOOST_TEST(std::count(paths.begin(), paths.end(), "/rest/1.0/unrestrict/check") == 3);
    BOOST_TEST(std::count(paths.begin(), paths.end(), "/rest/1.0/unrestrict/link") == 0);
    const std::string job =
        std::to_string(db.integer("SELECT max(id) FROM jobs WHERE kind = 'check'"));
    BOOST_TEST(
        db.column("SELECT state || ': ' || reason FROM job_items WHERE job_id = ? ORDER BY seq",
                  {job}) ==
            (std::vector<std::string>{"failed: links dead: 1 of 1 (repair it to get new ones)",
                                      "done: ", "done: "}),
        boost::test_tools::per_element());
    BOOST_TEST(
        db.column("SELECT torrent_id || ' ' || links || ' ' || dead FROM link_checks ORDER BY "
                  "dead DESC, torrent_id") ==
            (std::vector<std::string>{ids[0] + " 1 1", ids[1] + " 1 0", ids[2] + " 1 0"}),
        boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
