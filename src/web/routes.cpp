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

// The duplicates by keep rule (a request that is a 400 is not cached).
std::string duplicates_key(const Request& request) {
    const auto keep = request.param("keep").value_or("largest");
    if (keep != "largest" && keep != "newest" && keep != "with_links") return {};
    return "/api/duplicates?keep=" + std::string(keep);
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
constexpr Policy kApiPost{.errors = Errors::kJson, .csrf = Csrf::kApi};
constexpr Policy kApiUpload{.errors = Errors::kJson, .csrf = Csrf::kApi, .upload = true};

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

constexpr Policy with_forms(Policy p) {
    p.forms = true;
    return p;
}

// A detail page's action form (delete, repair, links).
constexpr Policy kTorrentForm{
    .csrf = Csrf::kForm, .by_language = true, .expired_form = &Handlers::torrent_form_expired};

// The trash's and the bulk action's forms.
constexpr Policy kPageForm{
    .csrf = Csrf::kForm, .by_language = true, .expired_form = &Handlers::page_form_expired};

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
    {"GET", "/torrents", &H::torrent_list,
     with_forms(page_cached(Cache::kList, list_key<kTorrents>))},
    {"GET", "/torrents/{}", &H::torrent_detail, with_forms(page_cached(Cache::kLibrary, path_key))},
    {"POST", "/torrents/{}/delete", &H::torrent_delete_form, kTorrentForm},
    {"POST", "/torrents/{}/repair", &H::torrent_repair_form, kTorrentForm},
    {"POST", "/torrents/{}/links", &H::torrent_links_form, kTorrentForm},
    {"POST", "/torrents/{}/check", &H::torrent_check_form, kTorrentForm},
    {"POST", "/torrents/{}/select", &H::torrent_select_form, kTorrentForm},
    {"GET", "/jobs/{}", &H::job_page, with_forms(kPage)},
    {"GET", "/add", &H::add_page, with_forms(kPage)},
    {"POST",
     "/add",
     &H::add_form,
     {.csrf = Csrf::kForm,
      .by_language = true,
      .forms = true,
      .expired_form = &H::add_form_expired,
      .upload = true}},
    {"POST",
     "/import",
     &H::import_form,
     {.csrf = Csrf::kForm,
      .by_language = true,
      .forms = true,
      .expired_form = &H::add_form_expired,
      .upload = true}},
    {"GET", "/trash", &H::trash_page, with_forms(kPage)},
    {"POST", "/trash/{}/restore", &H::trash_restore_form, kPageForm},
    {"POST", "/trash/{}/forget", &H::trash_forget_form, kPageForm},
    {"GET", "/history", &H::history_page, kPage},
    {"GET", "/duplicates", &H::duplicates_page, with_forms(kPage)},
    {"POST", "/actions/confirm", &H::bulk_confirm_form, with_forms(kPageForm)},
    {"POST", "/actions", &H::bulk_form, kPageForm},
    {"GET", "/search", &H::search, page_cached(Cache::kList, list_key<kSearch>)},
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
    {"GET", "/api/torrents", &H::api_torrents, api_cached(Cache::kList, list_key<kApiTorrents>)},
    {"GET", "/api/torrents/{}", &H::api_torrent, api_cached(Cache::kLibrary, path_key)},
    {"POST", "/api/sync/{}", &H::api_sync_start, kApiPost},
    {"GET", "/api/sync/status", &H::api_sync_status, shows_jobs(kApi)},
    {"GET", "/api/sync/events", &H::api_sync_events, kApi},
    {"GET", "/api/charts", &H::api_charts, api_cached(Cache::kList, path_key)},
    {"GET", "/api/metrics", &H::api_metrics, kApi},
    {"GET", "/metrics", &H::metrics, {.access = Access::kScraper, .errors = Errors::kJson}},
    {"GET", "/api/health", &H::api_health, {.access = Access::kPublic, .errors = Errors::kJson}},
    {"GET", "/api/account", &H::api_account, kApi},
    // Actions: the web records a job, redriva-sync's action lane runs it.
    {"POST", "/api/torrents/{}/delete", &H::api_torrent_delete, kApiPost},
    {"POST", "/api/torrents/{}/repair", &H::api_torrent_repair, kApiPost},
    {"POST", "/api/torrents/{}/links", &H::api_torrent_links_start, kApiPost},
    {"GET", "/api/torrents/{}/links", &H::api_torrent_links, kApi},
    {"POST", "/api/torrents/{}/check", &H::api_torrent_check, kApiPost},
    {"POST", "/api/actions/preview", &H::api_actions_preview, kApiPost},
    {"POST", "/api/actions", &H::api_actions_start, kApiPost},
    {"GET", "/api/jobs/{}", &H::api_job, kApi},
    {"POST", "/api/jobs/{}/cancel", &H::api_job_cancel, kApiPost},
    {"POST", "/api/jobs/{}/retry", &H::api_job_retry, kApiPost},
    {"GET", "/api/trash", &H::api_trash, kApi},
    {"POST", "/api/trash/{}/restore", &H::api_trash_restore, kApiPost},
    {"DELETE", "/api/trash/{}", &H::api_trash_forget, kApiPost},
    {"GET", "/api/actions/history", &H::api_history, kApi},
    {"POST", "/api/torrents/add", &H::api_torrent_add, kApiUpload},
    {"GET", "/api/torrents/{}/files", &H::api_torrent_files, kApi},
    {"POST", "/api/torrents/{}/select", &H::api_torrent_select, kApiPost},
    {"GET", "/api/export", &H::api_export, kApi},
    {"POST", "/api/import", &H::api_import, kApiUpload},
    {"GET", "/api/duplicates", &H::api_duplicates, api_cached(Cache::kLibrary, duplicates_key)},
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
