#include <boost/test/unit_test.hpp>

#include <string>

#include "web/router.h"

using namespace redriva::web;
using Kind = RouteMatch::Kind;

namespace {

struct Expected {
    const char* method;
    const char* path;
    RouteId route;
    const char* capture;
};

// Every route of the application, with a path that reaches it.
const Expected kRoutes[] = {
    {"GET", "/", RouteId::kDashboard, ""},
    {"GET", "/torrents", RouteId::kTorrentList, ""},
    {"GET", "/torrents/ABCDEFGHIJKLM", RouteId::kTorrentDetail, "ABCDEFGHIJKLM"},
    {"GET", "/search", RouteId::kSearch, ""},
    {"POST", "/sync/smart", RouteId::kSyncForm, "smart"},
    {"GET", "/api/stats", RouteId::kApiStats, ""},
    {"GET", "/api/torrents", RouteId::kApiTorrents, ""},
    {"GET", "/api/torrents/ABCDEFGHIJKLM", RouteId::kApiTorrent, "ABCDEFGHIJKLM"},
    {"POST", "/api/sync/fast", RouteId::kApiSyncStart, "fast"},
    {"GET", "/api/sync/status", RouteId::kApiSyncStatus, ""},
    {"GET", "/api/sync/events", RouteId::kApiSyncEvents, ""},
    {"GET", "/api/metrics", RouteId::kApiMetrics, ""},
    {"GET", "/api/health", RouteId::kApiHealth, ""},
};

void check_found(const Router& router, std::string_view method, std::string_view path,
                 RouteId route, std::string_view capture) {
    BOOST_TEST_CONTEXT(method << " " << path) {
        RouteMatch m = router.match(method, path);
        BOOST_TEST((m.kind == Kind::kFound));
        BOOST_TEST((m.route == route));
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
    const Router router(false);
    for (const auto& e : kRoutes) check_found(router, e.method, e.path, e.route, e.capture);
}

BOOST_AUTO_TEST_CASE(head_is_answered_like_get) {
    const Router router(false);
    for (const auto& e : kRoutes)
        if (std::string_view(e.method) == "GET")
            check_found(router, "HEAD", e.path, e.route, e.capture);
}

BOOST_AUTO_TEST_CASE(get_routes_refuse_post_with_allow_get_head) {
    const Router router(false);
    for (const auto& e : kRoutes) {
        if (std::string_view(e.method) != "GET") continue;
        // POST /api/sync/status is a sync start of type "status" (a 400 later), not a 405.
        if (std::string_view(e.path) == "/api/sync/status" ||
            std::string_view(e.path) == "/api/sync/events")
            continue;
        check_not_allowed(router, "POST", e.path, "GET, HEAD");
        check_not_allowed(router, "DELETE", e.path, "GET, HEAD");
        check_not_allowed(router, "PUT", e.path, "GET, HEAD");
    }
}

BOOST_AUTO_TEST_CASE(post_routes_refuse_get_and_head_with_allow_post) {
    const Router router(false);
    for (const char* path : {"/sync/smart", "/sync/errors", "/api/sync/smart", "/api/sync/fast",
                             "/api/sync/torrents", "/api/sync/bogus"}) {
        check_not_allowed(router, "GET", path, "POST");
        check_not_allowed(router, "HEAD", path, "POST");
        check_not_allowed(router, "PATCH", path, "POST");
    }
}

BOOST_AUTO_TEST_CASE(literal_sync_routes_beat_the_captured_one) {
    const Router router(false);
    check_found(router, "GET", "/api/sync/status", RouteId::kApiSyncStatus, "");
    check_found(router, "GET", "/api/sync/events", RouteId::kApiSyncEvents, "");
    // Under POST only the captured route applies; the handler rejects the type.
    check_found(router, "POST", "/api/sync/status", RouteId::kApiSyncStart, "status");
}

BOOST_AUTO_TEST_CASE(captures_take_one_segment) {
    const Router router(false);
    check_found(router, "GET", "/torrents/x", RouteId::kTorrentDetail, "x");
    check_found(router, "GET", "/torrents/a.b-c_d~e", RouteId::kTorrentDetail, "a.b-c_d~e");
    check_found(router, "GET", "/torrents/caf\xC3\xA9", RouteId::kTorrentDetail, "caf\xC3\xA9");
    check_found(router, "POST", "/api/sync/errors", RouteId::kApiSyncStart, "errors");
    check_found(router, "POST", "/api/sync/torrents", RouteId::kApiSyncStart, "torrents");
    check_found(router, "POST", "/sync/fast", RouteId::kSyncForm, "fast");
    check_not_found(router, "GET", "/torrents/a/b");
    check_not_found(router, "POST", "/api/sync/a/b");
}

BOOST_AUTO_TEST_CASE(unknown_and_malformed_paths_are_404) {
    const Router router(false);
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
    const Router router(false);
    check_not_allowed(router, "get", "/", "GET, HEAD");
    check_not_allowed(router, "post", "/api/sync/smart", "POST");
}

BOOST_AUTO_TEST_CASE(test_routes_only_when_asked) {
    const Router with(true);
    check_found(with, "GET", "/api/_test/sleep", RouteId::kTestSleep, "");
    check_found(with, "GET", "/api/_test/crash", RouteId::kTestCrash, "");
    check_not_allowed(with, "POST", "/api/_test/crash", "GET, HEAD");
    // The ordinary routes are all still there.
    for (const auto& e : kRoutes) check_found(with, e.method, e.path, e.route, e.capture);

    const Router without(false);
    check_not_found(without, "GET", "/api/_test/sleep");
    check_not_found(without, "GET", "/api/_test/crash");
    const Router by_default;
    check_not_found(by_default, "GET", "/api/_test/sleep");
}

BOOST_AUTO_TEST_CASE(added_routes_combine_methods_in_allow) {
    Router router(false);
    router.add("DELETE", "/torrents/{}", RouteId::kTorrentDetail);
    check_not_allowed(router, "POST", "/torrents/ABC", "GET, HEAD, DELETE");
    check_found(router, "DELETE", "/torrents/ABC", RouteId::kTorrentDetail, "ABC");
}

BOOST_AUTO_TEST_SUITE_END()
