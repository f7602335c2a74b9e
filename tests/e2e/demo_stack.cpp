// A user without RD_TOKEN: scripts/run starts the bundled fake Real-Debrid,
// syncs from it, and a sync queued from the API runs at once and shows up in
// the dashboard's numbers (S4, O3).
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdint>
#include <fstream>

#include "stack.h"

namespace redriva::e2e {

BOOST_AUTO_TEST_SUITE(demo_stack)

BOOST_AUTO_TEST_CASE(a_queued_sync_runs_and_the_dashboard_sees_it) {
    StackOptions options;
    options.demo = true;
    options.torrents = 300;
    Stack demo(options);

    // The first sync filled the library from fake-rd, labelled as demo data.
    auto stats = parse_json(demo.http().get("/api/stats").body);
    BOOST_TEST(stats["total_torrents"].GetInt64() == 300);
    BOOST_TEST(stats["total_details"].GetInt64() == 300);
    BOOST_TEST(stats["demo"].GetBool());
    BOOST_TEST(demo.http().get("/").body.find("demo data") != std::string::npos);

    // Real-Debrid (the fake) gains five torrents; the user asks for a sync.
    int fake_port = 0;
    std::ifstream(demo.data_dir() + "/run/fake-rd.port") >> fake_port;
    BOOST_REQUIRE(fake_port > 0);
    HttpClient fake("http://127.0.0.1:" + std::to_string(fake_port));
    BOOST_REQUIRE(fake.post("/control/add?n=5", "").status == 200);
    const HttpResponse queued = demo.http().post("/api/sync/smart", "");
    BOOST_TEST(queued.status == 202);

    // redriva-sync started at once (no cron here): the job ends and the
    // numbers move, without restarting anything. The wait is for the smart
    // job itself to end: the five new rows are committed with the list, before
    // their details, while "last_sync" still names the first (full) job.
    const std::int64_t job_id = parse_json(queued.body)["id"].GetInt64();
    BOOST_TEST(job_finished(demo, job_id, std::chrono::seconds(20)));
    auto status = parse_json(demo.http().get("/api/sync/status").body);
    BOOST_TEST(status["current"].IsNull());
    BOOST_REQUIRE(status["last"].IsObject());
    BOOST_TEST(json_string(status["last"]["state"]) == "done");
    BOOST_TEST(json_string(status["last"]["type"]) == "smart");
    auto now = parse_json(demo.http().get("/api/stats").body);
    BOOST_TEST(now["total_torrents"].GetInt64() == 305);
    BOOST_TEST(now["total_details"].GetInt64() == 305);
    BOOST_TEST(now["last_sync"]["id"].GetInt64() == job_id);
    BOOST_TEST(status["last"]["requests"].GetInt64() == 6);  // one list page + 5 new
    // The console's lines come from the sync itself.
    auto events = parse_json(demo.http().get("/api/sync/events?after=0").body);
    bool saw_fetching = false;
    for (const auto& e : events["events"].GetArray())
        saw_fetching |= json_string(e["message"]).find("5 new") != std::string::npos;
    BOOST_TEST(saw_fetching);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
