// Starting a sync: the API (202/409/400/403), its status and events, and the
// dashboard's form with its CSRF token. There is no redriva-sync here, so the
// first job stays queued: the cases run in order and later ones expect a 409.
#include <boost/test/unit_test.hpp>
#include <cctype>

#include "common/file_lock.h"
#include "stack.h"

namespace redriva::e2e {

namespace {

std::int64_t g_job_id = 0;  // the job the first case queued

std::int64_t job_count() {
    return truth().integer("SELECT count(*) FROM jobs");
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The value of `redriva_csrf` in a response's Set-Cookie, or "".
std::string csrf_cookie(const HttpResponse& r) {
    for (const auto& [name, value] : r.headers) {
        if (name != "set-cookie" || !value.starts_with("redriva_csrf=")) continue;
        return value.substr(13, value.find(';') - 13);
    }
    return "";
}

struct Session {
    std::string cookie_token, form_token;
};

Session open_dashboard() {
    HttpResponse r = http().get("/");
    BOOST_REQUIRE(r.status == 200);
    Session s;
    s.cookie_token = csrf_cookie(r);
    auto fields = quoted_after(r.body, "name=\"csrf_token\" value=\"");
    if (!fields.empty()) s.form_token = fields[0];
    return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sync_api)

BOOST_AUTO_TEST_CASE(a_non_browser_client_queues_a_sync) {
    BOOST_REQUIRE_MESSAGE(truth().integer("SELECT count(*) FROM jobs WHERE state IN "
                                          "('queued','running')") == 0,
                          "a job is already queued: these cases expect a fresh stack");
    const std::int64_t before = job_count();
    HttpResponse r = http().post("/api/sync/smart", "");
    BOOST_TEST(r.status == 202);
    BOOST_TEST(r.is_json());
    auto doc = parse_json(r.body);
    BOOST_REQUIRE(doc.HasMember("id") && doc["id"].IsInt64());
    BOOST_REQUIRE(doc.HasMember("estimated_duration") && doc["estimated_duration"].IsInt64());
    BOOST_TEST(doc["estimated_duration"].GetInt64() > 0);
    g_job_id = doc["id"].GetInt64();
    BOOST_TEST(job_count() == before + 1);
    auto row = truth().rows("SELECT kind, state, source FROM jobs WHERE id = ?",
                            {std::to_string(g_job_id)});
    BOOST_REQUIRE(row.size() == 1u);
    BOOST_TEST(*row[0][0] == "smart");
    BOOST_TEST(*row[0][1] == "queued");
    BOOST_TEST(*row[0][2] == "api");
}

BOOST_AUTO_TEST_CASE(a_second_sync_is_a_conflict) {
    BOOST_REQUIRE(g_job_id > 0);
    const std::int64_t before = job_count();
    for (const char* type : {"smart", "fast", "torrents", "errors"}) {
        BOOST_TEST_CONTEXT("POST /api/sync/" << type) {
            HttpResponse r = http().post(std::string("/api/sync/") + type, "");
            BOOST_TEST(r.status == 409);
            auto doc = parse_json(r.body);
            BOOST_TEST(!json_string(doc["error"]).empty());
            BOOST_TEST(doc["job"]["id"].GetInt64() == g_job_id);
        }
    }
    BOOST_TEST(job_count() == before);
}

BOOST_AUTO_TEST_CASE(an_unknown_type_is_400) {
    for (const char* type : {"bogus", "SMART", "smart%20", "%3Cscript%3E"}) {
        BOOST_TEST_CONTEXT("POST /api/sync/" << type) {
            HttpResponse r = http().post(std::string("/api/sync/") + type, "");
            BOOST_TEST(r.status == 400);
            BOOST_TEST(!json_string(parse_json(r.body)["error"]).empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(cross_site_requests_are_403) {
    // A job is queued: without the CSRF check these would be 409s.
    const std::int64_t before = job_count();
    const std::vector<std::vector<std::string>> cases = {
        {"Origin: http://evil.example"},
        {"Sec-Fetch-Site: cross-site"},
        {"Sec-Fetch-Site: same-site"},
        {"Origin: null"},
        {"Origin: http://evil.example", "Sec-Fetch-Site: same-origin"},
    };
    for (const auto& headers : cases) {
        BOOST_TEST_CONTEXT("headers " << headers[0]) {
            HttpOptions options;
            options.headers = headers;
            HttpResponse r = http().post("/api/sync/fast", "", options);
            BOOST_TEST(r.status == 403);
            BOOST_TEST(r.is_json());
        }
    }
    // A browser (it sends its cookie) without the token header.
    HttpOptions cookie_only;
    cookie_only.cookie = "redriva_csrf=" + std::string(64, 'a');
    BOOST_TEST(http().post("/api/sync/fast", "", cookie_only).status == 403);
    // ...and with a header that does not match the cookie.
    cookie_only.headers = {"X-CSRF-Token: " + std::string(64, 'b')};
    BOOST_TEST(http().post("/api/sync/fast", "", cookie_only).status == 403);
    // With the matching header it passes the check (and meets the queued job).
    cookie_only.headers = {"X-CSRF-Token: " + std::string(64, 'a')};
    BOOST_TEST(http().post("/api/sync/fast", "", cookie_only).status == 409);
    BOOST_TEST(job_count() == before);
}

BOOST_AUTO_TEST_CASE(status_shows_the_queued_job) {
    BOOST_REQUIRE(g_job_id > 0);
    HttpResponse r = http().get("/api/sync/status");
    BOOST_REQUIRE(r.status == 200);
    auto doc = parse_json(r.body);
    BOOST_TEST(doc["running"].GetBool() == false);
    BOOST_REQUIRE(doc["current"].IsObject());
    BOOST_TEST(doc["current"]["id"].GetInt64() == g_job_id);
    BOOST_TEST(json_string(doc["current"]["state"]) == "queued");
    BOOST_TEST(json_string(doc["current"]["type"]) == "smart");
    // The stats say so too.
    auto stats = parse_json(http().get("/api/stats").body);
    BOOST_REQUIRE(stats["active_sync"].IsObject());
    BOOST_TEST(stats["active_sync"]["id"].GetInt64() == g_job_id);
}

BOOST_AUTO_TEST_CASE(events_show_the_queued_line) {
    BOOST_REQUIRE(g_job_id > 0);
    auto doc = parse_json(http().get("/api/sync/events?after=0").body);
    BOOST_REQUIRE(doc["events"].IsArray());
    bool queued_line = false;
    std::int64_t previous = 0;
    for (const auto& e : doc["events"].GetArray()) {
        BOOST_TEST(e["id"].GetInt64() > previous);  // ascending ids
        previous = e["id"].GetInt64();
        if (e["job_id"].IsInt64() && e["job_id"].GetInt64() == g_job_id &&
            lower(json_string(e["message"])).find("queued") != std::string::npos)
            queued_line = true;
    }
    BOOST_TEST(queued_line);
    const std::int64_t last = doc["last_id"].GetInt64();
    BOOST_TEST(last == truth().integer("SELECT max(id) FROM job_events"));
    auto after = parse_json(http().get("/api/sync/events?after=" + std::to_string(last)).body);
    BOOST_TEST(after["events"].Size() == 0u);
    BOOST_TEST(after["last_id"].GetInt64() == last);
    auto limited = parse_json(http().get("/api/sync/events?after=0&limit=1").body);
    BOOST_TEST(limited["events"].Size() == 1u);
}

BOOST_AUTO_TEST_CASE(dashboard_form_with_its_token) {
    BOOST_REQUIRE(g_job_id > 0);
    Session s = open_dashboard();
    BOOST_REQUIRE_MESSAGE(s.cookie_token.size() == 64u, "no redriva_csrf cookie set by /");
    BOOST_TEST(s.form_token == s.cookie_token);

    HttpOptions browser;
    browser.cookie = "redriva_csrf=" + s.cookie_token;
    // The dashboard shows the queued job.
    HttpResponse page = http().get("/", browser);
    BOOST_TEST(page.body.find("Job " + std::to_string(g_job_id)) != std::string::npos);
    BOOST_TEST(csrf_cookie(page).empty());  // a valid cookie is kept, not replaced

    const std::int64_t before = job_count();
    browser.headers = {"Content-Type: application/x-www-form-urlencoded",
                       "Sec-Fetch-Site: same-origin"};
    HttpResponse r = http().post("/sync/smart", "csrf_token=" + s.form_token, browser);
    BOOST_TEST(r.status == 303);
    const std::string location = r.header("location");
    // A job is queued already: the form reports it busy (a fresh stack: queued).
    BOOST_TEST(
        (location == "/?busy=" + std::to_string(g_job_id) || location.starts_with("/?queued=")),
        "Location: " << location);
    BOOST_TEST(job_count() == before);
    HttpResponse flash = http().get(location, browser);
    BOOST_TEST(flash.status == 200);
    BOOST_TEST(flash.body.find("alert-warning") != std::string::npos);
}

// What a browser sends with a form post or a fetch() from the dashboard itself:
// its own origin, with the port (http://127.0.0.1:PORT).
BOOST_AUTO_TEST_CASE(the_dashboards_own_origin_is_not_cross_site) {
    BOOST_REQUIRE(g_job_id > 0);
    Session s = open_dashboard();
    BOOST_REQUIRE(s.cookie_token.size() == 64u);
    const std::int64_t before = job_count();
    HttpOptions browser;
    browser.cookie = "redriva_csrf=" + s.cookie_token;
    browser.headers = {"Content-Type: application/x-www-form-urlencoded",
                       "Origin: " + http().base_url(), "Sec-Fetch-Site: same-origin"};
    HttpResponse form = http().post("/sync/smart", "csrf_token=" + s.form_token, browser);
    BOOST_TEST(form.status == 303);
    BOOST_TEST(form.header("location") == "/?busy=" + std::to_string(g_job_id));

    browser.headers = {"Origin: " + http().base_url(), "Sec-Fetch-Site: same-origin",
                       "X-CSRF-Token: " + s.cookie_token};
    HttpResponse api = http().post("/api/sync/fast", "", browser);
    BOOST_TEST(api.status == 409);  // past the CSRF check, meets the queued job
    BOOST_TEST(job_count() == before);
}

BOOST_AUTO_TEST_CASE(each_visitor_gets_a_token_of_their_own) {
    Session a = open_dashboard(), b = open_dashboard();
    BOOST_TEST(a.cookie_token.size() == 64u);
    BOOST_TEST(b.cookie_token.size() == 64u);
    BOOST_TEST(a.cookie_token != b.cookie_token);  // a cached dashboard must not share one
    BOOST_TEST(a.form_token == a.cookie_token);
    BOOST_TEST(b.form_token == b.cookie_token);
}

BOOST_AUTO_TEST_CASE(dashboard_form_without_a_valid_token_is_refused) {
    Session s = open_dashboard();
    BOOST_REQUIRE(s.cookie_token.size() == 64u);
    const std::int64_t before = job_count();
    HttpOptions browser;
    browser.cookie = "redriva_csrf=" + s.cookie_token;
    browser.headers = {"Content-Type: application/x-www-form-urlencoded"};
    for (const std::string& body : {std::string(""), std::string("csrf_token="),
                                    "csrf_token=" + std::string(64, '0'), std::string("other=1")}) {
        BOOST_TEST_CONTEXT("body '" << body << "'") {
            HttpResponse r = http().post("/sync/fast", body, browser);
            BOOST_TEST(r.status == 303);
            BOOST_TEST(r.header("location") == "/?refused=1");
        }
    }
    // No cookie at all, but a token in the form.
    HttpOptions no_cookie;
    no_cookie.headers = browser.headers;
    HttpResponse r = http().post("/sync/fast", "csrf_token=" + s.form_token, no_cookie);
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/?refused=1");
    // A valid token from another site.
    browser.headers.push_back("Origin: http://evil.example");
    BOOST_TEST(http().post("/sync/fast", "csrf_token=" + s.form_token, browser).status == 403);
    BOOST_TEST(job_count() == before);

    HttpResponse refused = http().get("/?refused=1");
    BOOST_TEST(refused.status == 200);
    BOOST_TEST(refused.body.find("alert-danger") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(metrics_count_the_accepted_sync) {
    auto m = parse_json(http().get("/api/metrics").body);
    BOOST_TEST(m["sync_count"].GetUint64() >= 1u);
}

BOOST_AUTO_TEST_CASE(a_job_left_running_by_a_dead_sync_is_failed_at_once) {
    // A sync SIGKILLed mid-run leaves its job "running". Cron's next run would
    // notice; the web notices first, as soon as nobody holds the sync lock.
    StackOptions options;
    options.torrents = 50;
    Stack small(options);
    {
        db::Database writer(small.database_path());
        writer.exec(
            "INSERT INTO jobs(kind, state, source, created_at, started_at, pid) VALUES "
            "('fast', 'running', 'cli', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', "
            "2147483000)");
    }
    {
        // While a sync holds the lock, the job may be alive: it stays running.
        FileLock held(small.data_dir() + "/run/sync.lock");
        BOOST_REQUIRE(held.locked());
        auto doc = parse_json(small.http().get("/api/sync/status").body);
        BOOST_TEST(doc["running"].GetBool());
        BOOST_TEST(small.http().post("/api/sync/smart", "").status == 409);
    }
    auto doc = parse_json(small.http().get("/api/sync/status").body);
    BOOST_TEST(!doc["running"].GetBool());
    BOOST_REQUIRE(doc["last"].IsObject());
    BOOST_TEST(json_string(doc["last"]["state"]) == "failed");
    BOOST_TEST(json_string(doc["last"]["result"]).find("interrupted") != std::string::npos);
    // And a new sync may start.
    BOOST_TEST(small.http().post("/api/sync/smart", "").status == 202);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
