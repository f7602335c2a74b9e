// The actions' API on a demo stack (scripts/run with the bundled fake-rd; a queued
// job starts redriva-sync at once): delete one torrent and follow its job to the
// trash; preview and confirm a bulk delete; every refusal is a 4xx with a message.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <thread>

#include "stack.h"

namespace redriva::e2e {

namespace {

HttpOptions json_body() {
    HttpOptions options;
    options.headers = {"Content-Type: application/json"};
    return options;
}
const HttpOptions kJson = json_body();

int fake_port(const Stack& stack) {
    int port = 0;
    std::ifstream(stack.data_dir() + "/run/fake-rd.port") >> port;
    return port;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(actions_api)

BOOST_AUTO_TEST_CASE(delete_one_torrent_then_a_confirmed_selection) {
    StackOptions options;
    options.demo = true;
    options.torrents = 200;
    Stack demo(options);
    TruthDb& db = demo.truth();
    HttpClient fake("http://127.0.0.1:" + std::to_string(fake_port(demo)));
    const auto ids = db.column("SELECT id FROM torrents ORDER BY added_on DESC, id LIMIT 6");
    BOOST_REQUIRE(ids.size() == 6u);

    // Direct links of a downloaded torrent: a job, then the links readable.
    const std::string with_links =
        db.column("SELECT id FROM torrents WHERE status = 'downloaded' AND links != '[]' LIMIT 1")
            .at(0);
    const std::int64_t link_count =
        db.integer("SELECT json_array_length(links) FROM torrents WHERE id = ?", {with_links});
    HttpResponse r = demo.http().post("/api/torrents/" + with_links + "/links", "");
    BOOST_TEST(r.status == 202, r.body);
    auto links_job = wait_job(demo, parse_json(r.body)["job"].GetInt64());
    BOOST_TEST(json_string(links_job["state"]) == "done");
    auto links = parse_json(demo.http().get("/api/torrents/" + with_links + "/links").body);
    BOOST_REQUIRE(links["links"].IsArray());
    BOOST_TEST(links["links"].Size() == static_cast<rapidjson::SizeType>(link_count));
    for (const auto& l : links["links"].GetArray())
        BOOST_TEST(json_string(l["download"]).starts_with("https://"));
    BOOST_TEST(demo.http()
                   .post("/api/torrents/" + with_links + "/links", R"({"file_ids":[0]})", kJson)
                   .status == 400);

    // One torrent, from its detail page's button (the API it calls).
    r = demo.http().post("/api/torrents/" + ids[0] + "/delete", "");
    BOOST_TEST(r.status == 202, r.body);
    auto accepted = parse_json(r.body);
    const std::int64_t job = accepted["job"].GetInt64();
    BOOST_TEST(json_string(accepted["kind"]) == "delete");
    BOOST_TEST(accepted["count"].GetInt64() == 1);
    BOOST_TEST(r.header("location") == "/api/jobs/" + std::to_string(job));
    auto done = wait_job(demo, job);
    BOOST_TEST(json_string(done["state"]) == "done");
    BOOST_TEST(done["counts"]["done"].GetInt64() == 1);
    BOOST_REQUIRE(done["items"].Size() == 1u);
    BOOST_TEST(json_string(done["items"][0]["torrent_id"]) == ids[0]);
    BOOST_TEST(json_string(done["items"][0]["state"]) == "done");
    BOOST_TEST(db.integer("SELECT count(*) FROM torrents WHERE id = ?", {ids[0]}) == 0);
    BOOST_TEST(demo.http().get("/api/torrents/" + ids[0]).status == 404);
    auto trash = parse_json(demo.http().get("/api/trash").body);
    BOOST_REQUIRE(trash["trash"].Size() == 1u);
    BOOST_TEST(json_string(trash["trash"][0]["torrent_id"]) == ids[0]);
    BOOST_TEST(trash["trash"][0]["job"].GetInt64() == job);
    // Gone from RD too.
    HttpOptions with_token;
    with_token.headers = {"Authorization: Bearer demo-token"};
    BOOST_TEST(fake.get("/rest/1.0/torrents/info/" + ids[0], with_token).status == 404);

    // A selection: preview, then confirm with the count the preview showed.
    const std::string body = R"({"action":"delete","ids":[")" + ids[1] + R"(",")" + ids[2] +
                             R"(",")" + ids[3] + R"("]})";
    r = demo.http().post("/api/actions/preview", body, kJson);
    BOOST_TEST(r.status == 200, r.body);
    auto preview = parse_json(r.body);
    BOOST_TEST(preview["count"].GetInt64() == 3);
    BOOST_TEST(preview["bytes"].GetInt64() > 0);
    BOOST_TEST(preview["sample"].Size() == 3u);
    BOOST_TEST(db.integer("SELECT count(*) FROM jobs WHERE kind = 'delete'") ==
               1);  // a preview queues nothing

    // A stale count is refused with the current one.
    const std::string stale = body.substr(0, body.size() - 1) + R"(,"confirm":2})";
    r = demo.http().post("/api/actions", stale, kJson);
    BOOST_TEST(r.status == 409, r.body);
    BOOST_TEST(parse_json(r.body)["count"].GetInt64() == 3);

    const std::string confirmed = body.substr(0, body.size() - 1) + R"(,"confirm":3})";
    r = demo.http().post("/api/actions", confirmed, kJson);
    BOOST_TEST(r.status == 202, r.body);
    const std::int64_t bulk = parse_json(r.body)["job"].GetInt64();
    auto bulk_done = wait_job(demo, bulk);
    BOOST_TEST(bulk_done["counts"]["done"].GetInt64() == 3);
    BOOST_TEST(db.integer("SELECT count(*) FROM torrents") == 196);

    // The history lists both, newest first, without items.
    auto history = parse_json(demo.http().get("/api/actions/history?kind=delete").body);
    BOOST_REQUIRE(history["jobs"].Size() == 2u);
    BOOST_TEST(history["jobs"][0]["job"].GetInt64() == bulk);
    BOOST_TEST(!history["jobs"][0].HasMember("items"));
    BOOST_TEST(history["pagination"]["total_count"].GetInt64() == 2);

    // The detail page without any script: its Delete form, then the job's page.
    const std::string target = ids[4];
    HttpResponse page = demo.http().get("/torrents/" + target);
    BOOST_REQUIRE(page.status == 200);
    std::string cookie;
    for (const auto& [name, value] : page.headers)
        if (name == "set-cookie" && value.starts_with("redriva_csrf="))
            cookie = value.substr(13, value.find(';') - 13);
    BOOST_REQUIRE_MESSAGE(!cookie.empty(), "the detail page carries forms: it sets the token");
    BOOST_TEST(page.body.find(R"(action="/torrents/)" + target + R"(/delete")") !=
               std::string::npos);
    BOOST_TEST(page.body.find(R"(name="csrf_token" value=")" + cookie + R"(")") !=
               std::string::npos);
    HttpOptions browser;
    browser.cookie = "redriva_csrf=" + cookie;
    browser.headers = {"Content-Type: application/x-www-form-urlencoded",
                       "Sec-Fetch-Site: same-origin"};
    // A form without its token is not an attack but an old page: back to the torrent.
    r = demo.http().post("/torrents/" + target + "/delete", "csrf_token=stale", browser);
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/torrents/" + target);
    r = demo.http().post("/torrents/" + target + "/delete", "csrf_token=" + cookie, browser);
    BOOST_TEST(r.status == 303);
    const std::string job_url = r.header("location");
    BOOST_REQUIRE(job_url.starts_with("/jobs/"));
    BOOST_TEST(job_url.ends_with("?started=1"));  // its script tells the end, once
    BOOST_TEST(eventually(std::chrono::seconds(30), [&] {
        return demo.http().get(job_url).body.find(R"(data-job-state="done")") != std::string::npos;
    }));
    HttpResponse job_page = demo.http().get(job_url);
    BOOST_TEST(job_page.body.find(R"(data-item-state="done")") != std::string::npos);
    BOOST_TEST(job_page.body.find("http-equiv=\"refresh\"") == std::string::npos);  // ended
    BOOST_TEST(job_page.body.find(R"(data-job-finished="1" data-job-failed="0")") !=
               std::string::npos);
    BOOST_TEST(db.integer("SELECT count(*) FROM torrents WHERE id = ?", {target}) == 0);
    BOOST_TEST(demo.http().get("/jobs/999999").status == 404);

    // A sync now agrees with RD: nothing deleted comes back.
    r = demo.http().post("/api/sync/smart", "");
    BOOST_REQUIRE(r.status == 202);
    BOOST_TEST(job_finished(demo, parse_json(r.body)["id"].GetInt64(), std::chrono::seconds(30)));
    BOOST_TEST(db.integer("SELECT count(*) FROM torrents") == 195);
}

BOOST_AUTO_TEST_CASE(every_refusal_says_why) {
    const std::string id = truth().column("SELECT id FROM torrents LIMIT 1")[0];
    const auto expect = [](const HttpResponse& r, long status, const std::string& words) {
        BOOST_TEST(r.status == status, r.body);
        BOOST_TEST(r.is_json());
        BOOST_TEST(parse_json(r.body)["error"].IsString());
        BOOST_TEST(r.body.find(words) != std::string::npos, r.body);
    };
    expect(http().post("/api/torrents/NOSUCHTORRENT1/delete", ""), 404, "No torrent");
    expect(http().post("/api/torrents/bad!id/delete", ""), 404, "No torrent");
    expect(http().post("/api/actions/preview", "{}", kJson), 400, "action");
    expect(http().post("/api/actions/preview", R"({"action":"delete"})", kJson), 400, "either");
    expect(http().post("/api/actions/preview", "not json", kJson), 400, "not valid JSON");
    expect(http().post("/api/actions/preview", R"({"action":"delete","ids":[]})"), 400, "as JSON");
    expect(http().post("/api/actions/preview", R"({"action":"explode","ids":["x"]})", kJson), 400,
           "Unknown action");
    expect(http().post("/api/actions/preview", R"({"action":"delete","ids":[1]})", kJson), 400,
           "strings");
    expect(http().post("/api/actions/preview",
                       R"({"action":"delete","ids":[")" + id + R"(","UNKNOWNID0001"]})", kJson),
           400, "Not in the library: UNKNOWNID0001");
    // An empty filter would select everything: refused, even with a count.
    expect(http().post("/api/actions", R"({"action":"delete","filter":{},"confirm":3000})", kJson),
           400, "empty filter");
    expect(http().post("/api/actions",
                       R"({"action":"delete","filter":{"status":"","q":"  "},"confirm":1})", kJson),
           400, "empty filter");
    expect(http().post("/api/actions", R"({"action":"delete","filter":{"status":"nope"}})", kJson),
           400, "Unknown status");
    expect(http().post("/api/actions", R"({"action":"delete","filter":{"status":"dead"}})", kJson),
           400, "confirm");
    expect(http().post("/api/torrents/" + id + "/repair", R"({"allow_download":"yes"})", kJson),
           400, "allow_download");
    expect(http().post("/api/torrents/" + id + "/repair", "[1]", kJson), 400, "JSON object");
    expect(http().post("/api/torrents/" + id + "/links", "x"), 400, "as JSON");
    expect(http().post("/api/torrents/" + id + "/links", R"({"file_ids":"all"})", kJson), 400,
           "file_ids");
    expect(http().get("/api/torrents/NOSUCHTORRENT1/links"), 404, "No torrent");
    expect(http().post("/api/trash/" + std::string(40, 'a') + "/restore", ""), 404, "trash");
    expect(http().request("DELETE", "/api/trash/nothex", std::nullopt, {}), 404, "trash");
    expect(http().get("/api/jobs/abc"), 404, "No job");
    expect(http().get("/api/jobs/999999"), 404, "No job");
    expect(http().post("/api/jobs/999999/cancel", ""), 404, "No job");
    expect(http().get("/api/trash?page=0"), 400, "page");
    expect(http().get("/api/actions/history?kind=nope"), 400, "kind");
    expect(http().get("/api/actions/history?state=nope"), 400, "state");
    // GET on a POST route, and the other way round.
    BOOST_TEST(http().get("/api/actions").status == 405);
    BOOST_TEST(http().get("/api/torrents/" + id + "/delete").status == 405);
    // Nothing was queued by any of them.
    BOOST_TEST(truth().integer("SELECT count(*) FROM jobs WHERE kind = 'delete'") == 0);
}

BOOST_AUTO_TEST_CASE(a_filter_preview_counts_what_the_list_shows) {
    const std::int64_t dead =
        truth().integer("SELECT count(*) FROM torrents WHERE status = 'dead'");
    BOOST_REQUIRE(dead > 0);
    const HttpResponse r = http().post("/api/actions/preview",
                                       R"({"action":"delete","filter":{"status":"dead"}})", kJson);
    BOOST_TEST(r.status == 200, r.body);
    BOOST_TEST(parse_json(r.body)["count"].GetInt64() == dead);
    const HttpResponse list = http().get("/api/torrents?status=dead");
    BOOST_TEST(list.status == 200);
    BOOST_TEST(parse_json(list.body)["pagination"]["total_count"].GetInt64() == dead);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
