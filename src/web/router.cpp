#include "web/router.h"

namespace redriva::web {

namespace {

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < path.size()) {
        if (path[i] == '/') {
            ++i;
            continue;
        }
        auto next = path.find('/', i);
        if (next == std::string_view::npos) next = path.size();
        out.emplace_back(path.substr(i, next - i));
        i = next;
    }
    return out;
}

}  // namespace

Router::Router(bool with_test_routes) {
    add("GET", "/", RouteId::kDashboard);
    add("GET", "/torrents", RouteId::kTorrentList);
    add("GET", "/torrents/{}", RouteId::kTorrentDetail);
    add("GET", "/search", RouteId::kSearch);
    add("POST", "/sync/{}", RouteId::kSyncForm);
    add("GET", "/login", RouteId::kLoginForm);
    add("POST", "/login", RouteId::kLogin);
    add("POST", "/logout", RouteId::kLogout);
    add("GET", "/api/stats", RouteId::kApiStats);
    add("GET", "/api/torrents", RouteId::kApiTorrents);
    add("GET", "/api/torrents/{}", RouteId::kApiTorrent);
    add("POST", "/api/sync/{}", RouteId::kApiSyncStart);
    add("GET", "/api/sync/status", RouteId::kApiSyncStatus);
    add("GET", "/api/sync/events", RouteId::kApiSyncEvents);
    add("GET", "/api/charts", RouteId::kApiCharts);
    add("GET", "/api/metrics", RouteId::kApiMetrics);
    add("GET", "/api/health", RouteId::kApiHealth);
    if (with_test_routes) {
        add("GET", "/api/_test/sleep", RouteId::kTestSleep);
        add("GET", "/api/_test/crash", RouteId::kTestCrash);
    }
}

void Router::add(std::string_view method, std::string_view pattern, RouteId id) {
    routes_.push_back(Route{std::string(method), split_path(pattern), id});
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
    // "/torrents/" is not "/torrents": trailing slashes and empty segments are 404s
    // rather than aliases, so each page has one URL (and one cache entry).
    if (path.empty() || path.front() != '/' || (path.size() > 1 && path.back() == '/') ||
        path.find("//") != std::string_view::npos)
        return {};
    const auto segments = split_path(path);
    // HEAD is answered like GET (nginx drops the body).
    std::string_view effective = method == "HEAD" ? std::string_view("GET") : method;
    RouteMatch result;
    for (const auto& route : routes_) {
        if (route.segments.size() != segments.size()) continue;
        std::string capture;
        bool same = true;
        for (std::size_t i = 0; i < segments.size() && same; ++i) {
            if (route.segments[i] == "{}")
                capture = segments[i];
            else
                same = route.segments[i] == segments[i];
        }
        if (!same) continue;
        // A literal route wins over a captured one ("/api/sync/status" under GET
        // vs "/api/sync/{}" under POST) for the Allow computation too.
        if (route.method == effective) {
            result.kind = RouteMatch::Kind::kFound;
            result.route = route.id;
            result.capture = std::move(capture);
            result.allow.clear();
            return result;
        }
        if (result.kind != RouteMatch::Kind::kFound) {
            result.kind = RouteMatch::Kind::kMethodNotAllowed;
            if (result.allow.find(route.method) == std::string::npos) {
                if (!result.allow.empty()) result.allow += ", ";
                result.allow += route.method == "GET" ? "GET, HEAD" : route.method;
            }
        }
    }
    return result;
}

}  // namespace redriva::web
