#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <iterator>
#include <string>

#include "web/router.h"

using namespace redriva::web;
using Kind = RouteMatch::Kind;

namespace {

struct Expected {
    const char* method;
    const char* path;
    const char* pattern;  // the route it reaches
    const char* capture;
};

// Paths that reach the routes; every_line_of_the_table_is_reached checks that
// nothing of the table is left out.
const Expected kRoutes[] = {
    {"GET", "/", "/", ""},
    {"GET", "/torrents", "/torrents", ""},
    {"GET", "/torrents/ABCDEFGHIJKLM", "/torrents/{}", "ABCDEFGHIJKLM"},
    {"GET", "/search", "/search", ""},
    {"POST", "/sync/smart", "/sync/{}", "smart"},
    {"POST", "/torrents/ABCDEFGHIJKLM/delete", "/torrents/{}/delete", "ABCDEFGHIJKLM"},
    {"POST", "/torrents/ABCDEFGHIJKLM/repair", "/torrents/{}/repair", "ABCDEFGHIJKLM"},
    {"POST", "/torrents/ABCDEFGHIJKLM/links", "/torrents/{}/links", "ABCDEFGHIJKLM"},
    {"POST", "/torrents/ABCDEFGHIJKLM/check", "/torrents/{}/check", "ABCDEFGHIJKLM"},
    {"POST", "/torrents/ABCDEFGHIJKLM/select", "/torrents/{}/select", "ABCDEFGHIJKLM"},
    {"GET", "/jobs/42", "/jobs/{}", "42"},
    {"GET", "/add", "/add", ""},
    {"GET", "/trash", "/trash", ""},
    {"POST", "/trash/0123456789abcdef0123456789abcdef01234567/restore", "/trash/{}/restore",
     "0123456789abcdef0123456789abcdef01234567"},
    {"POST", "/trash/0123456789abcdef0123456789abcdef01234567/forget", "/trash/{}/forget",
     "0123456789abcdef0123456789abcdef01234567"},
    {"GET", "/history", "/history", ""},
    {"GET", "/duplicates", "/duplicates", ""},
    {"POST", "/actions/confirm", "/actions/confirm", ""},
    {"POST", "/actions", "/actions", ""},
    {"POST", "/add", "/add", ""},
    {"POST", "/import", "/import", ""},
    {"GET", "/login", "/login", ""},
    {"POST", "/login", "/login", ""},
    {"POST", "/logout", "/logout", ""},
    {"GET", "/api/stats", "/api/stats", ""},
    {"GET", "/api/torrents", "/api/torrents", ""},
    {"GET", "/api/torrents/ABCDEFGHIJKLM", "/api/torrents/{}", "ABCDEFGHIJKLM"},
    {"POST", "/api/sync/fast", "/api/sync/{}", "fast"},
    {"GET", "/api/sync/status", "/api/sync/status", ""},
    {"GET", "/api/sync/events", "/api/sync/events", ""},
    {"GET", "/api/charts", "/api/charts", ""},
    {"GET", "/api/metrics", "/api/metrics", ""},
    {"GET", "/metrics", "/metrics", ""},
    {"GET", "/api/health", "/api/health", ""},
    {"GET", "/api/account", "/api/account", ""},
    {"POST", "/api/torrents/ABCDEFGHIJKLM/delete", "/api/torrents/{}/delete", "ABCDEFGHIJKLM"},
    {"POST", "/api/actions/preview", "/api/actions/preview", ""},
    {"POST", "/api/actions", "/api/actions", ""},
    {"GET", "/api/jobs/42", "/api/jobs/{}", "42"},
    {"POST", "/api/jobs/42/cancel", "/api/jobs/{}/cancel", "42"},
    {"POST", "/api/jobs/42/retry", "/api/jobs/{}/retry", "42"},
    {"GET", "/api/trash", "/api/trash", ""},
    {"GET", "/api/actions/history", "/api/actions/history", ""},
    {"POST", "/api/torrents/ABCDEFGHIJKLM/repair", "/api/torrents/{}/repair", "ABCDEFGHIJKLM"},
    {"POST", "/api/torrents/ABCDEFGHIJKLM/links", "/api/torrents/{}/links", "ABCDEFGHIJKLM"},
    {"GET", "/api/torrents/ABCDEFGHIJKLM/links", "/api/torrents/{}/links", "ABCDEFGHIJKLM"},
    {"POST", "/api/torrents/ABCDEFGHIJKLM/check", "/api/torrents/{}/check", "ABCDEFGHIJKLM"},
    {"POST", "/api/trash/0123456789abcdef0123456789abcdef01234567/restore", "/api/trash/{}/restore",
     "0123456789abcdef0123456789abcdef01234567"},
    {"DELETE", "/api/trash/0123456789abcdef0123456789abcdef01234567", "/api/trash/{}",
     "0123456789abcdef0123456789abcdef01234567"},
    {"POST", "/api/torrents/add", "/api/torrents/add", ""},
    {"GET", "/api/torrents/ABCDEFGHIJKLM/files", "/api/torrents/{}/files", "ABCDEFGHIJKLM"},
    {"POST", "/api/torrents/ABCDEFGHIJKLM/select", "/api/torrents/{}/select", "ABCDEFGHIJKLM"},
    {"GET", "/api/export", "/api/export", ""},
    {"POST", "/api/import", "/api/import", ""},
    {"GET", "/api/duplicates", "/api/duplicates", ""},
};

Router app_router(bool with_test_routes) {
    return Router(routes(with_test_routes));
}

void check_found(const Router& router, std::string_view method, std::string_view path,
                 std::string_view pattern, std::string_view capture) {
    BOOST_TEST_CONTEXT(method << " " << path) {
        RouteMatch m = router.match(method, path);
        BOOST_REQUIRE((m.kind == Kind::kFound));
        BOOST_TEST(m.route->pattern == pattern);
        BOOST_TEST((m.route->method == method ||
                    (method == "HEAD" && m.route->method == std::string("GET"))));
        BOOST_TEST(m.capture == capture);
        BOOST_TEST(m.allow.empty());
    }
}

void check_not_found(const Router& router, std::string_view method, std::string_view path) {
    BOOST_TEST_CONTEXT(method << " '" << path << "'") {
        RouteMatch m = router.match(method, path);
        BOOST_TEST((m.kind == Kind::kNotFound));
        BOOST_TEST(m.allow.empty());
    }
}

void check_not_allowed(const Router& router, std::string_view method, std::string_view path,
                       std::string_view allow) {
    BOOST_TEST_CONTEXT(method << " " << path) {
        RouteMatch m = router.match(method, path);
        BOOST_TEST((m.kind == Kind::kMethodNotAllowed));
        BOOST_TEST(m.allow == allow);
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(router)

BOOST_AUTO_TEST_CASE(every_route_is_found_under_its_method) {
    const Router router = app_router(false);
    for (const auto& e : kRoutes) check_found(router, e.method, e.path, e.pattern, e.capture);
}

BOOST_AUTO_TEST_CASE(every_line_of_the_table_is_reached) {
    for (const Route& route : routes(false)) {
        const bool listed = std::any_of(std::begin(kRoutes), std::end(kRoutes), [&](const auto& e) {
            return e.method == std::string_view(route.method) &&
                   e.pattern == std::string_view(route.pattern);
        });
        BOOST_TEST(listed, route.method << " " << route.pattern << " has no path in kRoutes");
    }
}

BOOST_AUTO_TEST_CASE(head_is_answered_like_get) {
    const Router router = app_router(false);
    for (const auto& e : kRoutes)
        if (std::string_view(e.method) == "GET")
            check_found(router, "HEAD", e.path, e.pattern, e.capture);
}

BOOST_AUTO_TEST_CASE(get_routes_refuse_post_with_allow_get_head) {
    const Router router = app_router(false);
    for (const auto& e : kRoutes) {
        if (std::string_view(e.method) != "GET") continue;
        // POST /api/sync/status is a sync start of type "status" (a 400 later), not a
        // 405; /login and a torrent's links take both.
        const std::string_view path(e.path);
        if (path == "/api/sync/status" || path == "/api/sync/events" || path == "/login" ||
            path == "/add" || path == "/api/torrents/ABCDEFGHIJKLM/links")
            continue;
        check_not_allowed(router, "POST", e.path, "GET, HEAD");
        check_not_allowed(router, "DELETE", e.path, "GET, HEAD");
        check_not_allowed(router, "PUT", e.path, "GET, HEAD");
    }
}

BOOST_AUTO_TEST_CASE(post_routes_refuse_get_and_head_with_allow_post) {
    const Router router = app_router(false);
    for (const char* path : {"/sync/smart", "/sync/errors", "/api/sync/smart", "/api/sync/fast",
                             "/api/sync/torrents", "/api/sync/bogus"}) {
        check_not_allowed(router, "GET", path, "POST");
        check_not_allowed(router, "HEAD", path, "POST");
        check_not_allowed(router, "PATCH", path, "POST");
    }
}

BOOST_AUTO_TEST_CASE(literal_sync_routes_beat_the_captured_one) {
    const Router router = app_router(false);
    check_found(router, "GET", "/api/sync/status", "/api/sync/status", "");
    check_found(router, "GET", "/api/sync/events", "/api/sync/events", "");
    // Under POST only the captured route applies; the handler rejects the type.
    check_found(router, "POST", "/api/sync/status", "/api/sync/{}", "status");
}

BOOST_AUTO_TEST_CASE(captures_take_one_segment) {
    const Router router = app_router(false);
    check_found(router, "GET", "/torrents/x", "/torrents/{}", "x");
    check_found(router, "GET", "/torrents/a.b-c_d~e", "/torrents/{}", "a.b-c_d~e");
    check_found(router, "GET", "/torrents/caf\xC3\xA9", "/torrents/{}", "caf\xC3\xA9");
    check_found(router, "POST", "/api/sync/errors", "/api/sync/{}", "errors");
    check_found(router, "POST", "/api/sync/torrents", "/api/sync/{}", "torrents");
    check_found(router, "POST", "/sync/fast", "/sync/{}", "fast");
    check_not_found(router, "GET", "/torrents/a/b");
    check_not_found(router, "POST", "/api/sync/a/b");
}

BOOST_AUTO_TEST_CASE(unknown_and_malformed_paths_are_404) {
    const Router router = app_router(false);
    for (const char* path : {"",
                             "torrents",
                             "/nope",
                             "/Torrents",
                             "/torrents/",
                             "/api/stats/",
                             "/search/",
                             "//",
                             "//torrents",
                             "/torrents//x",
                             "/api//stats",
                             "/api",
                             "/api/",
                             "/api/sync",
                             "/api/sync/",
                             "/api/torrents/",
                             "/sync",
                             "/sync/",
                             "/index.html",
                             "/api/statsx",
                             "/api/_test/sleep",
                             "/api/_test/crash"}) {
        check_not_found(router, "GET", path);
        check_not_found(router, "POST", path);
        check_not_found(router, "HEAD", path);
    }
}

BOOST_AUTO_TEST_CASE(methods_are_case_sensitive) {
    const Router router = app_router(false);
    check_not_allowed(router, "get", "/", "GET, HEAD");
    check_not_allowed(router, "post", "/api/sync/smart", "POST");
}

BOOST_AUTO_TEST_CASE(test_routes_only_when_asked) {
    const Router with = app_router(true);
    check_found(with, "GET", "/api/_test/sleep", "/api/_test/sleep", "");
    check_found(with, "GET", "/api/_test/crash", "/api/_test/crash", "");
    check_not_allowed(with, "POST", "/api/_test/crash", "GET, HEAD");
    // The ordinary routes are all still there.
    for (const auto& e : kRoutes) check_found(with, e.method, e.path, e.pattern, e.capture);

    const Router without = app_router(false);
    check_not_found(without, "GET", "/api/_test/sleep");
    check_not_found(without, "GET", "/api/_test/crash");
}

BOOST_AUTO_TEST_CASE(methods_of_one_pattern_combine_in_allow) {
    const Route table[] = {{"GET", "/torrents/{}", nullptr, {}},
                           {"DELETE", "/torrents/{}", nullptr, {}}};
    const Router router(table);
    check_not_allowed(router, "POST", "/torrents/ABC", "GET, HEAD, DELETE");
    check_found(router, "DELETE", "/torrents/ABC", "/torrents/{}", "ABC");
}

BOOST_AUTO_TEST_SUITE_END()
