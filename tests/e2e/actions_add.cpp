// Adding to the library, against fake-rd: magnets and .torrent files from the CLI
// and the API (JSON and a multipart upload larger than the other routes allow),
// each hash once however often it is asked; the automatic selection, and the
// manual one (the torrent waits, the user ticks files, a select job sends them).
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>

#include "common/strings.h"
#include "domain/torrent_source.h"
#include "fake_rd.h"
#include "stack.h"

namespace redriva::e2e {

namespace {

const std::string kNewHash = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a";

std::string magnet(const std::string& hash, const std::string& name = "") {
    return "magnet:?xt=urn:btih:" + hash + (name.empty() ? "" : "&dn=" + name);
}

// A single-file .torrent whose `pieces` string is `padding` bytes long (its size).
std::string torrent_file(const std::string& name, std::size_t padding = 20) {
    const std::string info = "d6:lengthi2000000000e4:name" + std::to_string(name.size()) + ":" +
                             name + "12:piece lengthi16384e6:pieces" + std::to_string(padding) +
                             ":" + std::string(padding, 'P') + "e";
    return "d8:announce12:http://t/ann4:info" + info + "e";
}

std::string hash_of(const std::string& torrent) {
    auto info = parse_torrent_file(torrent);
    BOOST_REQUIRE(info);
    return info->hash;
}

// How many torrents of the fake's account have this hash.
std::size_t held(const FakeRd& fake, const std::string& hash) {
    std::size_t n = 0;
    for (const auto& [id, t] : fake.truth(false))
        n += t.list.find(" hash=" + hash + " ") != std::string::npos;
    return n;
}

HttpOptions json_body() {
    HttpOptions options;
    options.headers = {"Content-Type: application/json"};
    return options;
}
const HttpOptions kJson = json_body();

const std::string kBoundary = "redriva-e2e-boundary";

HttpOptions multipart() {
    HttpOptions options;
    options.headers = {"Content-Type: multipart/form-data; boundary=" + kBoundary};
    return options;
}

std::string form_part(const std::string& name, const std::string& body,
                      const std::string& filename = "") {
    std::string p = "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"";
    if (!filename.empty())
        p += "; filename=\"" + filename + "\"\r\nContent-Type: application/x-bittorrent";
    return p + "\r\n\r\n" + body + "\r\n";
}

std::string form_end() {
    return "--" + kBoundary + "--\r\n";
}

std::int64_t accepted_job(const HttpResponse& r) {
    BOOST_REQUIRE_MESSAGE(r.status == 202, r.status << " " << r.body);
    return parse_json(r.body)["job"].GetInt64();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(actions_add)

BOOST_AUTO_TEST_CASE(the_cli_adds_a_magnet_and_a_torrent_file_once_each) {
    FakeRd fake({.library = 40});
    SyncWorld world(fake);
    BOOST_REQUIRE(world.run({"fast"}, {}, std::chrono::seconds(120)).code == 0);
    const std::string file = world.data_dir() + "/My.Show.torrent";
    const std::string bytes = torrent_file("My.Show.S01E01.mkv");
    std::ofstream(file, std::ios::binary) << bytes;
    const std::string file_hash = hash_of(bytes);

    SyncOutcome out = world.run({"add", magnet(kNewHash, "A+Movie"), file});
    BOOST_TEST(out.code == 0, outcome_text(out));
    TruthDb db(world.database_path());
    for (const std::string& hash : {kNewHash, file_hash}) {
        BOOST_TEST(held(fake, hash) == 1u, hash);
        BOOST_TEST(db.integer("SELECT count(*) FROM torrents WHERE hash = ?", {hash}) == 1, hash);
        // Selected by the automatic rule, and written as RD describes it now.
        BOOST_TEST(db.integer("SELECT count(*) FROM torrents t JOIN torrent_files f ON "
                              "f.torrent_id = t.id WHERE t.hash = ? AND f.selected = 1",
                              {hash}) > 0,
                   hash);
        BOOST_TEST(db.column("SELECT status FROM torrents WHERE hash = ?", {hash}).at(0) !=
                   "waiting_files_selection");
    }
    BOOST_TEST(db.column("SELECT new_id FROM job_items WHERE hash = ?", {kNewHash}).at(0) ==
               db.column("SELECT id FROM torrents WHERE hash = ?", {kNewHash}).at(0));

    // Asked again: skipped, nothing sent to addMagnet/addTorrent.
    fake.reset_log();
    out = world.run({"add", magnet(kNewHash), file});
    BOOST_TEST(out.code == 5, outcome_text(out));
    BOOST_TEST(db.integer("SELECT count(*) FROM job_items WHERE job_id = (SELECT max(id) FROM "
                          "jobs) AND state = 'skipped' AND reason = 'already in the library'") ==
               2);
    for (const auto& path : fake.logged_paths()) BOOST_TEST(path.find("/add") == std::string::npos);
    BOOST_TEST(held(fake, kNewHash) == 1u);

    // Refusals before anything is queued: exit 2 with the reason.
    out = world.run({"add", "magnet:?xt=urn:btih:nothex"});
    BOOST_TEST(out.code == 2, outcome_text(out));
    BOOST_TEST(out.err.find("info hash") != std::string::npos, out.err);
    std::ofstream(world.data_dir() + "/bad.torrent") << "not bencode";
    out = world.run({"add", world.data_dir() + "/bad.torrent"});
    BOOST_TEST(out.code == 2, outcome_text(out));
    BOOST_TEST(out.err.find("not a .torrent file") != std::string::npos, out.err);
}

BOOST_AUTO_TEST_CASE(the_api_adds_uploads_and_lets_the_user_choose_the_files) {
    StackOptions options;
    options.demo = true;
    options.torrents = 60;
    Stack demo(options);
    TruthDb& db = demo.truth();
    const HttpClient& http = demo.http();

    // The account panel before any cron run has read it: every key, null.
    HttpResponse account = http.get("/api/account");
    BOOST_TEST(account.status == 200);
    for (const char* key :
         {"username", "premium_days", "points", "active", "traffic", "updated_at"})
        BOOST_TEST(parse_json(account.body)[key].IsNull(), key);
    // Once a sync the web started (a cron run) has read it, the panel shows it.
    BOOST_REQUIRE(http.post("/api/sync/torrents", "").status == 202);
    BOOST_TEST(eventually(std::chrono::seconds(30), [&] {
        const rapidjson::Document doc = parse_json(http.get("/api/account").body);
        return doc["username"].IsString() && doc["premium_days"].GetInt64() == 30;
    }));
    BOOST_TEST(http.get("/").body.find("data-account=\"premium_days\">30<") != std::string::npos);

    // A magnet, files chosen by hand: the torrent waits for them.
    std::int64_t job = accepted_job(
        http.post("/api/torrents/add",
                  R"({"magnets":[")" + magnet(kNewHash) + R"("],"select":"manual"})", kJson));
    rapidjson::Document doc = wait_job(demo, job);
    BOOST_TEST(json_string(doc["kind"]) == "add");
    BOOST_TEST(doc["counts"]["done"].GetInt64() == 1);
    const std::string id = json_string(doc["items"][0]["new_id"]);
    BOOST_REQUIRE(!id.empty());
    HttpResponse r = http.get("/api/torrents/" + id + "/files");
    BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
    doc = parse_json(r.body);
    BOOST_TEST(doc["waiting_files_selection"].GetBool());
    BOOST_REQUIRE(doc["files"].Size() >= 1u);
    const std::int64_t chosen = doc["files"][0]["id"].GetInt64();
    // The detail page offers the choice as a form.
    r = http.get("/torrents/" + id);
    BOOST_TEST(r.body.find("action=\"/torrents/" + id + "/select\"") != std::string::npos);

    // A file id that is not the torrent's: 409 before any job.
    r = http.post("/api/torrents/" + id + "/select", R"({"file_ids":[99999]})", kJson);
    BOOST_TEST(r.status == 409, r.body);
    job = accepted_job(http.post("/api/torrents/" + id + "/select",
                                 R"({"file_ids":[)" + std::to_string(chosen) + "]}", kJson));
    doc = wait_job(demo, job);
    BOOST_TEST(json_string(doc["kind"]) == "select");
    BOOST_TEST(doc["counts"]["done"].GetInt64() == 1, json_string(doc["items"][0]["reason"]));
    BOOST_TEST(db.column("SELECT file_id FROM torrent_files WHERE torrent_id = ? AND selected = 1",
                         {id}) == std::vector<std::string>{std::to_string(chosen)});
    // Chosen once: a second choice is refused.
    r = http.post("/api/torrents/" + id + "/select", R"({"select":"all"})", kJson);
    BOOST_TEST(r.status == 409, r.body);

    // A .torrent upload of 200 KB (over the 64 KB every other route keeps).
    const std::string big = torrent_file("Big.Upload.mkv", 200 * 1024);
    job = accepted_job(
        http.post("/api/torrents/add",
                  form_part("select", "all") + form_part("file", big, "big.torrent") + form_end(),
                  multipart()));
    doc = wait_job(demo, job);
    BOOST_TEST(doc["counts"]["done"].GetInt64() == 1, json_string(doc["items"][0]["reason"]));
    BOOST_TEST(db.integer("SELECT count(*) FROM torrents WHERE hash = ?", {hash_of(big)}) == 1);
    // The same size elsewhere is refused by nginx; over 10 MB, on the upload too.
    BOOST_TEST(http.post("/api/actions/preview", std::string(200 * 1024, ' '), kJson).status ==
               413);
    const std::string huge = torrent_file("Huge.mkv", 11 * 1024 * 1024);
    BOOST_TEST(http.post("/api/torrents/add", form_part("file", huge, "huge.torrent") + form_end(),
                         multipart())
                   .status == 413);

    // Retry: a restore RD refuses (451) fails; retried while it still refuses, it
    // fails again; retried once RD accepts, it ends done, the hash once in the library.
    const std::string victim =
        db.column(
              "SELECT id FROM torrents WHERE status = 'downloaded' AND links != '[]' "
              "ORDER BY id LIMIT 1")
            .at(0);
    const std::string victim_name =
        db.column("SELECT filename FROM torrents WHERE id = ?", {victim}).at(0);
    const std::string victim_hash =
        db.column("SELECT hash FROM torrents WHERE id = ?", {victim}).at(0);
    doc = wait_job(demo, accepted_job(http.post("/api/torrents/" + victim + "/delete", "", kJson)));
    BOOST_REQUIRE(doc["counts"]["done"].GetInt64() == 1);
    int fake_port = 0;
    std::ifstream(demo.data_dir() + "/run/fake-rd.port") >> fake_port;
    const HttpClient fake("http://127.0.0.1:" + std::to_string(fake_port));
    BOOST_REQUIRE(
        fake.post("/control/rules?infringing=" + url_encode(victim_name.substr(0, 12)), "")
            .status == 200);
    std::int64_t refused =
        accepted_job(http.post("/api/trash/" + victim_hash + "/restore", "", kJson));
    doc = wait_job(demo, refused);
    BOOST_TEST(doc["counts"]["failed"].GetInt64() == 1);
    BOOST_TEST(json_string(doc["items"][0]["reason"]).find("451") != std::string::npos);
    std::int64_t retried =
        accepted_job(http.post("/api/jobs/" + std::to_string(refused) + "/retry", "", kJson));
    doc = wait_job(demo, retried);
    BOOST_TEST(doc["retry_of"].GetInt64() == refused);
    BOOST_TEST(doc["counts"]["failed"].GetInt64() == 1);
    BOOST_REQUIRE(fake.post("/control/rules?infringing=", "").status == 200);
    const std::int64_t accepted =
        accepted_job(http.post("/api/jobs/" + std::to_string(retried) + "/retry", "", kJson));
    doc = wait_job(demo, accepted);
    BOOST_TEST(json_string(doc["kind"]) == "restore");
    BOOST_TEST(doc["counts"]["done"].GetInt64() == 1, json_string(doc["items"][0]["reason"]));
    BOOST_TEST(db.integer("SELECT count(*) FROM torrents WHERE hash = ?", {victim_hash}) == 1);
    // Nothing failed: nothing to retry.
    r = http.post("/api/jobs/" + std::to_string(accepted) + "/retry", "", kJson);
    BOOST_TEST(r.status == 409, r.body);

    // Refusals: each a 400 that says why, nothing queued.
    const std::int64_t jobs_before = db.integer("SELECT count(*) FROM jobs");
    for (const auto& [body, why] : std::vector<std::pair<std::string, std::string>>{
             {R"({"magnets":[]})", "non-empty array"},
             {R"({"magnets":["magnet:?xt=urn:btih:123"]})", "info hash"},
             {R"({"magnets":[")" + magnet(kNewHash) + R"("],"select":"some"})",
              "auto, all or manual"},
             {R"({"magnets":"x"})", "non-empty array"},
             {"[1]", "JSON object"},
         }) {
        r = http.post("/api/torrents/add", body, kJson);
        BOOST_TEST(r.status == 400, body);
        BOOST_TEST(r.body.find(why) != std::string::npos, r.body);
    }
    r = http.post("/api/torrents/add", form_part("file", "not bencode", "x.torrent") + form_end(),
                  multipart());
    BOOST_TEST(r.status == 400, r.body);
    BOOST_TEST(r.body.find("not a .torrent file") != std::string::npos, r.body);
    r = http.post("/api/torrents/add", "--" + kBoundary + "\r\nbroken", multipart());
    BOOST_TEST(r.status == 400, r.body);
    BOOST_TEST(db.integer("SELECT count(*) FROM jobs") == jobs_before);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
