// Maps (method, path) to a route. Patterns are literal segments and "{}" for one
// captured segment, e.g. "/torrents/{}". A path that matches a pattern under
// another method gives kMethodNotAllowed with the methods to put in Allow.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace redriva::web {

enum class RouteId {
    kDashboard,
    kTorrentList,
    kTorrentDetail,
    kSearch,
    kSyncForm,
    kLoginForm,
    kLogin,
    kLogout,
    kApiStats,
    kApiTorrents,
    kApiTorrent,
    kApiSyncStart,
    kApiSyncStatus,
    kApiSyncEvents,
    kApiCharts,
    kApiMetrics,
    kApiHealth,
    kTestSleep,
    kTestCrash,
};

struct RouteMatch {
    enum class Kind { kFound, kNotFound, kMethodNotAllowed };
    Kind kind = Kind::kNotFound;
    RouteId route{};
    std::string capture;  // the "{}" segment, if the pattern has one
    std::string allow;    // for kMethodNotAllowed: "GET, HEAD"
};

class Router {
public:
    // The application's routes; test hooks only when `with_test_routes`.
    explicit Router(bool with_test_routes = false);

    void add(std::string_view method, std::string_view pattern, RouteId id);
    RouteMatch match(std::string_view method, std::string_view path) const;

private:
    struct Route {
        std::string method;
        std::vector<std::string> segments;
        RouteId id;
    };
    std::vector<Route> routes_;
};

}  // namespace redriva::web
