#include "web/app.h"

#include "common/clock.h"
#include "common/gzip.h"
#include "common/log.h"
#include "common/strings.h"
#include "db/schema.h"
#include "web/csrf.h"
#include "web/json_views.h"
#include "web/pages.h"

namespace redriva::web {

namespace {

// Rendered responses of a generation: a few thousand pages fit in 64 MB.
constexpr std::size_t kResponseEntries = 4096;
constexpr std::size_t kResponseBytes = 64 * 1024 * 1024;
// The dashboard and /api/stats: a few entries per state of the jobs.
constexpr std::size_t kStateEntries = 8;
constexpr std::size_t kStateBytes = 4 * 1024 * 1024;
// "timestamp" and "last 24 h" move with time: state answers live 30 s at most.
constexpr std::int64_t kStateTtlMs = 30'000;
// Cached answers are kept compressed too, as nginx would send them (its threshold),
// at a level that costs once per cache entry rather than per request.
constexpr std::size_t kMinGzipBytes = 1024;
constexpr int kGzipLevel = 6;
// Answers that are not cached are compressed per request. Measured on pages and JSON
// of 15-55 KB, uncached, gzip req/s over plain: nginx at its level 4 0.58-0.67, the
// worker at 4 the same (the socket's bytes hardly count), at 1 0.63-0.83 for answers
// ~12% larger, at 6 0.46-0.66. The level is what costs, not the process: level 1,
// and in the worker, where the CSRF token can be kept out of the compressed text.
constexpr int kOnTheFlyGzipLevel = 1;

Errors errors_by_path(const Request& request) {
    return request.is_api() ? Errors::kJson : Errors::kPage;
}

server::CacheKind cache_kind(Cache cache) {
    switch (cache) {
        case Cache::kList: return server::CacheKind::kList;
        case Cache::kState: return server::CacheKind::kState;
        case Cache::kLibrary:
        case Cache::kNone: break;
    }
    return server::CacheKind::kLibrary;
}

}  // namespace

server::HandlerFactory web_app_factory(const Config& config) {
    return [&config](PoolMetrics* metrics, int slot) -> std::unique_ptr<server::RequestHandler> {
        return std::make_unique<WebApp>(config, metrics, slot);
    };
}

WebApp::WebApp(const Config& config, PoolMetrics* metrics, int slot)
    : config_(config),
      slot_(metrics ? &metrics->slots[slot] : nullptr),
      db_(db::open_database(config.database_path())),
      handlers_(config, db_, metrics, slot),
      routes_(routes(config.test_routes)),
      router_(routes_),
      exposed_(!is_loopback_address(config.bind)),
      library_responses_(kResponseEntries, kResponseBytes),
      list_responses_(kResponseEntries, kResponseBytes),
      state_responses_(kStateEntries, kStateBytes) {}

Response WebApp::handle(const Request& request) noexcept {
    try {
        bool forms = false;
        int route_index = -1;
        Response response = dispatch(request, forms, route_index);
        response.route_index = route_index;
        // An answer not cached is compressed here too, for this client only, at the
        // cheapest level (before the CSRF step: the token goes into a hole).
        if (!response.gzip && response.status == 200 &&
            server::accepts_gzip(request.accept_encoding))
            response.gzip = compressed(response, kOnTheFlyGzipLevel);
        // Every page carries the log-out form once a login is set.
        std::string token;
        if (forms || handlers_.login_state().enabled()) token = add_csrf_token(request, response);
        choose_encoding(request, response, token);
        // Behind a login, what the API answers is the user's: no cache keeps it.
        if (request.is_api() && handlers_.login_state().enabled()) no_store(response);
        return response;
    } catch (const std::exception& e) {
        // Details go to the log, never to the client.
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

std::size_t WebApp::body_limit(const std::string& method, const std::string& path) const noexcept {
    const RouteMatch match = router_.match(method, path);
    return match.kind == RouteMatch::Kind::kFound && match.route->policy.upload
               ? server::kMaxUploadBytes
               : server::kMaxBodyBytes;
}

Response WebApp::refused(const RequestError& e) noexcept {
    try {
        // Nothing is known of the client (not even whether it is logged in): the
        // page shows no log-out form, and carries no token.
        if (e.api) return Response::json(e.status, error_json(e.message));
        Response r;
        r.status = e.status;
        r.body = render_refusal(e.status, e.message);
        return r;
    } catch (...) {
        Response r;
        r.status = e.status;
        r.content_type = "text/plain; charset=utf-8";
        r.body = "Bad Request\n";
        return r;
    }
}

Response WebApp::error(const Request& request, int status, const std::string& message) {
    return handlers_.error(request, errors_by_path(request), status, message);
}

Response WebApp::dispatch(const Request& request, bool& forms, int& route_index) {
    const RouteMatch match = router_.match(request.method, request.path);
    if (match.kind == RouteMatch::Kind::kFound)
        route_index = static_cast<int>(match.route - routes_.data());
    Login& login = handlers_.login_state();
    login.refresh();
    if (login.enabled() != pages_show_login_) {
        // Cached pages show the log-out button or not: none may outlive a change.
        pages_show_login_ = login.enabled();
        set_login_ui(pages_show_login_);
        library_responses_.clear();
        list_responses_.clear();
        state_responses_.clear();
    }
    // redriva-web refuses to start exposed without a password; one removed since
    // must not open the library to the network either.
    if (exposed_ && !login.enabled())
        return error(request, 503,
                     "This Redriva listens beyond this machine and has no password: it answers "
                     "nothing until one is set (redriva-web --set-password).");
    if (match.route && match.route->policy.access == Access::kScraper) {
        if (auto refused = refuse_scraper(request)) return *refused;
    } else if (auto refused = require_login(request, match.route)) {
        return *refused;
    }
    if (match.kind == RouteMatch::Kind::kNotFound)
        return error(request, 404, "There is nothing at this address.");
    if (match.kind == RouteMatch::Kind::kMethodNotAllowed) {
        Response r = error(request, 405, "This address does not accept " + request.method + ".");
        r.headers.emplace_back("Allow", match.allow);
        return r;
    }
    const Route& route = *match.route;
    const Call call{request, match.capture, route.policy.errors};
    if (auto refused = refuse_forgery(call, route.policy)) return *refused;

    const auto generations = handlers_.library().refresh();  // once per request
    library_responses_.revalidate(generations.library);
    list_responses_.revalidate(generations.list);
    state_responses_.revalidate(generations.state);
    forms = route.policy.forms;
    return route.policy.cache != Cache::kNone && config_.page_cache ? cached(call, route)
                                                                    : render(call, route);
}

Response WebApp::call_handler(Handler handler, const Call& call) {
    return (handlers_.*handler)(call);
}

Response WebApp::render(const Call& call, const Route& route) {
    // Only when the answer is made, not on a cache hit: the check reads the job
    // queue, and a cached answer that shows jobs lives 30 s at most.
    if (route.policy.shows_jobs) handlers_.jobs().reap_dead_jobs();
    return call_handler(route.handler, call);
}

std::optional<Response> WebApp::require_login(const Request& request, const Route* route) {
    Login& login = handlers_.login_state();
    if (!login.enabled()) return std::nullopt;
    if (route && route->policy.access == Access::kPublic) return std::nullopt;
    // One session cookie only: a second one was set by somebody else.
    if (auto session = request.sole_cookie(kSessionCookie);
        session && login.valid(*session, unix_now()))
        return std::nullopt;
    const Errors errors = route ? route->policy.errors : errors_by_path(request);
    if (errors == Errors::kJson) {
        Response r = Response::json(401, error_json("Log in first: this Redriva has a password"));
        no_store(r);
        return r;
    }
    // A page comes back after the login; a form post cannot be replayed, so it
    // starts from the dashboard.
    std::string next = request.method == "GET" || request.method == "HEAD"
                           ? safe_next(request.raw_uri)
                           : std::string("/");
    return Response::redirect(next == "/" ? "/login" : "/login?next=" + url_encode(next));
}

std::optional<Response> WebApp::refuse_scraper(const Request& request) {
    switch (handlers_.scrapers().check(request.remote_addr, request.authorization)) {
        case ScraperAccess::Verdict::kAllowed: return std::nullopt;
        case ScraperAccess::Verdict::kUnauthorized: {
            Response r = Response::json(401, error_json("A bearer token is needed here"));
            r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"redriva\"");
            return r;
        }
        case ScraperAccess::Verdict::kForbidden: break;
    }
    return Response::json(
        403, error_json("Metrics are served to the loopback and the addresses in "
                        "REDRIVA_METRICS_ALLOW, or with the bearer token REDRIVA_METRICS_TOKEN"));
}

std::optional<Response> WebApp::refuse_forgery(const Call& call, const Policy& policy) {
    switch (policy.csrf) {
        case Csrf::kNone: return std::nullopt;
        case Csrf::kApi:
            if (api_post_allowed(call.request)) return std::nullopt;
            return handlers_.error(
                call, 403, "Cross-site or tokenless browser requests may not change anything here");
        case Csrf::kForm:
            if (is_cross_origin(call.request))
                return handlers_.error(call, 403,
                                       "Cross-site requests may not change anything here.");
            if (form_post_allowed(call.request)) return std::nullopt;
            // A form whose token is missing or stale: the page was open too long.
            if (policy.expired_form) return call_handler(policy.expired_form, call);
            return handlers_.error(call, 403, "This form has expired: reload the page.");
    }
    return std::nullopt;
}

Response WebApp::cached(const Call& call, const Route& route) {
    std::string key = route.policy.key(call.request);
    if (key.empty()) return render(call, route);
    if (route.policy.by_language) {
        key += '\x02';
        key += language_of(call.request);
    }
    const bool state = route.policy.cache == Cache::kState;
    auto& cache = responses(route.policy.cache);
    const std::int64_t now = monotonic_ms();
    const int kind = static_cast<int>(cache_kind(route.policy.cache));
    if (auto hit = cache.get(key); hit && (hit->expires_ms == 0 || hit->expires_ms > now)) {
        if (slot_) slot_->cache_hits[kind].fetch_add(1, std::memory_order_relaxed);
        return hit->response;
    }
    if (slot_) slot_->cache_misses[kind].fetch_add(1, std::memory_order_relaxed);
    Response response = render(call, route);
    if (response.status == 200) {
        response.gzip = compressed(response, kGzipLevel);
        const std::int64_t expires = state ? now + kStateTtlMs : 0;
        const std::size_t bytes =
            response.body.size() + (response.gzip ? response.gzip->size() : 0) + key.size() + 256;
        cache.put(key, std::make_shared<const CachedResponse>(CachedResponse{response, expires}),
                  bytes);
    }
    return response;
}

LruCache<WebApp::CachedResponse>& WebApp::responses(Cache kind) {
    switch (kind) {
        case Cache::kList: return list_responses_;
        case Cache::kState: return state_responses_;
        case Cache::kLibrary:
        case Cache::kNone: break;
    }
    return library_responses_;
}

void WebApp::no_store(Response& response) {
    for (const auto& [name, value] : response.headers)
        if (name == "Cache-Control") return;
    response.headers.emplace_back("Cache-Control", "no-store");
}

std::string WebApp::add_csrf_token(const Request& request, Response& response) {
    if (!response.content_type.starts_with("text/html")) return {};
    const std::string& placeholder = csrf_placeholder();
    std::size_t at = response.body.find(placeholder);
    if (at == std::string::npos) return {};
    std::string token = csrf_cookie_token(request);
    if (token.empty()) {
        token = new_csrf_token();
        response.headers.emplace_back("Set-Cookie", csrf_set_cookie(token));
    }
    for (; at != std::string::npos; at = response.body.find(placeholder, at + token.size()))
        response.body.replace(at, placeholder.size(), token);
    // A page that carries the token is this browser's own.
    no_store(response);
    return token;
}

std::shared_ptr<const GzipWithHoles> WebApp::compressed(const Response& response, int level) {
    const bool html = response.content_type.starts_with("text/html");
    if (response.body.size() < kMinGzipBytes ||
        !(html || response.content_type.starts_with("application/json")))
        return nullptr;
    // The token goes into a hole, never into the compressed text (see GzipWithHoles).
    return std::make_shared<const GzipWithHoles>(
        response.body, html ? std::string_view(csrf_placeholder()) : std::string_view(), level);
}

void WebApp::choose_encoding(const Request& request, Response& response, const std::string& token) {
    if (!response.gzip) return;  // small, not HTML or JSON, or an error: nginx's choice
    // Only the copy of the page that went through the same CSRF step: the holes
    // are where the placeholder was, and the plain body now has `token` there.
    if (response.gzip->holes() > 0 && token.empty()) return;
    response.headers.emplace_back("Vary", "Accept-Encoding");
    if (!server::accepts_gzip(request.accept_encoding)) return;
    response.body = response.gzip->render(token);
    response.headers.emplace_back("Content-Encoding", "gzip");
}

}  // namespace redriva::web
