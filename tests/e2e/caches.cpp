// The workers' caches under commits, and the compressed answers they keep: after
// every kind of commit a sync or an action makes, each cached list, page and JSON
// answer says what the database says (both workers asked, twice); a gzip answer is
// exactly the plain one compressed, with the right Vary, and only when asked for.
#include <boost/test/unit_test.hpp>

#include "common/gzip.h"
#include "db/sqlite.h"
#include "stack.h"

namespace redriva::e2e {

namespace {

// A stack of its own: these tests change and delete torrents.
struct CacheStack {
    static StackOptions options() {
        StackOptions o;
        o.torrents = 800;
        o.seed = 21;
        return o;
    }
    Stack stack{options()};
    db::Database writer{stack.database_path()};  // "the sync"

    // Asks enough times that both workers answer (each has its own caches).
    std::vector<HttpResponse> ask(const std::string& target, const HttpOptions& options = {}) {
        std::vector<HttpResponse> answers;
        for (int i = 0; i < 6; ++i) answers.push_back(stack.http().get(target, options));
        return answers;
    }

    std::vector<std::string> truth_ids(const std::string& where, const std::string& order,
                                       int limit) {
        return stack.truth().column("SELECT t.id FROM torrents t WHERE " + where + " ORDER BY " +
                                    order + " LIMIT " + std::to_string(limit));
    }

    // Every answer of the list API equals the database: ids in order, total, and
    // each row's status, bytes, files count and error.
    void expect_api_list(const std::string& query, const std::string& where,
                         const std::string& order, const std::string& when) {
        const auto expected = truth_ids(where, order, 50);
        const auto total = stack.truth().integer("SELECT count(*) FROM torrents t WHERE " + where);
        for (const HttpResponse& r : ask("/api/torrents?" + query)) {
            BOOST_TEST_REQUIRE(r.status == 200);
            auto doc = parse_json(r.body);
            std::vector<std::string> ids;
            for (const auto& row : doc["torrents"].GetArray()) {
                const std::string id = json_string(row["id"]);
                ids.push_back(id);
                const auto truth = stack.truth().rows(
                    "SELECT t.status, t.bytes, d.files_count, coalesce(d.error, '') FROM torrents t"
                    " LEFT JOIN torrent_details d ON d.id = t.id WHERE t.id = ?",
                    {id});
                BOOST_TEST_REQUIRE(truth.size() == 1u);
                BOOST_TEST(json_string(row["status"]) == *truth[0][0], when << ": " << id);
                BOOST_TEST(std::to_string(row["bytes"].GetInt64()) == *truth[0][1], when);
                BOOST_TEST(
                    (row["files_count"].IsNull() ? std::string("NULL")
                                                 : std::to_string(row["files_count"].GetInt64())) ==
                        truth[0][2].value_or("NULL"),
                    when << ": " << id);
                BOOST_TEST((row["error"].IsNull() ? std::string() : json_string(row["error"])) ==
                               *truth[0][3],
                           when << ": " << id);
            }
            BOOST_TEST(ids == expected, when << ": /api/torrents?" << query);
            BOOST_TEST(doc["pagination"]["total_count"].GetInt64() == total, when);
        }
    }

    // The list page shows the same torrents in the same order.
    void expect_page_list(const std::string& query, const std::string& where,
                          const std::string& order, const std::string& when) {
        const auto expected = truth_ids(where, order, 50);
        for (const HttpResponse& r : ask("/torrents?" + query)) {
            BOOST_TEST_REQUIRE(r.status == 200);
            BOOST_TEST(linked_torrent_ids(r.body) == expected, when << ": /torrents?" << query);
        }
    }

    void expect_everything(const std::string& when) {
        expect_api_list("", "1", "t.added_on DESC, t.id DESC", when);
        expect_api_list("sort=size&order=asc", "1", "t.bytes ASC, t.id ASC", when);
        expect_api_list("status=dead&sort=name&order=asc", "t.status = 'dead'",
                        "t.filename COLLATE NOCASE ASC, t.id ASC", when);
        expect_page_list("", "1", "t.added_on DESC, t.id DESC", when);
        expect_page_list("status=errors&sort=size",
                         "t.status IN ('error','magnet_error','virus','dead')",
                         "t.bytes DESC, t.id DESC", when);
        const auto stats = ask("/api/stats");
        for (const auto& r : stats)
            BOOST_TEST(parse_json(r.body)["total_torrents"].GetInt64() ==
                           stack.truth().integer("SELECT count(*) FROM torrents"),
                       when);
    }

    std::string some_id(const std::string& where) {
        return stack.truth()
            .column("SELECT id FROM torrents WHERE " + where +
                    " ORDER BY added_on DESC LIMIT 1 OFFSET 3")
            .at(0);
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(caches, CacheStack)

BOOST_AUTO_TEST_CASE(cached_answers_follow_every_kind_of_commit) {
    expect_everything("at first");

    // A list change: a torrent dies and grows.
    const std::string dying = some_id("status = 'downloaded'");
    writer.exec("UPDATE torrents SET status = 'dead', bytes = bytes + 12345 WHERE id = '" + dying +
                "'");
    expect_everything("after a status change");

    // A detail a list row shows (its error), and one it does not (fetched_at).
    const std::string broken = some_id("status = 'downloading'");
    writer.exec("UPDATE torrent_details SET error = 'cache test', fetched_at = 'x' WHERE id = '" +
                broken + "'");
    expect_everything("after a details change");
    for (const auto& r : ask("/api/torrents/" + broken))
        BOOST_TEST(json_string(parse_json(r.body)["error"]) == "cache test");

    // Job progress: a commit that changes no torrent.
    writer.exec("INSERT INTO meta (key, value) VALUES ('cache-test', '1')");
    expect_everything("after a commit outside the library");

    // A delete, and a new torrent at the top of the default order.
    const std::string gone = some_id("1");
    writer.exec("DELETE FROM torrents WHERE id = '" + gone + "'");
    writer.exec(
        "INSERT INTO torrents (id, filename, status, bytes, added_on, hash) VALUES "
        "('CACHETEST0001', 'Cache.Test.2026', 'dead', 1, '2099-01-01T00:00:00.000Z', '" +
        std::string(40, 'c') + "')");
    expect_everything("after a delete and an insert");
    for (const auto& r : ask("/api/torrents/" + gone)) BOOST_TEST(r.status == 404);
    for (const auto& r : ask("/torrents/" + gone)) BOOST_TEST(r.status == 404);

    // Many rows in one commit (more than a merge takes): computed afresh.
    writer.exec("UPDATE torrents SET bytes = bytes + 1");
    expect_everything("after every row changed");
}

BOOST_AUTO_TEST_CASE(a_compressed_answer_is_the_plain_one_compressed) {
    const std::string detail = "/torrents/" + some_id("1");
    const std::string api_detail = "/api/torrents/" + some_id("1");
    // A CSRF cookie, so that both answers carry the same token.
    const HttpResponse first = stack.http().get("/");
    std::string cookie;
    for (const auto& [name, value] : first.headers)
        if (name == "set-cookie") cookie = value.substr(0, value.find(';'));
    BOOST_REQUIRE(!cookie.empty());
    for (const std::string& target : std::vector<std::string>{
             "/", "/torrents?page=2", "/torrents?status=dead", detail, "/api/torrents?page=3",
             api_detail, "/api/charts", "/search?q=the"}) {
        HttpOptions plain;
        plain.cookie = cookie;
        HttpOptions gzip = plain;
        gzip.headers = {"Accept-Encoding: gzip, deflate, br"};
        for (int round = 0; round < 3; ++round) {  // rendered, then from each worker's cache
            const HttpResponse p = stack.http().get(target, plain);
            const HttpResponse g = stack.http().get(target, gzip);
            BOOST_TEST_REQUIRE(p.status == 200, target);
            BOOST_TEST_REQUIRE(g.status == 200, target);
            BOOST_TEST(!p.has_header("content-encoding"), target);
            BOOST_TEST(g.header("content-encoding") == "gzip", target);
            bool ok = false;
            const std::string unpacked = gzip_decompress(g.body, &ok);
            BOOST_TEST(ok, target);
            BOOST_TEST(unpacked == p.body, target << " round " << round);
            BOOST_TEST(g.body.size() < p.body.size() / 2, target);
            // Both say they vary with the encoding (a shared cache must not mix them).
            for (const auto* r : {&p, &g}) {
                bool varies = false;
                for (const auto& [name, value] : r->headers)
                    varies |= name == "vary" && value.find("Accept-Encoding") != std::string::npos;
                BOOST_TEST(varies, target);
            }
        }
    }
    // gzip refused by q=0 is not sent.
    HttpOptions no_gzip;
    no_gzip.headers = {"Accept-Encoding: gzip;q=0"};
    const HttpResponse refused = stack.http().get("/api/torrents?page=3", no_gzip);
    BOOST_TEST(!refused.has_header("content-encoding"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
