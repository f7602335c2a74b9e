// redriva-sync: mirrors the Real-Debrid library into SQLite and acts on it.
//   redriva-sync MODE        run one sync now (smart, fast, torrents, errors)
//   redriva-sync cron        run queued syncs, and a smart sync when one is due; start
//                            the action lane when actions wait
//   redriva-sync actions     run the queued action jobs (the web starts it)
//   redriva-sync delete …    delete torrents now (to the trash) and wait for the job
//   redriva-sync repair …    repair torrents now (add again, then delete the old)
//   redriva-sync links ID    print a torrent's direct download links
//   redriva-sync check …     check torrents' hoster links (dead ones fail the item)
//   redriva-sync add …       add magnets or .torrent files and wait for the job
//   redriva-sync export FILE write the library as a .dmm.json hash list or CSV
//   redriva-sync import FILE add the torrents of a .dmm.json list the library lacks
//   redriva-sync status      print the current and the last job
// Two lanes may run at once, each under its own lock: the sync lane (sync.lock) and
// the action lane (actions.lock). Every request of both goes through one window
// shared in the run dir (sync/shared_window.h).
// Exit codes: 0 done, 1 failed, 2 usage or configuration error, 3 Real-Debrid
// refused the token, 4 another process holds the lane's lock, 5 an action ran but
// some of its items failed or were skipped.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rapidjson/document.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <string>

#include "actions/action_runner.h"
#include "common/clock.h"
#include "common/config.h"
#include "common/file_lock.h"
#include "common/log.h"
#include "common/secrets.h"
#include "db/action_queue.h"
#include "db/action_targets.h"
#include "db/backup.h"
#include "db/job_queue.h"
#include "db/library_edits.h"
#include "db/library_export.h"
#include "db/library_queries.h"
#include "db/link_store.h"
#include "db/schema.h"
#include "db/torrent_store.h"
#include "domain/status.h"
#include "domain/torrent_source.h"
#include "jobs/library_files.h"
#include "jobs/sync_launcher.h"
#include "notify/notices.h"
#include "notify/notifier.h"
#include "sync/account.h"
#include "sync/rate_limiter.h"
#include "sync/rd_client.h"
#include "sync/rd_stats_recorder.h"
#include "sync/shared_window.h"
#include "sync/sync_engine.h"

namespace {

using namespace redriva;
using namespace redriva::sync;

enum Exit { kDone = 0, kFailed = 1, kUsage = 2, kBadToken = 3, kLocked = 4, kPartial = 5 };

// A progress bar on a terminal; one line per event otherwise (cron mails them).
class ConsoleProgress final : public ProgressView {
public:
    explicit ConsoleProgress(bool terminal) : terminal_(terminal) {}
    ~ConsoleProgress() override {
        if (terminal_ && drawn_) std::fputc('\n', stderr);
    }

    void update(const db::JobProgress& p) override {
        if (!terminal_) return;
        constexpr int kWidth = 30;
        const int filled = p.total > 0 ? static_cast<int>(kWidth * p.done / p.total) : 0;
        std::string bar(static_cast<std::size_t>(filled), '#');
        bar.resize(kWidth, '.');
        std::fprintf(stderr,
                     "\r%-8s [%s] %lld/%lld  %lld req  %lld retries  %lld x429  ETA %llds   ",
                     p.phase.c_str(), bar.c_str(), static_cast<long long>(p.done),
                     static_cast<long long>(p.total), static_cast<long long>(p.requests),
                     static_cast<long long>(p.retries), static_cast<long long>(p.rate_limited),
                     static_cast<long long>(p.eta_seconds.value_or(0)));
        drawn_ = true;
    }

    void line(const std::string& level, const std::string& text) override {
        if (terminal_ && drawn_) std::fputc('\n', stderr);
        drawn_ = false;
        std::fprintf(stderr, "redriva-sync: %s%s\n", level == "info" ? "" : (level + ": ").c_str(),
                     text.c_str());
    }

private:
    bool terminal_;
    bool drawn_ = false;
};

// An error as an operator should read it: storage trouble says what to do.
std::string explain(const std::exception& e, const Config& config) {
    std::string what = e.what();
    const auto* sql = dynamic_cast<const db::Error*>(&e);
    if (!sql) return what;
    if (sql->kind() == db::Error::Kind::kReadOnly)
        return "cannot write the database " + config.database_path() +
               ": it is read-only for this user (uid " + std::to_string(::geteuid()) +
               "); check its owner, its mode and the filesystem (" + what + ")";
    if (sql->kind() == db::Error::Kind::kFull)
        return "the disk holding " + config.database_path() +
               " is full; the database is intact: free some space and sync again (" + what + ")";
    return what;
}

bool process_alive(std::int64_t pid) {
    return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

struct Context {
    Config config;
    std::string token;
    notify::Notifier* notifier = nullptr;  // null: notifications off
};

void notify_user(const Context& ctx, const notify::Notice& notice) {
    if (ctx.notifier) ctx.notifier->post(notice);
}

// The client's options; its counters go to the database's totals through `stats`.
RdClientOptions client_options(const Context& ctx, RdStatsRecorder& stats);

// The account panel (user, premium, traffic, slots): three requests, made by the
// cron run (every minute, and every sync the web starts) once the last reading is
// older than kAccountMaxAge. A sync run by hand (redriva-sync MODE) sends only the
// requests of its mode. Never a reason to fail the run.
constexpr std::int64_t kAccountMaxAge = 10 * 60;

// A notification's POST, connection included: a receiver slower than this is down.
constexpr long kNotifyTimeoutMs = 10'000;

void refresh_account_when_stale(Context& ctx, db::Database& db, RateLimiter& limiter, Clock& clock);

// Runs one job to its end; returns the exit code.
int run_job(Context& ctx, db::Database& db, db::JobQueue& jobs, const db::SyncJob& job,
            RateLimiter& limiter, Clock& clock) {
    const auto mode = parse_sync_mode(job.type);
    if (!mode) {
        jobs.finish(job.id, false, "unknown sync type " + job.type);
        return kFailed;
    }
    ConsoleProgress view(isatty(STDERR_FILENO) != 0);
    try {
        RdStatsRecorder stats(db, clock);
        RdClient client(client_options(ctx, stats), limiter, clock);
        SyncEngine engine(db, client, jobs, job.id, clock, ctx.config.rd_rate, &view);
        SyncResult result = engine.run(*mode);
        stats.flush();  // the job's requests are counted when it is seen to end
        jobs.finish(job.id, result.ok, result.summary);
        const std::string said = english_summary(result.summary);
        log_info("job " + std::to_string(job.id) + " (" + job.type + "): " + said);
        if (!result.ok) notify_user(ctx, notify::sync_failed(job.type, said));
        if (const auto& dead = result.turned_failed; dead.count > 0)
            notify_user(ctx, notify::torrents_failed(dead.count, dead.names, dead.statuses));

        return result.ok ? kDone : kFailed;
    } catch (const AuthError&) {
        const std::string why = "Real-Debrid refused the API token (check RD_TOKEN)";
        jobs.finish(job.id, false, why);
        std::fprintf(stderr, "redriva-sync: %s\n", why.c_str());
        log_error("job " + std::to_string(job.id) + " (" + job.type + "): " + why);
        notify_user(ctx, notify::sync_failed(job.type, why));
        return kBadToken;
    } catch (const std::exception& e) {
        const std::string what = explain(e, ctx.config);
        try {
            jobs.finish(job.id, false, what);
        } catch (const std::exception&) {
            // The disk that failed the sync may fail this write too: the next run
            // marks the job failed (fail_abandoned).
        }
        log_error("job " + std::to_string(job.id) + " (" + job.type + ") failed: " + what);
        std::fprintf(stderr, "redriva-sync: job %lld failed: %s\n", static_cast<long long>(job.id),
                     what.c_str());
        notify_user(ctx, notify::sync_failed(job.type, what));
        return kFailed;
    }
}

void tidy(db::Database& db) {
    // Keep the WAL small and the planner's statistics fresh; forget the tombstones
    // no listing can still be older than.
    try {
        db::LibraryEdits(db).prune_deleted(iso8601_utc(unix_now() - 86'400));
        db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        db.exec("PRAGMA optimize");
    } catch (const std::exception& e) {
        log_warn(std::string("end-of-run maintenance: ") + e.what());
    }
}

int print_status(db::JobQueue& jobs) {
    auto show = [](const char* label, const std::optional<db::SyncJob>& j) {
        if (!j) {
            std::printf("%s: none\n", label);
            return;
        }
        std::printf("%s: job %lld %s %s", label, static_cast<long long>(j->id), j->type.c_str(),
                    std::string(job_state_name(j->state)).c_str());
        if (!j->phase.empty())
            std::printf(" (%s %lld/%lld)", j->phase.c_str(), static_cast<long long>(j->done),
                        static_cast<long long>(j->total));
        if (j->state == JobState::kRunning) {
            std::printf(", %lld requests, %lld retries, %lld x429",
                        static_cast<long long>(j->requests), static_cast<long long>(j->retries),
                        static_cast<long long>(j->rate_limited));
            if (j->eta_seconds)
                std::printf(", about %llds left", static_cast<long long>(*j->eta_seconds));
        }
        if (!j->started_at.empty() && j->finished_at.empty())
            std::printf(" started %s", j->started_at.c_str());
        if (!j->finished_at.empty()) std::printf(" finished %s", j->finished_at.c_str());
        if (!j->result.empty()) std::printf(": %s", j->result.c_str());
        std::printf("\n");
    };
    show("current", jobs.active());
    show("last", jobs.last_finished());
    return kDone;
}

// The limiter of this process: one for all its jobs, its window shared with every
// other process that talks to RD (a sync beside an action runner, the last run).
struct Budget {
    SteadyClock clock;
    SharedWindow window;
    RateLimiter limiter;

    // A longer window than RD's: RD counts a request when it arrives, and network
    // jitter can bring two arrivals closer together than their sends. Jitter does not
    // shrink with the window, so the margin has a floor (it only matters for the
    // compressed windows of tests; a benchmark compresses the margin too).
    static std::int64_t margin_ms(const Config& config) {
        if (config.rd_margin_ms >= 0) return config.rd_margin_ms;
        return std::max<std::int64_t>(config.rd_window_ms / 60, 1000);
    }

    explicit Budget(const Config& config)
        : window(config.rd_window_path()),
          limiter(config.rd_rate, clock, config.rd_window_ms + margin_ms(config)) {
        limiter.share_window(&window);
        limiter.set_pacing(true);
        if (const int held = limiter.in_window(); held > 0) {
            const std::string note = std::to_string(held) +
                                     " requests of an earlier run are still in RD's window" +
                                     (limiter.delay_ms() > 0 ? ": waiting for it to slide" : "");
            std::fprintf(stderr, "redriva-sync: %s\n", note.c_str());
            log_info(note);
        }
    }
};

RdClientOptions client_options(const Context& ctx, RdStatsRecorder& stats) {
    RdClientOptions options;
    options.on_request_done = [&stats](const RdCounters& counters) { stats.observe(counters); };
    options.base_url = ctx.config.rd_api_url;
    options.token = ctx.token;
    options.timeout_ms = static_cast<long>(ctx.config.rd_timeout_s) * 1000;
    return options;
}

// How a finished action job ends the command that waited for it.
int exit_code_of(const db::ActionJob& job) {
    if (job.state == JobState::kFailed) return kFailed;
    if (job.state == JobState::kCancelled || job.counts.failed > 0 || job.counts.skipped > 0)
        return kPartial;
    return kDone;
}

// On stderr: stdout is for what a command prints for scripts (the links).
void print_action(const db::ActionJob& job) {
    std::fprintf(stderr, "redriva-sync: job %lld %s %s: %s\n", static_cast<long long>(job.id),
                 std::string(action_kind_name(job.kind)).c_str(),
                 std::string(job_state_name(job.state)).c_str(), job.result.c_str());
}

// An action job that failed, or that ended with failed items, is worth a message: the
// user may have queued a long bulk job and left. A cancelled job is not (the user
// cancelled it), nor skipped items alone (a cancel, or a torrent already gone).
void notify_action_end(const Context& ctx, db::ActionQueue& queue, const db::ActionJob& job,
                       JobState state) {
    if (!ctx.notifier || !ctx.notifier->enabled()) return;
    const auto ended = queue.get(job.id);
    if (!ended) return;
    const std::string kind(action_kind_name(job.kind));
    if (state == JobState::kFailed) {
        notify_user(ctx, notify::action_failed(kind, job.id, ended->result));
        return;
    }
    if (state != JobState::kDone || ended->counts.failed == 0) return;
    std::vector<std::pair<std::string, std::string>> failed;
    for (const auto& item : queue.items(job.id)) {
        if (item.state != ItemState::kFailed) continue;
        failed.emplace_back(item.filename.empty() ? item.torrent_id : item.filename, item.reason);
        if (failed.size() == notify::kNamesQuoted) break;
    }
    notify_user(ctx,
                notify::action_items_failed(
                    kind, job.id, {ended->counts.done, ended->counts.failed, ended->counts.skipped},
                    failed));
}

// The action lane: runs queued action jobs while it holds actions.lock. With
// `wait_for`, the command's own job: when another runner holds the lane, waits
// for it to run that job (taking the lane over if that runner dies first).
int run_action_lane(Context& ctx, db::Database& db, std::optional<std::int64_t> wait_for) {
    db::ActionQueue queue(db);
    for (;;) {
        FileLock lock(ctx.config.run_dir() + "/actions.lock");
        if (lock.locked()) {
            // Holding the lock, any action still "running" lost its runner.
            if (int n = queue.requeue_abandoned(); n > 0)
                log_warn(std::to_string(n) + " interrupted action job(s) queued again");
            Budget budget(ctx.config);
            RdStatsRecorder stats(db, budget.clock);
            RdClient client(client_options(ctx, stats), budget.limiter, budget.clock);
            actions::ActionRunner runner(
                db, queue, client, budget.limiter, budget.clock, getpid(),
                static_cast<double>(ctx.config.rd_window_ms) / RateLimiter::kWindowMs);
            runner.on_finished([&](const db::ActionJob& job, JobState state) {
                notify_action_end(ctx, queue, job, state);
            });
            try {
                runner.run_queued();
            } catch (const AuthError&) {
                const std::string why = "Real-Debrid refused the API token (check RD_TOKEN)";
                std::fprintf(stderr, "redriva-sync: %s\n", why.c_str());
                log_error(why);
                return kBadToken;
            }
            if (!wait_for) return kDone;
        } else if (!lock.error().empty()) {
            std::fprintf(stderr, "redriva-sync: %s\n", lock.error().c_str());
            return kFailed;
        } else if (!wait_for) {
            std::fprintf(stderr, "redriva-sync: another action runner is running the queue\n");
            return kLocked;
        }
        const auto job = queue.get(*wait_for);
        if (!job) return kFailed;
        if (is_finished(job->state)) {
            print_action(*job);
            return exit_code_of(*job);
        }
        ::usleep(250'000);
    }
}

void refresh_account_when_stale(Context& ctx, db::Database& db, RateLimiter& limiter,
                                Clock& clock) {
    try {
        if (const auto stored = db::TorrentStore(db).get_meta(kAccountMetaKey)) {
            rapidjson::Document doc;
            doc.Parse<rapidjson::kParseIterativeFlag>(stored->data(), stored->size());
            if (!doc.HasParseError() && doc.IsObject() && doc.HasMember("updated_at") &&
                doc["updated_at"].IsString()) {
                const auto at = parse_iso8601_utc(doc["updated_at"].GetString());
                if (at && unix_now() - *at < kAccountMaxAge) return;
            }
        }
        RdStatsRecorder stats(db, clock);
        RdClient client(client_options(ctx, stats), limiter, clock);
        std::string why;
        if (!refresh_account(client, db, why)) log_warn("account not refreshed: " + why);
    } catch (const std::exception& e) {
        log_warn(std::string("account not refreshed: ") + e.what());
    }
}

// The premium's end, from the account cron keeps (read or not by this run): the
// notifier warns once per threshold (notify/notifier.h).
void warn_when_premium_ends(const Context& ctx, db::Database& db) {
    if (!ctx.notifier || !ctx.notifier->enabled()) return;
    try {
        const auto stored = db::TorrentStore(db).get_meta(kAccountMetaKey);
        if (!stored) return;
        rapidjson::Document doc;
        doc.Parse<rapidjson::kParseIterativeFlag>(stored->data(), stored->size());
        if (doc.HasParseError() || !doc.IsObject()) return;
        const auto text = [&](const char* name) {
            const auto it = doc.FindMember(name);
            return it != doc.MemberEnd() && it->value.IsString()
                       ? std::string(it->value.GetString())
                       : std::string();
        };
        const auto days = doc.FindMember("premium_days");
        if (days == doc.MemberEnd() || !days->value.IsInt64()) return;
        // A free account has no premium left: it has ended.
        const std::int64_t left = text("type") == "premium" ? days->value.GetInt64() : -1;
        ctx.notifier->check_premium(left, text("expiration"));
    } catch (const std::exception& e) {
        log_warn(std::string("premium not checked: ") + e.what());
    }
}

// cron's part in the action lane: when actions wait and no runner holds the lane
// (the web's launch failed, or a runner died), start one beside this sync.
void start_waiting_actions(const Context& ctx, db::Database& db) {
    if (!db::ActionQueue(db).any_unfinished()) return;
    FileLock probe(ctx.config.run_dir() + "/actions.lock");
    if (!probe.locked()) return;  // a runner is at work
    if (!jobs::launch_sync(jobs::sync_binary_beside_self(), "actions"))
        log_warn("could not start the action runner");
}

// redriva-sync delete|repair ID… | --status S: the job the web's bulk action would
// queue, run now.
int queue_action(Context& ctx, db::Database& db, ActionKind kind,
                 const std::vector<std::string>& ids, const std::string& status,
                 const std::string& params) {
    const std::string name(action_kind_name(kind));
    if (ids.empty() == status.empty()) {
        std::fprintf(stderr, "redriva-sync: %s takes torrent ids or --status, not both\n",
                     name.c_str());
        return kUsage;
    }
    db::ActionTargets targets_of(db);
    db::Targets targets;
    if (!status.empty()) {
        if (!is_known_status(status) && !status_group(status)) {
            std::fprintf(stderr, "redriva-sync: unknown status %s\n", status.c_str());
            return kUsage;
        }
        db::LibraryQueries library(db);
        db::ListFilter filter;
        filter.status = status;
        targets = targets_of.by_rowid(library.ordered_rowids(filter));
    } else {
        targets = targets_of.by_id(ids);
        if (!targets.unknown.empty()) {
            std::string list;
            for (const auto& id : targets.unknown) list += (list.empty() ? "" : ", ") + id;
            std::fprintf(stderr, "redriva-sync: not in the library: %s\n", list.c_str());
            return kUsage;
        }
    }
    if (targets.items.empty()) {
        std::fprintf(stderr, "redriva-sync: nothing to %s\n", name.c_str());
        return kDone;
    }
    db::ActionQueue queue(db);
    const auto queued =
        queue.enqueue(kind, "cli", params, targets.items, targets.items.size() == 1);
    if (!queued.accepted) {
        std::fprintf(stderr, "redriva-sync: job %lld already acts on %s\n",
                     static_cast<long long>(queued.job.id), queued.busy.front().c_str());
        return kLocked;
    }
    std::fprintf(stderr, "redriva-sync: %s of %zu torrents (%.1f GB): job %lld\n", name.c_str(),
                 targets.items.size(), static_cast<double>(targets.bytes) / 1e9,
                 static_cast<long long>(queued.job.id));
    return run_action_lane(ctx, db, queued.job.id);
}

// Reads a whole file (a .torrent, a hash list); nullopt when it cannot be read.
std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string{std::istreambuf_iterator<char>(in), {}};
}

// Queues `items` as one job of `kind` and runs it now (add, import).
int run_new_job(Context& ctx, db::Database& db, ActionKind kind, const std::string& params,
                const std::vector<db::NewItem>& items) {
    db::ActionQueue queue(db);
    const auto queued = queue.enqueue(kind, "cli", params, items, items.size() == 1);
    std::fprintf(stderr, "redriva-sync: %s of %zu torrents: job %lld\n",
                 std::string(action_kind_name(kind)).c_str(), items.size(),
                 static_cast<long long>(queued.job.id));
    return run_action_lane(ctx, db, queued.job.id);
}

// redriva-sync add MAGNET…|FILE.torrent…: what the add page would queue, run now.
int add_torrents(Context& ctx, db::Database& db, const std::vector<std::string>& sources,
                 const std::string& select) {
    if (select != "auto" && select != "all" && select != "manual") {
        std::fprintf(stderr, "redriva-sync: --select takes auto, all or manual\n");
        return kUsage;
    }
    std::vector<db::NewItem> items;
    std::set<std::string> seen;
    for (const std::string& source : sources) {
        db::NewItem item;
        if (source.starts_with("magnet:")) {
            auto magnet = parse_magnet(source);
            if (!magnet) {
                std::fprintf(stderr, "redriva-sync: %s\n", magnet.error().message.c_str());
                return kUsage;
            }
            item.hash = magnet->hash;
            item.filename = magnet->name;
            item.input = source;
        } else {
            const auto bytes = read_file(source);
            if (!bytes) {
                std::fprintf(stderr, "redriva-sync: cannot read %s\n", source.c_str());
                return kUsage;
            }
            auto info = parse_torrent_file(*bytes);
            if (!info) {
                std::fprintf(stderr, "redriva-sync: %s is %s\n", source.c_str(),
                             info.error().message.c_str());
                return kUsage;
            }
            item.hash = info->hash;
            item.filename = info->name;
            item.bytes = info->bytes;
            item.input = torrent_file_input(*bytes);
        }
        if (seen.insert(item.hash).second) items.push_back(std::move(item));
    }
    return run_new_job(ctx, db, ActionKind::kAdd,
                       select == "auto" ? "{}" : R"({"select":")" + select + "\"}", items);
}

// redriva-sync export [--format dmm|csv] FILE: the library (or a status of it) as a
// file, written beside its place and renamed over it (never half a file).
int export_library(db::Database& db, const std::string& format, const std::string& status,
                   const std::string& path) {
    if (format != "dmm" && format != "csv") {
        std::fprintf(stderr, "redriva-sync: --format takes dmm or csv\n");
        return kUsage;
    }
    if (!status.empty() && !is_known_status(status) && !status_group(status)) {
        std::fprintf(stderr, "redriva-sync: unknown status %s\n", status.c_str());
        return kUsage;
    }
    db::ListFilter filter;
    filter.status = status;
    jobs::ExportWriter writer(format == "dmm" ? jobs::ExportWriter::Format::kDmm
                                              : jobs::ExportWriter::Format::kCsv);
    std::size_t n = 0;
    db::LibraryExport(db).rows(db::LibraryQueries(db).ordered_rowids(filter),
                               [&](const db::ExportRow& row) {
                                   writer.add(row);
                                   ++n;
                               });
    const std::string temp = path + ".part";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << writer.finish();
        if (!out.flush()) {
            std::fprintf(stderr, "redriva-sync: cannot write %s\n", temp.c_str());
            return kFailed;
        }
    }
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        std::fprintf(stderr, "redriva-sync: cannot write %s\n", path.c_str());
        return kFailed;
    }
    std::fprintf(stderr, "redriva-sync: %zu torrents written to %s\n", n, path.c_str());
    return kDone;
}

// redriva-sync import FILE: every hash of a .dmm.json list the library lacks, added.
int import_library(Context& ctx, db::Database& db, const std::string& path) {
    const auto text = read_file(path);
    if (!text) {
        std::fprintf(stderr, "redriva-sync: cannot read %s\n", path.c_str());
        return kUsage;
    }
    auto items = jobs::parse_hash_list(*text);
    if (!items) {
        std::fprintf(stderr, "redriva-sync: %s: %s\n", path.c_str(), items.error().message.c_str());
        return kUsage;
    }
    return run_new_job(ctx, db, ActionKind::kImport, "{}", *items);
}

// redriva-sync links ID: unrestricts what is not fresh, then prints the direct URLs.
int print_links(Context& ctx, db::Database& db, const std::string& id) {
    const int code = queue_action(ctx, db, ActionKind::kLinks, {id}, "", "{}");
    if (code != kDone && code != kPartial) return code;
    for (const auto& link : db::LinkStore(db).for_torrent(id))
        std::printf("%s\n", link.download.c_str());
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    // The library, the job history and the logs are the user's: what we create is
    // not readable by other local users (0640 files, 0750 directories).
    ::umask(027);
    CLI::App cli{
        "redriva-sync: mirror your Real-Debrid library into Redriva's database.\n"
        "Token: RD_TOKEN (the token, or the path of a file readable only by you).\n"
        "Exit codes: 0 done, 1 failed, 2 usage/configuration, 3 token refused, 4 another sync "
        "(or action runner) is running, 5 some items of an action failed or were skipped."};
    cli.require_subcommand(1);
    std::string only_mode;
    for (const auto& mode : kSyncModes)
        cli.add_subcommand(std::string(mode.name), "run a " + std::string(mode.name) + " sync now");
    cli.add_subcommand("cron", "run queued jobs, and a smart sync when one is due (every minute)");
    cli.add_subcommand("actions", "run the queued actions (delete, repair, add…)");
    std::vector<std::string> action_ids;
    std::string action_status;
    bool allow_download = false;
    auto* del = cli.add_subcommand("delete", "delete torrents on Real-Debrid (to the trash), now");
    del->add_option("ID", action_ids, "Real-Debrid torrent ids");
    del->add_option("--status", action_status, "every torrent in this status (or group)");
    auto* repair = cli.add_subcommand(
        "repair", "add torrents again and delete the old ones once the new are whole, now");
    repair->add_option("ID", action_ids, "Real-Debrid torrent ids");
    repair->add_option("--status", action_status, "every torrent in this status (or group)");
    repair->add_flag("--allow-download", allow_download,
                     "keep a new copy Real-Debrid must download (not cached)");
    int per_minute = 0;
    auto* check = cli.add_subcommand(
        "check", "ask Real-Debrid whether torrents' hoster links are still served, now");
    check->add_option("ID", action_ids, "Real-Debrid torrent ids");
    check->add_option("--status", action_status, "every torrent in this status (or group)");
    check->add_option("--per-minute", per_minute, "torrents checked a minute (1-600, default 60)")
        ->check(CLI::Range(1, 600));
    std::string links_id;
    cli.add_subcommand("links", "print a torrent's direct download links, one a line")
        ->add_option("ID", links_id, "a Real-Debrid torrent id")
        ->required();
    std::vector<std::string> add_sources;
    std::string add_select = "auto";
    auto* add = cli.add_subcommand("add", "add magnets or .torrent files to Real-Debrid, now");
    add->add_option("SOURCE", add_sources, "magnet links and .torrent files")->required();
    add->add_option("--select", add_select,
                    "the files to download: auto (the videos), all, or manual (chosen later)");
    std::string export_format = "dmm", export_status, export_file, import_file;
    auto* exp = cli.add_subcommand("export", "write the library as a .dmm.json hash list or CSV");
    exp->add_option("FILE", export_file, "where to write it (replaced atomically)")->required();
    exp->add_option("--format", export_format, "dmm (Debrid Media Manager's hash list) or csv");
    exp->add_option("--status", export_status, "only the torrents in this status (or group)");
    cli.add_subcommand("import", "add every torrent of a .dmm.json hash list the library lacks")
        ->add_option("FILE", import_file, "a .dmm.json file")
        ->required();
    cli.add_subcommand("status", "show the current and the last job");
    std::string backup_file;
    cli.add_subcommand("backup", "copy the database, consistently, while everything runs")
        ->add_option("FILE", backup_file, "where to write the copy (replaced atomically)")
        ->required();
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = cli.exit(e);
        return e.get_exit_code() == 0 ? code : kUsage;
    }
    const std::string command = cli.get_subcommands().front()->get_name();

    Context ctx;
    try {
        ctx.config = load_config();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "redriva-sync: %s\n", e.what());
        return kUsage;
    }
    ::mkdir(ctx.config.data_dir.c_str(), 0750);
    init_log(ctx.config.data_dir + "/sync.log", ctx.config.log_max_bytes, ctx.config.log_files);

    try {
        db::Database db = db::open_database(ctx.config.database_path());
        // SQLite opens a file it may not write read-only, without a word: say so
        // now, before any work, rather than at the first write.
        if (sqlite3_db_readonly(db.handle(), "main") == 1)
            throw db::Error(SQLITE_READONLY, "the file cannot be opened for writing");
        // The sync reads the library once per run: a small cache is enough.
        db.exec("PRAGMA cache_size=-4096");
        db::JobQueue jobs(db);
        if (command == "status") return print_status(jobs);
        if (command == "export")
            return export_library(db, export_format, export_status, export_file);
        if (command == "backup") {
            const auto result = db::backup_database(db, backup_file);
            std::printf("redriva-sync: backup of %lld torrents (%.1f MB) written to %s\n",
                        static_cast<long long>(result.torrents),
                        static_cast<double>(result.bytes) / (1024.0 * 1024.0), backup_file.c_str());
            log_info("backup written to " + backup_file);
            return kDone;
        }

        auto token =
            resolve_token(ctx.config.rd_token,
                          ctx.config.rd_token_from_conf ? ctx.config.conf_path() : std::string());
        if (!token) {
            std::fprintf(stderr, "redriva-sync: %s\n", token.error().message.c_str());
            return kUsage;
        }
        ctx.token = std::move(*token);

        // Notifications: off without a URL; a URL kept where others may read it is
        // refused (said, never fatal). Set up before any job runs.
        const auto format = notify::parse_notify_format(ctx.config.notify_format);
        if (!format) {
            std::fprintf(stderr,
                         "redriva-sync: REDRIVA_NOTIFY_FORMAT must be json, ntfy, gotify, discord "
                         "or slack\n");
            return kUsage;
        }
        notify::NotifySettings notify_settings;
        notify_settings.format = *format;
        notify_settings.secrets = {ctx.token};
        if (auto url = resolve_notify_url(
                ctx.config.notify_url,
                ctx.config.notify_url_from_conf ? ctx.config.conf_path() : std::string(),
                ctx.config.notify_url_file_path())) {
            notify_settings.url = std::move(*url);
        } else {
            std::fprintf(stderr, "redriva-sync: %s; notifications are off\n",
                         url.error().message.c_str());
            log_warn(url.error().message + "; notifications are off");
        }
        notify::WallClock wall_clock;
        notify::CurlSender sender(notify_settings.url, kNotifyTimeoutMs);
        notify::Notifier notifier(db, std::move(notify_settings), wall_clock, sender);
        ctx.notifier = &notifier;
        // The command runs, its locks released when it returns; then what it had to
        // say is sent (a short wait for the minute holds no lock a sync waits for).
        const int exit_code = [&]() -> int {
            ::mkdir(ctx.config.run_dir().c_str(), 0750);
            {
                // The pages say "demo data" when the library comes from the bundled fake.
                db::WriteTransaction tx(db);
                db::TorrentStore(db).set_meta("demo", ctx.config.demo ? "1" : "0");
                tx.commit();
            }
            if (command == "actions") return run_action_lane(ctx, db, std::nullopt);
            if (command == "delete")
                return queue_action(ctx, db, ActionKind::kDelete, action_ids, action_status, "{}");
            if (command == "links") return print_links(ctx, db, links_id);
            if (command == "check")
                return queue_action(
                    ctx, db, ActionKind::kCheck, action_ids, action_status,
                    per_minute ? R"({"per_minute":)" + std::to_string(per_minute) + "}" : "{}");
            if (command == "add") return add_torrents(ctx, db, add_sources, add_select);
            if (command == "import") return import_library(ctx, db, import_file);
            if (command == "repair")
                return queue_action(ctx, db, ActionKind::kRepair, action_ids, action_status,
                                    allow_download ? R"({"allow_download":true})" : "{}");

            FileLock lock(ctx.config.run_dir() + "/sync.lock");
            if (!lock.locked()) {
                if (!lock.error().empty())
                    std::fprintf(stderr, "redriva-sync: %s\n", lock.error().c_str());
                else
                    std::fprintf(stderr, "redriva-sync: another sync is running\n");
                return kLocked;
            }
            // Holding the lock, any job still "running" belongs to a dead process.
            if (int n = jobs.fail_abandoned(process_alive); n > 0)
                log_warn(std::to_string(n) + " interrupted job(s) marked failed");
            if (command == "cron") start_waiting_actions(ctx, db);

            Budget budget(ctx.config);
            RateLimiter& limiter = budget.limiter;
            Clock& clock = budget.clock;

            int code = kDone;
            if (command == "cron") {
                bool ran = false;
                while (auto job = jobs.claim_next(getpid())) {
                    ran = true;
                    code = run_job(ctx, db, jobs, *job, limiter, clock);
                    if (code == kBadToken) break;
                }
                if (!ran) {
                    const auto last =
                        jobs.last_success_at(std::string(sync_mode_name(SyncMode::kSmart)));
                    const auto last_unix = last ? parse_iso8601_utc(*last) : std::nullopt;
                    if (!last_unix || unix_now() - *last_unix >= ctx.config.sync_interval_s) {
                        auto job = jobs.start_now(std::string(sync_mode_name(SyncMode::kSmart)),
                                                  "cron", getpid());
                        code = run_job(ctx, db, jobs, job, limiter, clock);
                    }
                }
                if (code == kDone) refresh_account_when_stale(ctx, db, limiter, clock);
                warn_when_premium_ends(ctx, db);
            } else {
                auto job = jobs.start_now(command, "cli", getpid());
                code = run_job(ctx, db, jobs, job, limiter, clock);
            }
            tidy(db);
            return code;
        }();
        notifier.deliver_before_exit();
        ctx.notifier = nullptr;
        return exit_code;
    } catch (const std::exception& e) {
        const std::string what = explain(e, ctx.config);
        std::fprintf(stderr, "redriva-sync: %s\n", what.c_str());
        log_error("redriva-sync: " + what);
        return kFailed;
    }
}
