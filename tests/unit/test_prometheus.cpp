// /metrics' pieces: the request counters by route, status and time; the text format
// and its escaping; who may scrape; the RD totals a sync adds as it goes.
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "db/metrics_queries.h"
#include "db/rd_stats.h"
#include "db/schema.h"
#include "fake_clock.h"
#include "server/metrics.h"
#include "sync/rd_stats_recorder.h"
#include "temp_database.h"
#include "web/metrics_view.h"
#include "web/prometheus_text.h"
#include "web/routes.h"
#include "web/scrapers.h"

using namespace redriva;
using web::ScraperAccess;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

RdTally tally(std::int64_t requests, std::int64_t latency_ms) {
    RdTally t;
    for (std::int64_t i = 0; i < requests; ++i) {
        ++t.requests_sent;
        t.add_latency(latency_ms * 1000);
    }
    return t;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(prometheus)

BOOST_AUTO_TEST_CASE(statuses_are_counted_by_code_or_by_class) {
    BOOST_TEST(server::status_label(server::status_slot(200)) == "200");
    BOOST_TEST(server::status_label(server::status_slot(404)) == "404");
    BOOST_TEST(server::status_label(server::status_slot(503)) == "503");
    BOOST_TEST(server::status_label(server::status_slot(418)) == "4xx");
    BOOST_TEST(server::status_label(server::status_slot(299)) == "2xx");
    BOOST_TEST(server::status_label(server::status_slot(599)) == "5xx");
    BOOST_TEST(server::status_label(server::status_slot(0)) == "other");
    BOOST_TEST(server::status_label(server::status_slot(777)) == "other");
    // Every slot has one label, and no two slots share one.
    std::set<std::string> labels;
    for (int s = 0; s < server::kStatusSlots; ++s) labels.insert(server::status_label(s));
    BOOST_TEST(labels.size() == static_cast<std::size_t>(server::kStatusSlots));
}

BOOST_AUTO_TEST_CASE(durations_fall_in_the_first_bucket_that_holds_them) {
    BOOST_TEST(server::duration_slot(0) == 0);
    BOOST_TEST(server::duration_slot(250) == 0);
    BOOST_TEST(server::duration_slot(251) == 1);
    BOOST_TEST(server::duration_slot(10'000'000) == server::kDurationSlots - 2);
    BOOST_TEST(server::duration_slot(10'000'001) == server::kDurationSlots - 1);
}

BOOST_AUTO_TEST_CASE(the_text_format_escapes_and_histograms_are_cumulative) {
    web::PrometheusText t;
    t.family("x_total", "counter", "A \\ help\nline");
    t.sample("x_total", {{"route", "/a\"b\\c\nd"}}, std::int64_t{3});
    BOOST_TEST(t.text() ==
               "# HELP x_total A \\\\ help\\nline\n# TYPE x_total counter\n"
               "x_total{route=\"/a\\\"b\\\\c\\nd\"} 3\n");
    BOOST_TEST(web::prometheus_number(0.25) == "0.25");
    BOOST_TEST(web::prometheus_number(1e-4) == "0.0001");
    BOOST_TEST(web::prometheus_number(1.0 / 0.0) == "+Inf");

    // A pool that answered /torrents three times: 0.1 ms, 2 ms and 20 s.
    auto pool = server::create_local_metrics(2);
    const auto all = web::routes(false);
    int list = -1;
    for (std::size_t i = 0; i < all.size(); ++i)
        if (std::string(all[i].pattern) == "/torrents" && std::string(all[i].method) == "GET")
            list = static_cast<int>(i);
    BOOST_REQUIRE(list >= 0);
    server::record_request(*pool, list, 200, 100);
    server::record_request(*pool, list, 200, 2'000);
    server::record_request(*pool, list, 500, 20'000'000);
    server::record_request(*pool, -1, 404, 50);
    db::MetricsFigures figures;
    figures.rd = tally(4, 300);
    const std::string text = web::prometheus_metrics({.pool = *pool,
                                                      .routes = all,
                                                      .figures = figures,
                                                      .last_sync = {},
                                                      .window_sends = 7,
                                                      .window_limit = 250,
                                                      .database_bytes = {},
                                                      .wal_bytes = {}});
    const std::string route = R"(method="GET",route="/torrents")";
    BOOST_TEST(contains(text, "redriva_http_requests_total{" + route + R"(,status="200"} 2)"));
    BOOST_TEST(contains(text, "redriva_http_requests_total{" + route + R"(,status="500"} 1)"));
    BOOST_TEST(
        contains(text, R"(redriva_http_requests_total{method="",route="none",status="404"} 1)"));
    BOOST_TEST(contains(
        text, "redriva_http_request_duration_seconds_bucket{" + route + R"(,le="0.00025"} 1)"));
    BOOST_TEST(contains(
        text, "redriva_http_request_duration_seconds_bucket{" + route + R"(,le="0.0025"} 2)"));
    BOOST_TEST(
        contains(text, "redriva_http_request_duration_seconds_bucket{" + route + R"(,le="10"} 2)"));
    BOOST_TEST(contains(
        text, "redriva_http_request_duration_seconds_bucket{" + route + R"(,le="+Inf"} 3)"));
    BOOST_TEST(contains(text, "redriva_http_request_duration_seconds_sum{" + route + "} 20.0021"));
    BOOST_TEST(contains(text, "redriva_http_request_duration_seconds_count{" + route + "} 3"));
    // A route nobody asked for has no series.
    BOOST_TEST(!contains(text, R"(route="/search")"));
    // RD's answer times: 4 at 300 ms, in the 0.5 s bucket and all above it.
    BOOST_TEST(contains(text, "redriva_rd_request_duration_seconds_bucket{le=\"0.25\"} 0\n"));
    BOOST_TEST(contains(text, "redriva_rd_request_duration_seconds_bucket{le=\"0.5\"} 4\n"));
    BOOST_TEST(contains(text, "redriva_rd_request_duration_seconds_bucket{le=\"+Inf\"} 4\n"));
    BOOST_TEST(contains(text, "redriva_rd_request_duration_seconds_sum 1.2\n"));
    BOOST_TEST(contains(text, "redriva_rd_requests_total 4\n"));
    BOOST_TEST(contains(text, "redriva_rd_window_requests 7\n"));
    BOOST_TEST(contains(text, "redriva_rd_window_limit 250\n"));
    // Every kind has its finished and active series, even at 0.
    BOOST_TEST(contains(text, R"(redriva_jobs_finished_total{kind="repair",outcome="failed"} 0)"));
    BOOST_TEST(contains(text, R"(redriva_jobs_active{kind="smart",state="running"} 0)"));
}

BOOST_AUTO_TEST_CASE(the_loopback_listed_networks_or_the_token_may_scrape) {
    const ScraperAccess open("", "");
    BOOST_TEST((open.check("127.0.0.1", "") == ScraperAccess::Verdict::kAllowed));
    BOOST_TEST((open.check("127.8.9.10", "") == ScraperAccess::Verdict::kAllowed));
    BOOST_TEST((open.check("::1", "") == ScraperAccess::Verdict::kAllowed));
    BOOST_TEST((open.check("::ffff:127.0.0.1", "") == ScraperAccess::Verdict::kAllowed));
    BOOST_TEST((open.check("10.0.0.1", "") == ScraperAccess::Verdict::kForbidden));
    BOOST_TEST((open.check("10.0.0.1", "Bearer ") == ScraperAccess::Verdict::kForbidden));
    BOOST_TEST((open.check("", "") == ScraperAccess::Verdict::kForbidden));
    BOOST_TEST((open.check("not an address", "") == ScraperAccess::Verdict::kForbidden));

    const ScraperAccess listed("10.1.0.0/16, 192.0.2.7\tfd00::/8", "s3cret-token");
    BOOST_TEST((listed.check("10.1.255.3", "") == ScraperAccess::Verdict::kAllowed));
    BOOST_TEST((listed.check("::ffff:10.1.0.9", "") == ScraperAccess::Verdict::kAllowed));
    BOOST_TEST((listed.check("10.2.0.1", "") == ScraperAccess::Verdict::kUnauthorized));
    BOOST_TEST((listed.check("192.0.2.7", "") == ScraperAccess::Verdict::kAllowed));
    BOOST_TEST((listed.check("192.0.2.8", "") == ScraperAccess::Verdict::kUnauthorized));
    BOOST_TEST((listed.check("fd12::1", "") == ScraperAccess::Verdict::kAllowed));
    BOOST_TEST((listed.check("fe80::1", "") == ScraperAccess::Verdict::kUnauthorized));
    BOOST_TEST(
        (listed.check("8.8.8.8", "Bearer s3cret-token") == ScraperAccess::Verdict::kAllowed));
    BOOST_TEST(
        (listed.check("8.8.8.8", "bearer s3cret-token") == ScraperAccess::Verdict::kAllowed));
    BOOST_TEST(
        (listed.check("8.8.8.8", "Bearer s3cret-tokeN") == ScraperAccess::Verdict::kUnauthorized));
    BOOST_TEST((listed.check("8.8.8.8", "Bearer s3cret-token-and-more") ==
                ScraperAccess::Verdict::kUnauthorized));
    BOOST_TEST(
        (listed.check("8.8.8.8", "Basic s3cret-token") == ScraperAccess::Verdict::kUnauthorized));
    BOOST_TEST((listed.check("8.8.8.8", "s3cret-token") == ScraperAccess::Verdict::kUnauthorized));

    const ScraperAccess everyone("0.0.0.0/0", "");
    BOOST_TEST((everyone.check("203.0.113.1", "") == ScraperAccess::Verdict::kAllowed));
    BOOST_TEST((everyone.check("2001:db8::1", "") == ScraperAccess::Verdict::kForbidden));

    for (const char* bad :
         {"10.0.0.0/33", "fd00::/129", "10.0.0/8", "host.example", "10.0.0.1/", "10.0.0.1/x", "/8"})
        BOOST_CHECK_THROW(ScraperAccess(bad, ""), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(rd_totals_grow_by_what_each_process_adds) {
    test::TempDatabasePath path;
    db::Database database = db::open_database(path.path());
    db::RdStats stats(database);
    BOOST_TEST(stats.totals().requests_sent == 0);
    RdTally first = tally(3, 40);
    first.retries = 1;
    first.rate_limited = 1;
    first.errors = 2;
    stats.add(first);
    stats.add(tally(2, 2'000));
    const RdTally t = stats.totals();
    BOOST_TEST(t.requests_sent == 5);
    BOOST_TEST(t.retries == 1);
    BOOST_TEST(t.rate_limited == 1);
    BOOST_TEST(t.errors == 2);
    BOOST_TEST(t.latency[1] == 3);  // 40 ms: under 50
    BOOST_TEST(t.latency[6] == 2);  // 2 s: under 2.5
    BOOST_TEST(t.latency_total_us == 3 * 40'000 + 2 * 2'000'000);
}

BOOST_AUTO_TEST_CASE(the_recorder_writes_every_few_seconds_and_what_is_left_at_the_end) {
    test::TempDatabasePath path;
    db::Database database = db::open_database(path.path());
    db::RdStats reader(database);
    test::FakeClock clock(1'000);
    {
        sync::RdStatsRecorder recorder(database, clock);
        RdTally running;
        for (int i = 1; i <= 10; ++i) {
            ++running.requests_sent;
            running.add_latency(100'000);
            recorder.observe(running);
            clock.now += 1'000;
        }
        // Written after 5 s, then again after 10: never more than 5 s behind.
        const std::int64_t written = reader.totals().requests_sent;
        BOOST_TEST(written >= 5);
        BOOST_TEST(written < 10);
        // A database that refuses the write loses nothing: a later one carries it.
        database.exec(
            "CREATE TRIGGER refuse BEFORE UPDATE ON rd_stats BEGIN "
            "SELECT RAISE(ABORT, 'disk full'); END");
        recorder.flush();
        BOOST_TEST(reader.totals().requests_sent == written);
        database.exec("DROP TRIGGER refuse");
    }
    BOOST_TEST(reader.totals().requests_sent == 10);
    BOOST_TEST(reader.totals().latency[2] == 10);  // 100 ms: at most 100
}

BOOST_AUTO_TEST_SUITE_END()
