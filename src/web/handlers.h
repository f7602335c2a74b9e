// The application's handlers: each does its route's own work (read the
// library or the jobs, render a page or JSON). Who may call it, the CSRF check,
// the caching and the language headers are the pipeline's (web/app.cpp), as
// the route's policy says (web/routes.cpp).
#pragma once

#include <optional>
#include <string>

#include "common/config.h"
#include "common/result.h"
#include "db/action_targets.h"
#include "db/library_edits.h"
#include "db/library_export.h"
#include "db/link_store.h"
#include "db/metrics_queries.h"
#include "db/sqlite.h"
#include "jobs/job_service.h"
#include "sync/shared_window.h"
#include "web/action_params.h"
#include "web/library_cache.h"
#include "web/login.h"
#include "web/routes.h"
#include "web/scrapers.h"
#include "web/server_types.h"

namespace redriva::web {

class Handlers {
public:
    // `metrics` and `slot` are where this worker counts what it does.
    Handlers(const Config& config, db::Database& db, PoolMetrics* metrics, int slot);

    // Pages (handlers_pages.cpp).
    Response dashboard(const Call& call);
    Response torrent_list(const Call& call);
    Response torrent_detail(const Call& call);
    Response search(const Call& call);
    Response sync_form(const Call& call);
    Response sync_form_expired(const Call& call);
    // The detail page's action forms and the job page (handlers_actions.cpp).
    Response torrent_delete_form(const Call& call);
    Response torrent_repair_form(const Call& call);
    Response torrent_links_form(const Call& call);
    Response torrent_check_form(const Call& call);
    Response torrent_form_expired(const Call& call);
    Response job_page(const Call& call);
    // The add page and the detail page's choice of files (handlers_add.cpp).
    Response add_page(const Call& call);
    Response add_form(const Call& call);
    Response add_form_expired(const Call& call);
    Response torrent_select_form(const Call& call);
    Response import_form(const Call& call);
    // The trash, the history, the duplicates and the bulk forms
    // (handlers_library_pages.cpp).
    Response trash_page(const Call& call);
    Response trash_restore_form(const Call& call);
    Response trash_forget_form(const Call& call);
    Response history_page(const Call& call);
    Response duplicates_page(const Call& call);
    Response bulk_confirm_form(const Call& call);
    Response bulk_form(const Call& call);
    Response page_form_expired(const Call& call);

    // The login (handlers_login.cpp).
    Response login_form(const Call& call);
    Response login(const Call& call);
    Response login_expired(const Call& call);
    Response logout(const Call& call);
    Response logout_expired(const Call& call);

    // The JSON API (handlers_api.cpp).
    Response api_stats(const Call& call);
    Response api_torrents(const Call& call);
    Response api_torrent(const Call& call);
    Response api_sync_start(const Call& call);
    Response api_sync_status(const Call& call);
    Response api_sync_events(const Call& call);
    Response api_charts(const Call& call);
    Response api_metrics(const Call& call);
    // Prometheus' scrape (handlers_metrics.cpp).
    Response metrics(const Call& call);
    Response api_health(const Call& call);
    Response api_account(const Call& call);
    // The actions (handlers_actions.cpp).
    Response api_torrent_delete(const Call& call);
    Response api_torrent_repair(const Call& call);
    Response api_torrent_links_start(const Call& call);
    Response api_torrent_links(const Call& call);
    Response api_torrent_check(const Call& call);
    Response api_trash_restore(const Call& call);
    Response api_trash_forget(const Call& call);
    Response api_actions_preview(const Call& call);
    Response api_actions_start(const Call& call);
    Response api_job(const Call& call);
    Response api_job_cancel(const Call& call);
    Response api_job_retry(const Call& call);
    Response api_trash(const Call& call);
    Response api_history(const Call& call);
    Response api_torrent_add(const Call& call);
    Response api_torrent_files(const Call& call);
    Response api_torrent_select(const Call& call);
    // The library as a whole (handlers_backup.cpp).
    Response api_export(const Call& call);
    Response api_import(const Call& call);
    Response api_duplicates(const Call& call);

    Response test_sleep(const Call& call);
    Response test_crash(const Call& call);

    // An error answer in the form the route's callers read (page or JSON).
    Response error(const Request& request, Errors errors, int status,
                   const std::string& message) const;
    Response error(const Call& call, int status, const std::string& message) const {
        return error(call.request, call.errors, status, message);
    }

    CachedLibrary& library() { return library_; }
    jobs::JobService& jobs() { return jobs_; }
    Login& login_state() { return login_; }
    const ScraperAccess& scrapers() const { return scrapers_; }

private:
    // Queues a sync of `type` for a form or an API call; both render the outcome.
    jobs::Outcome request_sync(SyncMode mode, const std::string& source);
    // A 503 for a job the database could not take (busy, or unwritable).
    Response job_not_taken(const Call& call, const jobs::Outcome& outcome) const;
    bool secure_cookies(const Request& request) const;
    // The torrents a bulk request names or its filter selects; unknown ids fail it.
    Result<db::Targets> targets_of(const BulkRequest& bulk);
    // A detail page's form: queue `kind` on the torrent, then show its job.
    Response torrent_action_form(const Call& call, ActionKind kind);
    // An action on the torrent of the URL (404 when the library does not hold it).
    Response one_torrent_action(const Call& call, ActionKind kind, const std::string& params);
    // Why the files of `detail` cannot be chosen as `params` say (a 409), if not.
    std::optional<std::string> selection_refused(const db::TorrentDetail& detail,
                                                 const SelectOptions& options);
    // 202, 409 or 503 for an action the job service took or refused.
    Response action_outcome(const Call& call, const jobs::ActionOutcome& outcome,
                            std::int64_t bytes);

    const Config& config_;
    PoolMetrics* metrics_;
    int slot_;
    Login login_;
    CachedLibrary library_;
    jobs::JobService jobs_;
    // The actions' reads and the trash's writes, prepared once per worker.
    db::ActionTargets targets_;
    db::LibraryEdits edits_;
    db::LinkStore links_;
    db::LibraryExport export_;
    CachedLibrary::ListFigure duplicates_;  // the dashboard's count of hash duplicates
    ScraperAccess scrapers_;
    db::MetricsQueries metrics_queries_;
    sync::SharedWindow rd_window_;  // the limiter's window: read, never written
};

// A Real-Debrid torrent id: up to 32 ASCII letters and digits.
bool is_torrent_id(std::string_view id);
// A torrent's info hash as the library stores it: 40 lower-case hex digits.
bool is_torrent_hash(std::string_view hash);
// The language a request is answered in: its cookie, then Accept-Language.
std::string_view language_of(const Request& request);
// An HTML response with the headers of its language.
Response html(int status, std::string body, std::string_view lang);
// Where a form that queued a job (or met one in its way) leads: the job's page, told
// whether this browser started it (its script then says how the job ended, once).
Response redirect_to_job(std::int64_t job_id, bool started_here);

}  // namespace redriva::web
