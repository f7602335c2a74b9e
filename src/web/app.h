// The request pipeline of a worker, top to bottom:
//   route -> check method/origin -> handler (cached when possible) -> response,
// with every exception caught once, here, and turned into a 500 (W5).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/config.h"
#include "db/job_queue.h"
#include "db/sqlite.h"
#include "web/http.h"
#include "web/library_cache.h"
#include "web/login.h"
#include "web/lru_cache.h"
#include "web/metrics.h"
#include "web/router.h"

namespace redriva::web {

class WebApp {
public:
    // `metrics` and `slot` are where this worker counts its requests.
    WebApp(const Config& config, db::Database& db, PoolMetrics* metrics, int slot);

    Response handle(const Request& request) noexcept;

private:
    Response dispatch(const Request& request);
    // The login gate: nullopt when the request may go on, else the answer.
    std::optional<Response> require_login(const Request& request, const RouteMatch& match);
    // Swaps the CSRF placeholder of a page for the request's token.
    void add_csrf_token(const Request& request, Response& response);
    Response cached_get(const Request& request, const RouteMatch& match, const std::string& key);
    Response render_route(const Request& request, const RouteMatch& match);
    Response error(const Request& request, int status, const std::string& message);
    bool demo();

    Response dashboard(const Request& request);
    Response torrent_list(const Request& request);
    Response torrent_detail(const Request& request, const std::string& id);
    Response search(const Request& request);
    Response sync_form(const Request& request, const std::string& type);
    Response login_form(const Request& request);
    Response login(const Request& request);
    Response logout(const Request& request);
    bool secure_cookies(const Request& request) const;
    Response api_stats();
    Response api_torrents(const Request& request);
    Response api_torrent(const Request& request, const std::string& id);
    Response api_sync_start(const Request& request, const std::string& type);
    Response api_sync_status();
    Response api_sync_events(const Request& request);
    Response api_charts();
    Response api_metrics();
    Response api_health();

    std::int64_t estimate_seconds(const std::string& type);
    // nullopt: the database could not take the job (locked by a writer past the
    // busy timeout, full, read-only): answered 503 with refusal_ as the reason.
    std::optional<db::EnqueueResult> enqueue(const std::string& type, const std::string& source);
    std::string refusal_;
    Response busy_database(const Request& request);
    // A job left "running" by a sync that died (SIGKILL, power loss) is marked
    // failed as soon as nobody holds the sync lock. True when one was.
    bool fail_dead_jobs();
    // fail_dead_jobs() when a job is "running": for the routes that show jobs.
    void check_running_job();
    void start_sync_now();

    const Config& config_;
    PoolMetrics* metrics_;
    int slot_;
    Router router_;
    Login login_;
    bool pages_show_login_ = false;  // whether the cached pages were rendered with a login
    CachedLibrary library_;
    db::JobQueue jobs_;
    struct CachedResponse {
        Response response;
        std::int64_t expires_ms;  // 0: valid for the whole generation
    };
    LruCache<CachedResponse> library_responses_;  // lists, pages, search: library generation
    LruCache<CachedResponse> state_responses_;    // dashboard, stats: any commit
    CachedLibrary::Generations generations_;      // of the request being served
    std::string sync_binary_;                     // redriva-sync beside us, found on first use
};

}  // namespace redriva::web
