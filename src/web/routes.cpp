#include "web/routes.h"

#include <variant>

#include "web/handlers.h"
#include "web/list_params.h"
#include "web/pages.h"

namespace redriva::web {

namespace {

// ---------------------------------------------------------------- cache keys

// A list's key: its canonical URL (a request that is a 400 is not cached).
template <const char* kBase>
std::string list_key(const Request& request) {
    auto parsed = parse_list_params(request);
    if (!parsed) return {};
    const auto& params = *parsed;
    return list_url(kBase, params, params.page);
}

constexpr char kTorrents[] = "/torrents";
constexpr char kSearch[] = "/search";
constexpr char kApiTorrents[] = "/api/torrents";

std::string path_key(const Request& request) {
    return request.path;
}

// The dashboard with a one-off message (?queued=, ?busy=, ?refused=) is not cached.
std::string dashboard_key(const Request& request) {
    for (const char* flash : {"queued", "busy", "refused"})
        if (request.param(flash)) return {};
    return request.path;
}

// ---------------------------------------------------------------- policies

constexpr Policy kPage{.by_language = true};
constexpr Policy kApi{.errors = Errors::kJson};

constexpr Policy page_cached(Cache cache, CacheKey key) {
    Policy p = kPage;
    p.cache = cache;
    p.key = key;
    return p;
}
constexpr Policy api_cached(Cache cache, CacheKey key) {
    Policy p = kApi;
    p.cache = cache;
    p.key = key;
    return p;
}

constexpr Policy shows_jobs(Policy p) {
    p.shows_jobs = true;
    return p;
}

// ---------------------------------------------------------------- the table

using H = Handlers;

const Route kRoutes[] = {
    // Pages.
    {"GET",
     "/",
     &H::dashboard,
     {.cache = Cache::kState,
      .key = dashboard_key,
      .by_language = true,
      .shows_jobs = true,
      .forms = true}},
    {"GET", "/torrents", &H::torrent_list, page_cached(Cache::kLibrary, list_key<kTorrents>)},
    {"GET", "/torrents/{}", &H::torrent_detail, page_cached(Cache::kLibrary, path_key)},
    {"GET", "/search", &H::search, page_cached(Cache::kLibrary, list_key<kSearch>)},
    {"POST",
     "/sync/{}",
     &H::sync_form,
     {.csrf = Csrf::kForm, .by_language = true, .expired_form = &H::sync_form_expired}},
    // The login.
    {"GET",
     "/login",
     &H::login_form,
     {.access = Access::kPublic, .by_language = true, .forms = true}},
    {"POST",
     "/login",
     &H::login,
     {.access = Access::kPublic,
      .csrf = Csrf::kForm,
      .by_language = true,
      .forms = true,
      .expired_form = &H::login_expired}},
    {"POST",
     "/logout",
     &H::logout,
     {.csrf = Csrf::kForm, .by_language = true, .expired_form = &H::logout_expired}},
    // The API.
    {"GET", "/api/stats", &H::api_stats, shows_jobs(api_cached(Cache::kState, path_key))},
    {"GET", "/api/torrents", &H::api_torrents, api_cached(Cache::kLibrary, list_key<kApiTorrents>)},
    {"GET", "/api/torrents/{}", &H::api_torrent, api_cached(Cache::kLibrary, path_key)},
    {"POST", "/api/sync/{}", &H::api_sync_start, {.errors = Errors::kJson, .csrf = Csrf::kApi}},
    {"GET", "/api/sync/status", &H::api_sync_status, shows_jobs(kApi)},
    {"GET", "/api/sync/events", &H::api_sync_events, kApi},
    {"GET", "/api/charts", &H::api_charts, api_cached(Cache::kLibrary, path_key)},
    {"GET", "/api/metrics", &H::api_metrics, kApi},
    {"GET", "/api/health", &H::api_health, {.access = Access::kPublic, .errors = Errors::kJson}},
    // Test hooks (REDRIVA_TEST_ROUTES=1): they come last.
    {"GET", "/api/_test/sleep", &H::test_sleep, kApi},
    {"GET", "/api/_test/crash", &H::test_crash, kApi},
};

constexpr std::size_t kTestRoutes = 2;

}  // namespace

std::span<const Route> routes(bool with_test_routes) {
    const std::span<const Route> all(kRoutes);
    return with_test_routes ? all : all.first(all.size() - kTestRoutes);
}

}  // namespace redriva::web
