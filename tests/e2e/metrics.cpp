// /metrics as Prometheus reads it: the text passes promtool's checks, the counters
// follow what the stack did (pages served, requests sent to a real fake-rd by a real
// sync), scrapers from elsewhere need the token, and a real Prometheus scrapes it.
#include <sys/stat.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>

#include "fake_rd.h"
#include "fcgi_client.h"
#include "stack.h"

namespace redriva::e2e {
namespace {

const std::string kScrapeToken = "scrape-token-of-the-e2e-tests-0123";

// The value of one sample, `series` written as /metrics writes it:
// name{label="value",…}. -1 when absent.
double sample(const std::string& text, const std::string& series) {
    const std::string line_start = series + " ";
    for (std::size_t at = 0; at < text.size();) {
        std::size_t end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        if (text.compare(at, line_start.size(), line_start) == 0)
            return std::stod(text.substr(at + line_start.size(), end - at - line_start.size()));
        at = end + 1;
    }
    return -1;
}

std::string scrape(const Stack& stack) {
    HttpResponse r = stack.http().get("/metrics");
    BOOST_REQUIRE_EQUAL(r.status, 200);
    return r.body;
}

double value_of(const Stack& stack, const std::string& series) {
    return sample(scrape(stack), series);
}

// What `promtool check metrics` says of `text`, and its exit code.
std::pair<int, std::string> promtool_check(const std::string& text, const std::string& dir) {
    const std::string input = dir + "/metrics.txt";
    std::ofstream(input) << text;
    FILE* p = ::popen(("promtool check metrics < " + input + " 2>&1").c_str(), "r");
    BOOST_REQUIRE(p != nullptr);
    std::string out;
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, p)) out.append(buffer, n);
    const int status = ::pclose(p);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::int64_t start_sync(const Stack& stack, const std::string& type) {
    HttpResponse r = stack.http().post("/api/sync/" + type, "");
    BOOST_REQUIRE(r.status == 202);
    return parse_json(r.body)["id"].GetInt64();
}

const std::string kTorrents200 =
    R"(redriva_http_requests_total{method="GET",route="/torrents",status="200"})";

}  // namespace

BOOST_AUTO_TEST_SUITE(metrics)

BOOST_AUTO_TEST_CASE(the_counters_follow_what_the_stack_did) {
    FakeRdConfig config;
    config.library = 60;
    FakeRd fake(config);
    StackOptions options;
    options.torrents = 20;
    options.env = {{"RD_TOKEN", config.token},
                   {"REDRIVA_RD_API_URL", fake.api_url()},
                   {"REDRIVA_RD_RATE", "100000"},
                   {"REDRIVA_SYNC_ON_REQUEST", "1"},
                   {"REDRIVA_METRICS_TOKEN", kScrapeToken}};
    Stack stack(options);
    fake.reset_log();

    const std::int64_t job = start_sync(stack, "fast");
    BOOST_REQUIRE(job_finished(stack, job));
    // Every request the sync processes sent (the job's, the account's) is counted
    // once they are done: the fake counted the same.
    std::string text;
    BOOST_TEST(eventually(std::chrono::seconds(15), [&] {
        text = scrape(stack);
        return sample(text, "redriva_rd_requests_total") ==
               static_cast<double>(fake.stat("requests"));
    }));
    BOOST_TEST(fake.stat("requests") >= 61);  // the list, then 60 torrents' info
    BOOST_TEST(sample(text, "redriva_rd_request_duration_seconds_count") ==
               sample(text, "redriva_rd_requests_total"));
    BOOST_TEST(sample(text, R"(redriva_rd_request_duration_seconds_bucket{le="+Inf"})") ==
               sample(text, "redriva_rd_requests_total"));
    BOOST_TEST(sample(text, "redriva_rd_rate_limited_total") == 0.0);
    BOOST_TEST(sample(text, R"(redriva_jobs_finished_total{kind="fast",outcome="done"})") == 1.0);
    BOOST_TEST(sample(text, R"(redriva_jobs_finished_total{kind="delete",outcome="failed"})") ==
               0.0);
    BOOST_TEST(sample(text, R"(redriva_last_sync_success{mode="fast"})") == 1.0);
    BOOST_TEST(sample(text, "redriva_last_successful_sync_timestamp_seconds") >=
               static_cast<double>(unix_now() - 120));
    // The library by status adds up to the database's count.
    double torrents = 0;
    for (const std::string& status : stack.truth().column("SELECT DISTINCT status FROM torrents"))
        torrents += sample(text, R"(redriva_torrents{status=")" + status + R"("})");
    BOOST_TEST(torrents ==
               static_cast<double>(stack.truth().integer("SELECT count(*) FROM torrents")));
    BOOST_TEST(sample(text, R"(redriva_database_bytes{file="db"})") > 4096);
    // The requests each moved the window's count; the window allows the configured rate.
    BOOST_TEST(sample(text, "redriva_rd_window_limit") == 100000.0);
    BOOST_TEST(sample(text, "redriva_rd_window_requests") >= 61);

    // Pages served, by route, status and cache.
    const double before = std::max(0.0, sample(text, kTorrents200));  // absent: none yet
    const double hits_before = sample(text, R"(redriva_page_cache_hits_total{cache="list"})");
    const std::string not_found =
        R"(redriva_http_requests_total{method="",route="none",status="404"})";
    const double not_found_before = std::max(0.0, sample(text, not_found));
    for (int i = 0; i < 7; ++i) BOOST_TEST(stack.http().get("/torrents").status == 200);
    BOOST_TEST(stack.http().get("/no/such/page").status == 404);
    // A worker counts a request once its answer is sent: a scrape that another worker
    // answers at once may come before that.
    BOOST_TEST(eventually(std::chrono::seconds(5), [&] {
        text = scrape(stack);
        return sample(text, kTorrents200) == before + 7 &&
               sample(text, not_found) == not_found_before + 1;
    }));
    BOOST_TEST(sample(text, kTorrents200) == before + 7);
    BOOST_TEST(sample(text, R"(redriva_page_cache_hits_total{cache="list"})") >=
               hits_before + 5);  // two workers: each renders the page once at most
    BOOST_TEST(sample(text, not_found) == not_found_before + 1);
    BOOST_TEST(
        sample(text,
               R"(redriva_http_request_duration_seconds_count{method="GET",route="/torrents"})") >=
        before + 7);
    // The scrape itself is answered by a busy worker.
    BOOST_TEST(sample(text, R"(redriva_workers{state="busy"})") >= 1);
    BOOST_TEST(sample(text, R"(redriva_workers{state="busy"})") +
                   sample(text, R"(redriva_workers{state="idle"})") ==
               2.0);

    HttpResponse r = stack.http().get("/metrics");
    BOOST_TEST(r.content_type == "text/plain; version=0.0.4; charset=utf-8");
    BOOST_TEST(r.header("cache-control") == "no-store");

    // Prometheus' own linter finds nothing to say.
    const auto [code, said] = promtool_check(r.body, stack.data_dir());
    BOOST_TEST(code == 0);
    BOOST_TEST(said == "");
    BOOST_TEST_MESSAGE("promtool check metrics: exit " << code << ", output: \"" << said << "\"");
}

BOOST_AUTO_TEST_CASE(a_scraper_from_elsewhere_needs_the_token_or_a_listed_address) {
    StackOptions options;
    options.torrents = 10;
    options.env = {{"REDRIVA_METRICS_TOKEN", kScrapeToken},
                   {"REDRIVA_METRICS_ALLOW", "192.0.2.0/24, 2001:db8::1"}};
    Stack stack(options);
    const std::string socket = stack.data_dir() + "/run/sock/redriva-web.sock";

    // From an address nobody listed: the token, and only the token, lets it in.
    HttpResponse r = fcgi_get(socket, "/metrics", "203.0.113.7");
    BOOST_TEST(r.status == 401);
    BOOST_TEST(r.header("www-authenticate") == "Bearer realm=\"redriva\"");
    BOOST_TEST(r.body.find("redriva_") == std::string::npos);
    r = fcgi_get(socket, "/metrics", "203.0.113.7",
                 {{"HTTP_AUTHORIZATION", "Bearer wrong-" + kScrapeToken}});
    BOOST_TEST(r.status == 401);
    r = fcgi_get(socket, "/metrics", "203.0.113.7",
                 {{"HTTP_AUTHORIZATION", "Basic " + kScrapeToken}});
    BOOST_TEST(r.status == 401);
    r = fcgi_get(socket, "/metrics", "203.0.113.7",
                 {{"HTTP_AUTHORIZATION", "Bearer " + kScrapeToken}});
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body.find("# TYPE redriva_http_requests_total counter") != std::string::npos);
    // From a listed network or address, and from the loopback: no token needed.
    BOOST_TEST(fcgi_get(socket, "/metrics", "192.0.2.44").status == 200);
    BOOST_TEST(fcgi_get(socket, "/metrics", "2001:db8::1").status == 200);
    BOOST_TEST(fcgi_get(socket, "/metrics", "2001:db8::2").status == 401);
    BOOST_TEST(fcgi_get(socket, "/metrics", "127.0.0.1").status == 200);
    BOOST_TEST(fcgi_get(socket, "/metrics", "::1").status == 200);
    // The token is no key to anything else, and appears in no log.
    stack.stop();
    for (const char* log : {"/web.log", "/run/nginx/access.log", "/run/nginx/error.log"}) {
        struct stat st {};
        if (::stat((stack.data_dir() + log).c_str(), &st) != 0) continue;
        BOOST_TEST(read_text_file(stack.data_dir() + log).find(kScrapeToken) == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(a_real_prometheus_scrapes_the_stack) {
    StackOptions options;
    options.torrents = 30;
    Stack stack(options);
    for (int i = 0; i < 3; ++i) BOOST_TEST(stack.http().get("/torrents").status == 200);

    TempDir dir("redriva-e2e-prometheus");
    const int port = free_port();
    std::ofstream(dir.path() + "/prometheus.yml")
        << "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
        << "scrape_configs:\n  - job_name: redriva\n    metrics_path: /metrics\n"
        << "    static_configs:\n      - targets: ['127.0.0.1:" << stack.port() << "']\n";
    const pid_t prometheus =
        spawn_process({"/usr/bin/prometheus", "--config.file=" + dir.path() + "/prometheus.yml",
                       "--storage.tsdb.path=" + dir.path() + "/data",
                       "--web.listen-address=127.0.0.1:" + std::to_string(port)},
                      {}, dir.path() + "/prometheus.out", dir.path() + "/prometheus.err");
    const HttpClient api("http://127.0.0.1:" + std::to_string(port));
    // The first value of a PromQL query's answer, or nullopt.
    auto query = [&](const std::string& promql) -> std::optional<double> {
        HttpResponse r = api.get("/api/v1/query?query=" + url_encode(promql));
        if (r.status != 200) return std::nullopt;
        rapidjson::Document doc = parse_json(r.body);
        const auto& result = doc["data"]["result"];
        if (!result.IsArray() || result.Empty()) return std::nullopt;
        return std::stod(result[0]["value"][1].GetString());
    };
    // Two scrapes that worked.
    const bool scraped_twice = eventually(std::chrono::seconds(60), [&] {
        return query(R"(sum_over_time(up{job="redriva"}[5m]))") >= 2;
    });
    BOOST_TEST(scraped_twice);
    if (!scraped_twice)
        BOOST_TEST_MESSAGE("prometheus said: " << read_text_file(dir.path() + "/prometheus.err"));
    // A counter read back through Prometheus' API: what the stack served.
    const double served = value_of(stack, kTorrents200);
    BOOST_TEST(served == 3.0);
    BOOST_TEST(
        query(R"(redriva_http_requests_total{route="/torrents",status="200"})").value_or(-1) ==
        served);
    // Its own scrapes, counted between two of them.
    BOOST_TEST(eventually(std::chrono::seconds(10), [&] {
        return query(R"(increase(redriva_http_requests_total{route="/metrics"}[1m]))") > 0;
    }));
    kill_process(prometheus);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
