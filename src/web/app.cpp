#include "web/app.h"

#include <unistd.h>

#include <cmath>
#include <stdexcept>

#include "common/clock.h"
#include "common/file_lock.h"
#include "common/log.h"
#include "common/strings.h"
#include "db/schema.h"
#include "web/csrf.h"
#include "web/i18n.h"
#include "web/json_views.h"
#include "web/pages.h"
#include "web/sync_launcher.h"

namespace redriva::web {

namespace {

// Rendered responses of a generation: a few thousand pages fit in 64 MB.
constexpr std::size_t kResponseEntries = 4096;
constexpr std::size_t kResponseBytes = 64 * 1024 * 1024;
// The dashboard and /api/stats: two entries per state of the jobs.
constexpr std::size_t kStateEntries = 8;
constexpr std::size_t kStateBytes = 4 * 1024 * 1024;
constexpr std::int64_t kStatsTtlMs = 30'000;  // "timestamp" and "last 24 h" move with time
constexpr int kDashboardEvents = 15;

bool is_torrent_id(std::string_view id) {
    if (id.empty() || id.size() > 32) return false;
    for (char c : id)
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
            return false;
    return true;
}

void add_language_headers(Response& r, std::string_view lang) {
    r.headers.emplace_back("Content-Language", std::string(lang));
    // The same URL reads differently by language: caches must keep them apart.
    r.headers.emplace_back("Vary", "Accept-Language, Cookie");
}

Response html(int status, std::string body, std::string_view lang) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    add_language_headers(r, lang);
    return r;
}

std::string_view language_of(const Request& request) {
    return pick_language(request.cookie(kLanguageCookie).value_or(""), request.accept_language);
}

Response json_error(int status, const std::string& message) {
    return Response::json(status, error_json(message));
}

// The cache key of a route's response, or "" when the response is not cached.
// Keys are canonical (parameters parsed, defaults dropped): "/torrents" and
// "/torrents?page=1&junk=x" share one entry, and junk parameters cannot fill
// the cache with copies.
std::string canonical_key(const Request& request, RouteId route) {
    const char* prefix = nullptr;
    switch (route) {
        case RouteId::kTorrentList: prefix = "/torrents"; break;
        case RouteId::kSearch: prefix = "/search"; break;
        case RouteId::kApiTorrents: prefix = "/api/torrents"; break;
        case RouteId::kTorrentDetail:
            return request.path + "\x02" + std::string(language_of(request));
        case RouteId::kApiTorrent:
        case RouteId::kApiCharts:
        case RouteId::kApiStats: return request.path;
        default: return {};
    }
    auto parsed = parse_list_params(request);
    if (!std::holds_alternative<ListParams>(parsed)) return {};  // a 400: not cached
    const auto& params = std::get<ListParams>(parsed);
    std::string key = list_url(prefix, params, params.page);
    if (route != RouteId::kApiTorrents)
        key += std::string("\x02") + std::string(language_of(request));
    return key;
}

}  // namespace

WebApp::WebApp(const Config& config, db::Database& db, PoolMetrics* metrics, int slot)
    : config_(config),
      metrics_(metrics),
      slot_(slot),
      router_(config.test_routes),
      login_(config.password_path(), load_or_create_session_key(config.session_key_path())),
      library_(db),
      jobs_(db),
      library_responses_(kResponseEntries, kResponseBytes),
      state_responses_(kStateEntries, kStateBytes) {}

Response WebApp::handle(const Request& request) noexcept {
    try {
        return dispatch(request);
    } catch (const std::exception& e) {
        // Details go to the log, never to the client (W5).
        log_error("500 on " + request.method + " " + request.path + ": " + e.what());
    } catch (...) {
        log_error("500 on " + request.method + " " + request.path + ": unknown exception");
    }
    try {
        return error(request, 500, "Something went wrong on our side; it has been logged.");
    } catch (...) {
        Response r;
        r.status = 500;
        r.content_type = "text/plain; charset=utf-8";
        r.body = "Internal Server Error\n";
        return r;
    }
}

Response WebApp::dispatch(const Request& request) {
    const RouteMatch match = router_.match(request.method, request.path);
    login_.refresh();
    if (login_.enabled() != pages_show_login_) {
        // Cached pages show the log-out button or not: none may outlive a change.
        pages_show_login_ = login_.enabled();
        set_login_ui(pages_show_login_);
        library_responses_.clear();
        state_responses_.clear();
    }
    if (auto refused = require_login(request, match)) return *refused;
    if (match.kind == RouteMatch::Kind::kNotFound)
        return error(request, 404, "There is nothing at this address.");
    if (match.kind == RouteMatch::Kind::kMethodNotAllowed) {
        Response r = error(request, 405, "This address does not accept " + request.method + ".");
        r.headers.emplace_back("Allow", match.allow);
        return r;
    }
    generations_ = library_.refresh();  // once per request
    library_responses_.revalidate(generations_.library);
    state_responses_.revalidate(generations_.state);
    std::string key = config_.page_cache ? canonical_key(request, match.route) : std::string();
    Response response =
        key.empty() ? render_route(request, match) : cached_get(request, match, key);
    if (login_.enabled() || match.route == RouteId::kDashboard ||
        match.route == RouteId::kLoginForm || match.route == RouteId::kLogin)
        add_csrf_token(request, response);
    return response;
}

std::optional<Response> WebApp::require_login(const Request& request, const RouteMatch& match) {
    if (!login_.enabled()) return std::nullopt;
    // The login itself, and the health check that monitoring calls.
    const RouteId route = match.route;
    if (match.kind == RouteMatch::Kind::kFound &&
        (route == RouteId::kLoginForm || route == RouteId::kLogin || route == RouteId::kApiHealth))
        return std::nullopt;
    if (auto session = request.cookie(kSessionCookie);
        session && login_.valid(*session, unix_now()))
        return std::nullopt;
    if (request.is_api()) {
        Response r = json_error(401, "Log in first: this Redriva has a password");
        r.headers.emplace_back("Cache-Control", "no-store");
        return r;
    }
    // A page comes back after the login; a form post cannot be replayed, so it
    // starts from the dashboard.
    std::string next = request.method == "GET" || request.method == "HEAD"
                           ? safe_next(request.raw_uri)
                           : std::string("/");
    return Response::redirect(next == "/" ? "/login" : "/login?next=" + url_encode(next));
}

void WebApp::add_csrf_token(const Request& request, Response& response) {
    if (response.content_type.rfind("text/html", 0) != 0) return;
    const std::string& placeholder = csrf_placeholder();
    std::size_t at = response.body.find(placeholder);
    if (at == std::string::npos) return;
    std::string token = csrf_cookie_token(request);
    if (token.empty()) {
        token = new_csrf_token();
        response.headers.emplace_back("Set-Cookie", csrf_set_cookie(token));
    }
    for (; at != std::string::npos; at = response.body.find(placeholder, at + token.size()))
        response.body.replace(at, placeholder.size(), token);
    // A page that carries the token is this browser's own.
    response.headers.emplace_back("Cache-Control", "no-store");
}

Response WebApp::cached_get(const Request& request, const RouteMatch& match,
                            const std::string& key) {
    // /api/stats shows job state too, and "timestamp" and "last 24 h" move with
    // time: it lives in the state cache, for a bounded time.
    const bool state = match.route == RouteId::kApiStats;
    auto& cache = state ? state_responses_ : library_responses_;
    const std::int64_t now = monotonic_ms();
    if (auto hit = cache.get(key); hit && (hit->expires_ms == 0 || hit->expires_ms > now))
        return hit->response;
    Response response = render_route(request, match);
    if (response.status == 200) {
        const std::int64_t expires = state ? now + kStatsTtlMs : 0;
        const std::size_t bytes = response.body.size() + key.size() + 256;
        cache.put(key, std::make_shared<const CachedResponse>(CachedResponse{response, expires}),
                  bytes);
    }
    return response;
}

Response WebApp::render_route(const Request& request, const RouteMatch& match) {
    switch (match.route) {
        case RouteId::kDashboard: return dashboard(request);
        case RouteId::kTorrentList: return torrent_list(request);
        case RouteId::kTorrentDetail: return torrent_detail(request, match.capture);
        case RouteId::kSearch: return search(request);
        case RouteId::kSyncForm: return sync_form(request, match.capture);
        case RouteId::kLoginForm: return login_form(request);
        case RouteId::kLogin: return login(request);
        case RouteId::kLogout: return logout(request);
        case RouteId::kApiStats: return api_stats();
        case RouteId::kApiTorrents: return api_torrents(request);
        case RouteId::kApiTorrent: return api_torrent(request, match.capture);
        case RouteId::kApiSyncStart: return api_sync_start(request, match.capture);
        case RouteId::kApiSyncStatus: return api_sync_status();
        case RouteId::kApiSyncEvents: return api_sync_events(request);
        case RouteId::kApiCharts: return api_charts();
        case RouteId::kApiMetrics: return api_metrics();
        case RouteId::kApiHealth: return api_health();
        case RouteId::kTestSleep: {
            auto ms = request.param("ms");
            auto value = ms ? parse_int(*ms) : std::optional<std::int64_t>(1000);
            if (!value || *value < 0 || *value > 600'000)
                return json_error(400, "ms must be an integer from 0 to 600000");
            usleep(static_cast<useconds_t>(*value) * 1000);
            return Response::json(200, "{\"slept_ms\":" + std::to_string(*value) + "}");
        }
        case RouteId::kTestCrash: throw std::runtime_error("crash requested by the test route");
    }
    return error(request, 404, "There is nothing at this address.");
}

bool WebApp::demo() {
    return library_.demo();
}

Response WebApp::error(const Request& request, int status, const std::string& message) {
    if (request.is_api()) return json_error(status, message);
    const std::string_view lang = language_of(request);
    return html(status, render_error(status, message, false, lang), lang);
}

Response WebApp::dashboard(const Request& request) {
    check_running_job();
    DashboardView view;
    std::optional<Flash> flash;
    if (auto queued = request.param("queued")) {
        auto id = parse_int(*queued);
        if (!id || *id < 1) return error(request, 400, "queued must be a job id.");
        flash = Flash{"success", "Sync job " + std::to_string(*id) +
                                     " is queued; redriva-sync picks it up within a minute."};
    } else if (auto busy = request.param("busy")) {
        auto id = parse_int(*busy);
        if (!id || *id < 1) return error(request, 400, "busy must be a job id.");
        flash = Flash{"warning", "A sync is already queued or running (job " + std::to_string(*id) +
                                     "); yours was not added."};
    } else if (request.param("refused")) {
        flash = Flash{"danger", "The sync was refused: the form had expired. Please try again."};
    }
    Response r;
    const std::string_view lang = language_of(request);
    add_language_headers(r, lang);
    // The page is the same for everyone but for the CSRF token: it is cached per
    // generation with a placeholder that dispatch() swaps for the request's token.
    const bool cacheable = config_.page_cache && !flash;
    const std::string key =
        "\x01"
        "dashboard\x02" +
        std::string(lang);
    const std::int64_t now_ms = monotonic_ms();
    std::shared_ptr<const CachedResponse> hit = cacheable ? state_responses_.get(key) : nullptr;
    if (!hit || hit->expires_ms <= now_ms) {
        auto stats = library_.stats(unix_now());
        view.stats = stats.get();
        view.active = jobs_.active();
        view.last = jobs_.last_finished();
        view.flash = std::move(flash);
        view.demo = demo();
        view.events = jobs_.latest_events(kDashboardEvents);
        view.csrf_token = csrf_placeholder();
        Response page;
        page.body = render_dashboard(view, lang);
        hit = std::make_shared<const CachedResponse>(CachedResponse{page, now_ms + kStatsTtlMs});
        if (cacheable) state_responses_.put(key, hit, page.body.size() + 256);
    }
    r.body = hit->response.body;
    return r;
}

Response WebApp::torrent_list(const Request& request) {
    auto parsed = parse_list_params(request);
    if (auto* e = std::get_if<ParamError>(&parsed)) return error(request, 400, e->message);
    const TorrentPage page = library_.page(std::get<ListParams>(parsed));
    auto stats = library_.stats(unix_now());
    const std::string_view lang = language_of(request);
    return html(200, render_torrent_list(page, *stats, demo(), lang), lang);
}

Response WebApp::torrent_detail(const Request& request, const std::string& id) {
    if (!is_torrent_id(id)) return error(request, 404, "No torrent has this id.");
    auto detail = library_.detail(id);
    if (!detail) return error(request, 404, "No torrent has the id " + id + ".");
    const std::string_view lang = language_of(request);
    return html(200, render_torrent(*detail, demo(), lang), lang);
}

Response WebApp::search(const Request& request) {
    auto parsed = parse_list_params(request);
    if (auto* e = std::get_if<ParamError>(&parsed)) return error(request, 400, e->message);
    const ListParams& params = std::get<ListParams>(parsed);
    const std::string_view lang = language_of(request);
    if (params.filter.query.empty())
        return html(200, render_search("", nullptr, demo(), lang), lang);
    const TorrentPage page = library_.page(params);
    return html(200, render_search(params.filter.query, &page, demo(), lang), lang);
}

std::optional<db::EnqueueResult> WebApp::enqueue(const std::string& type,
                                                 const std::string& source) {
    // The common refusal needs no write lock: WAL readers never wait.
    if (auto running = jobs_.active();
        running && !(running->state == "running" && fail_dead_jobs()))
        return db::EnqueueResult{false, std::move(*running)};
    try {
        return jobs_.enqueue(type, source);  // checks again under BEGIN IMMEDIATE
    } catch (const db::Error& e) {
        switch (e.code() & 0xff) {
            case SQLITE_BUSY:
                // The sync holds the write lock longer than busy_timeout: try again soon.
                refusal_ = "The database is busy with a sync; try again in a moment.";
                return std::nullopt;
            case SQLITE_FULL:
            case SQLITE_READONLY:
            case SQLITE_IOERR:
            case SQLITE_CANTOPEN:
                // The library can still be read; only the job cannot be written.
                log_error(std::string("cannot queue a sync job: ") + e.what());
                refusal_ =
                    "The database cannot be written (disk full or read-only); the sync was not "
                    "queued. The library can still be browsed.";
                return std::nullopt;
            default: throw;
        }
    }
}

void WebApp::start_sync_now() {
    if (!config_.sync_on_request) return;
    if (sync_binary_.empty()) sync_binary_ = sync_binary_beside_self();
    if (!launch_sync_cron(sync_binary_))
        log_warn("could not start redriva-sync now; the job waits for cron");
}

void WebApp::check_running_job() {
    if (auto active = jobs_.active(); active && active->state == "running") fail_dead_jobs();
}

bool WebApp::fail_dead_jobs() {
    // Every sync holds this lock while it runs (and takes it before it claims a
    // job): whoever gets it knows that no job is really running. The kernel
    // drops a dead process's flock, so this holds however the sync died.
    FileLock lock(config_.run_dir() + "/sync.lock");
    if (!lock.locked()) return false;
    int failed = 0;
    try {
        failed = jobs_.fail_abandoned([](std::int64_t) { return false; });
    } catch (const db::Error& e) {
        // A full or read-only disk: the pages still show what there is.
        log_warn(std::string("could not mark a dead sync's job failed: ") + e.what());
        return false;
    }
    if (failed > 0) {
        log_warn(std::to_string(failed) +
                 " job(s) left running by a sync that died: marked failed");
        library_.note_own_write();
    }
    return failed > 0;
}

Response WebApp::busy_database(const Request& request) {
    Response r = error(request, 503, refusal_);
    r.headers.emplace_back("Retry-After", "2");
    return r;
}

Response WebApp::sync_form(const Request& request, const std::string& type) {
    if (!db::is_sync_type(type)) return error(request, 400, "Unknown sync type.");
    if (!form_post_allowed(request)) {
        if (is_cross_origin(request))
            return error(request, 403, "Cross-site requests may not start a sync.");
        return Response::redirect("/?refused=1");
    }
    auto queued = enqueue(type, "web");
    if (!queued) return busy_database(request);
    auto& result = *queued;
    if (!result.accepted) return Response::redirect("/?busy=" + std::to_string(result.job.id));
    library_.note_own_write();
    metrics_->slots[slot_].syncs.fetch_add(1, std::memory_order_relaxed);
    log_info("sync job " + std::to_string(result.job.id) + " (" + type +
             ") queued from the dashboard");
    start_sync_now();
    return Response::redirect("/?queued=" + std::to_string(result.job.id));
}

bool WebApp::secure_cookies(const Request& request) const {
    return config_.secure_cookies || request.scheme == "https";
}

Response WebApp::login_form(const Request& request) {
    const std::string next = safe_next(request.param("next").value_or("/"));
    if (!login_.enabled()) return Response::redirect(next);
    if (auto s = request.cookie(kSessionCookie); s && login_.valid(*s, unix_now()))
        return Response::redirect(next);
    const std::string_view lang = language_of(request);
    return html(200, render_login(next, LoginMessage::kNone, lang), lang);
}

Response WebApp::login(const Request& request) {
    const std::string next = safe_next(request.form_value("next").value_or("/"));
    if (!login_.enabled()) return Response::redirect(next);
    const std::string_view lang = language_of(request);
    if (is_cross_origin(request)) return error(request, 403, "Cross-site requests may not log in.");
    if (!form_post_allowed(request))
        return html(400, render_login(next, LoginMessage::kExpiredForm, lang), lang);
    if (!login_.verify(request.form_value("password").value_or(""))) {
        // Who tried, for fail2ban and the like; never what they typed.
        log_warn("login refused: wrong password from " +
                 (request.remote_addr.empty() ? std::string("?") : request.remote_addr));
        return html(401, render_login(next, LoginMessage::kWrongPassword, lang), lang);
    }
    const std::int64_t lifetime = std::int64_t{config_.session_days} * 86400;
    Response r = Response::redirect(next);
    r.headers.emplace_back("Set-Cookie", session_set_cookie(login_.issue(unix_now(), lifetime),
                                                            lifetime, secure_cookies(request)));
    log_info("login from " +
             (request.remote_addr.empty() ? std::string("?") : request.remote_addr));
    return r;
}

Response WebApp::logout(const Request& request) {
    if (is_cross_origin(request))
        return error(request, 403, "Cross-site requests may not log out.");
    if (!form_post_allowed(request)) return Response::redirect("/");
    Response r = Response::redirect(login_.enabled() ? "/login" : "/");
    r.headers.emplace_back("Set-Cookie", session_clear_cookie(secure_cookies(request)));
    return r;
}

Response WebApp::api_stats() {
    check_running_job();
    const std::int64_t now = unix_now();
    auto stats = library_.stats(now);
    return Response::json(200,
                          stats_json(*stats, now, jobs_.active(), jobs_.last_finished(), demo()));
}

Response WebApp::api_torrents(const Request& request) {
    auto parsed = parse_list_params(request);
    if (auto* e = std::get_if<ParamError>(&parsed)) return json_error(400, e->message);
    return Response::json(200, torrent_list_json(library_.page(std::get<ListParams>(parsed))));
}

Response WebApp::api_torrent(const Request&, const std::string& id) {
    if (!is_torrent_id(id)) return json_error(404, "No torrent has this id");
    auto detail = library_.detail(id);
    if (!detail) return json_error(404, "No torrent has the id " + id);
    return Response::json(200, torrent_detail_json(*detail));
}

std::int64_t WebApp::estimate_seconds(const std::string& type) {
    auto stats = library_.stats(unix_now());
    const double per_request = 60.0 / std::max(1, config_.rd_rate);
    const double list_pages = std::ceil(static_cast<double>(stats->total_torrents) / 5000.0) + 1;
    double requests = list_pages;
    if (type == "fast")
        requests += static_cast<double>(stats->total_torrents);
    else if (type == "smart")
        requests += static_cast<double>(stats->total_torrents - stats->total_details) +
                    static_cast<double>(stats->active_count);
    else if (type == "errors")
        requests = static_cast<double>(stats->error_count);
    return static_cast<std::int64_t>(std::ceil(requests * per_request)) + 1;
}

Response WebApp::api_sync_start(const Request& request, const std::string& type) {
    if (!db::is_sync_type(type))
        return json_error(400,
                          "Unknown sync type '" + type + "': use smart, fast, torrents or errors");
    if (!api_post_allowed(request))
        return json_error(403, "Cross-site or tokenless browser requests may not start a sync");
    auto queued = enqueue(type, "api");
    if (!queued) return busy_database(request);
    auto& result = *queued;
    if (!result.accepted) return Response::json(409, sync_conflict_json(result.job));
    library_.note_own_write();
    metrics_->slots[slot_].syncs.fetch_add(1, std::memory_order_relaxed);
    log_info("sync job " + std::to_string(result.job.id) + " (" + type + ") queued from the API");
    start_sync_now();
    Response r = Response::json(202, sync_accepted_json(result.job, estimate_seconds(type)));
    r.headers.emplace_back("Location", "/api/sync/status");
    return r;
}

Response WebApp::api_sync_status() {
    check_running_job();
    Response r = Response::json(200, sync_status_json(jobs_.active(), jobs_.last_finished()));
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

Response WebApp::api_sync_events(const Request& request) {
    auto parsed = parse_event_params(request);
    if (auto* e = std::get_if<ParamError>(&parsed)) return json_error(400, e->message);
    const auto& p = std::get<EventParams>(parsed);
    Response r =
        Response::json(200, sync_events_json(jobs_.events_after(p.after, p.limit), p.after));
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

Response WebApp::api_charts() {
    auto& q = library_.queries();
    return Response::json(200, charts_json(q.status_totals(), q.growth_by_month()));
}

Response WebApp::api_metrics() {
    Response r = Response::json(200, metrics_json(*metrics_));
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

Response WebApp::api_health() {
    bool ok = false;
    try {
        ok = library_.queries().schema_ok();
    } catch (const std::exception& e) {
        log_error(std::string("health check: database unavailable: ") + e.what());
    }
    Response r = Response::json(ok ? 200 : 503,
                                health_json(ok, db::schema_version(), running_workers(*metrics_)));
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

}  // namespace redriva::web
