// The request pipeline of a worker, top to bottom:
//   route -> login gate -> CSRF check -> response cache -> handler -> CSRF token
//   -> encoding (a cached body is kept compressed too, and sent so when accepted),
// each step as the route's policy says (web/routes.cpp), with every exception
// caught once, here, and turned into a 500 whose details go to the log only.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "common/config.h"
#include "db/sqlite.h"
#include "web/handlers.h"
#include "web/lru_cache.h"
#include "web/router.h"
#include "web/routes.h"
#include "web/server_types.h"

namespace redriva::web {

class WebApp final : public server::RequestHandler {
public:
    // Opens this worker's connection to the database; `metrics` and `slot` are
    // where this worker counts its requests.
    WebApp(const Config& config, PoolMetrics* metrics, int slot);

    Response handle(const Request& request) noexcept override;
    Response refused(const RequestError& error) noexcept override;
    std::size_t body_limit(const std::string& method,
                           const std::string& path) const noexcept override;

private:
    // `forms`: whether the route's pages carry forms (a CSRF token); `route_index`:
    // which route answered (-1: none), for the metrics.
    Response dispatch(const Request& request, bool& forms, int& route_index);
    // The login gate: nullopt when the request may go on, else the answer.
    std::optional<Response> require_login(const Request& request, const Route* route);
    // The gate of a scraper's route (/metrics): nullopt when it may go on.
    std::optional<Response> refuse_scraper(const Request& request);
    // The CSRF check of a state change: nullopt when it may go on.
    std::optional<Response> refuse_forgery(const Call& call, const Policy& policy);
    Response cached(const Call& call, const Route& route);
    Response call_handler(Handler handler, const Call& call);
    // The route's handler, after what its policy asks first (reaping dead jobs).
    Response render(const Call& call, const Route& route);
    // Swaps the CSRF placeholder of a page for the request's token; returns the
    // token ("" when the page has no placeholder).
    std::string add_csrf_token(const Request& request, Response& response);
    // A body worth keeping compressed beside the plain one in a cache entry.
    // Adds "Cache-Control: no-store" unless the response says otherwise already.
    static void no_store(Response& response);
    static std::shared_ptr<const GzipWithHoles> compressed(const Response& response, int level);
    // Sends the compressed body to a client that accepts it (with `token` in its
    // holes), and says that the answer varies with Accept-Encoding.
    static void choose_encoding(const Request& request, Response& response,
                                const std::string& token);
    Response error(const Request& request, int status, const std::string& message);

    const Config& config_;
    server::WorkerSlot* slot_;  // where this worker counts its cache hits; may be null
    db::Database db_;
    Handlers handlers_;
    std::span<const Route> routes_;
    Router router_;
    bool pages_show_login_ = false;  // whether the cached pages were rendered with a login
    // nginx listens beyond this machine (REDRIVA_BIND): without a password, nothing is served.
    bool exposed_;
    struct CachedResponse {
        Response response;
        std::int64_t expires_ms;  // 0: valid for the whole generation
    };
    LruCache<CachedResponse>& responses(Cache kind);
    LruCache<CachedResponse> library_responses_;  // Cache::kLibrary
    LruCache<CachedResponse> list_responses_;     // Cache::kList
    LruCache<CachedResponse> state_responses_;    // Cache::kState
};

// What the pool calls in each worker to build its WebApp.
server::HandlerFactory web_app_factory(const Config& config);

}  // namespace redriva::web
