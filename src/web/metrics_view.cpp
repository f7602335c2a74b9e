#include "web/metrics_view.h"

#include <array>
#include <vector>

#include "common/clock.h"
#include "domain/job.h"
#include "web/prometheus_text.h"

namespace redriva::web {

namespace {

using server::kDurationBoundsUs;
using server::kDurationSlots;
using server::kStatusSlots;

constexpr std::array<const char*, server::kCacheKinds> kCacheNames = {"library", "list", "state"};

double seconds_of_us(std::uint64_t us) {
    return static_cast<double>(us) / 1e6;
}

// The route's labels: its method and pattern, or "none" for requests no route took.
std::pair<std::string_view, std::string_view> route_labels(const MetricsInputs& in, int index) {
    if (index < static_cast<int>(in.routes.size()))
        return {in.routes[static_cast<std::size_t>(index)].method,
                in.routes[static_cast<std::size_t>(index)].pattern};
    return {"", "none"};
}

std::vector<int> counted_routes(const MetricsInputs& in) {
    std::vector<int> out;
    for (int i = 0; i < server::kMaxRoutes; ++i) {
        if (i >= static_cast<int>(in.routes.size()) && i != server::kNoRoute) continue;
        const auto& r = in.pool.routes[i];
        std::uint64_t n = 0;
        for (const auto& c : r.by_duration) n += c.load(std::memory_order_relaxed);
        if (n > 0) out.push_back(i);
    }
    return out;
}

void write_requests(PrometheusText& t, const MetricsInputs& in) {
    const std::vector<int> used = counted_routes(in);
    t.family("redriva_http_requests_total", "counter",
             "Requests answered by the web workers, by route and status.");
    for (int i : used) {
        const auto [method, route] = route_labels(in, i);
        for (int s = 0; s < kStatusSlots; ++s) {
            const std::uint64_t n = in.pool.routes[i].by_status[s].load(std::memory_order_relaxed);
            if (n == 0) continue;
            const std::string status = server::status_label(s);
            t.sample("redriva_http_requests_total",
                     {{"method", method}, {"route", route}, {"status", status}}, n);
        }
    }
    t.family("redriva_http_request_duration_seconds", "histogram",
             "Time the web workers took to answer, by route (from reading the request to "
             "the last byte handed to nginx).");
    for (int i : used) {
        const auto [method, route] = route_labels(in, i);
        const auto& r = in.pool.routes[i];
        std::uint64_t cumulative = 0;
        for (int b = 0; b < kDurationSlots; ++b) {
            cumulative += r.by_duration[b].load(std::memory_order_relaxed);
            const std::string le =
                b < static_cast<int>(kDurationBoundsUs.size())
                    ? prometheus_number(
                          static_cast<double>(kDurationBoundsUs[static_cast<std::size_t>(b)]) / 1e6)
                    : std::string("+Inf");
            t.sample("redriva_http_request_duration_seconds_bucket",
                     {{"method", method}, {"route", route}, {"le", le}}, cumulative);
        }
        t.sample("redriva_http_request_duration_seconds_sum",
                 {{"method", method}, {"route", route}},
                 seconds_of_us(r.total_us.load(std::memory_order_relaxed)));
        t.sample("redriva_http_request_duration_seconds_count",
                 {{"method", method}, {"route", route}}, cumulative);
    }
}

void write_workers(PrometheusText& t, const MetricsInputs& in) {
    const int running = server::running_workers(in.pool);
    const int busy = server::busy_workers(in.pool);
    t.family("redriva_workers", "gauge", "Web worker processes, by what they are doing now.");
    t.sample("redriva_workers", {{"state", "busy"}}, busy);
    t.sample("redriva_workers", {{"state", "idle"}}, running - busy);
    t.family("redriva_worker_restarts_total", "counter",
             "Web workers replaced by the pool's master, by why.");
    t.sample("redriva_worker_restarts_total", {{"reason", "crashed"}}, in.pool.respawns.load());
    t.sample("redriva_worker_restarts_total", {{"reason", "recycled"}}, in.pool.recycled.load());
    t.sample("redriva_worker_restarts_total", {{"reason", "timed_out"}}, in.pool.timeouts.load());
    t.family("redriva_web_start_time_seconds", "gauge",
             "When the web pool started, in Unix seconds.");
    t.sample("redriva_web_start_time_seconds", {}, in.pool.started_unix);

    std::array<std::uint64_t, server::kCacheKinds> hits{}, misses{};
    for (int i = 0; i < in.pool.slot_count; ++i)
        for (std::size_t k = 0; k < hits.size(); ++k) {
            hits[k] += in.pool.slots[i].cache_hits[k].load(std::memory_order_relaxed);
            misses[k] += in.pool.slots[i].cache_misses[k].load(std::memory_order_relaxed);
        }
    t.family("redriva_page_cache_hits_total", "counter",
             "Answers sent from a worker's cache of rendered pages and JSON, by cache.");
    for (std::size_t k = 0; k < hits.size(); ++k)
        t.sample("redriva_page_cache_hits_total", {{"cache", kCacheNames[k]}}, hits[k]);
    t.family("redriva_page_cache_misses_total", "counter",
             "Cacheable answers a worker had to render, by cache.");
    for (std::size_t k = 0; k < misses.size(); ++k)
        t.sample("redriva_page_cache_misses_total", {{"cache", kCacheNames[k]}}, misses[k]);
}

// Every job kind: the sync modes, then the actions.
std::vector<std::string_view> job_kinds() {
    std::vector<std::string_view> kinds;
    for (const auto& mode : kSyncModes) kinds.push_back(mode.name);
    for (const auto& action : kActionKinds) kinds.push_back(action.name);
    return kinds;
}

// Every kind, each state: a kind that never ran still has its series (at 0), so an
// alert on "failed increased" works from the first failure.
void write_jobs(PrometheusText& t, const MetricsInputs& in) {
    auto count = [&](std::string_view kind, JobState state) {
        for (const auto& row : in.figures.jobs)
            if (row.kind == kind && row.state == job_state_name(state)) return row.jobs;
        return std::int64_t{0};
    };
    // A finished state is an outcome (a counter); the others are what is pending now.
    auto write = [&](const char* name, const char* type, const char* help, const char* label,
                     bool finished) {
        t.family(name, type, help);
        for (std::string_view kind : job_kinds())
            for (const auto& state : kJobStates)
                if (is_finished(state.value) == finished)
                    t.sample(name, {{"kind", kind}, {label, state.name}}, count(kind, state.value));
    };
    write("redriva_jobs_finished_total", "counter",
          "Sync and action jobs that ended, by kind and outcome.", "outcome", true);
    write("redriva_jobs_active", "gauge", "Sync and action jobs queued or running, by kind.",
          "state", false);
}

void write_real_debrid(PrometheusText& t, const MetricsInputs& in) {
    const RdTally& rd = in.figures.rd;
    t.family("redriva_rd_requests_total", "counter",
             "Requests sent to Real-Debrid by every sync and action run, retries included.");
    t.sample("redriva_rd_requests_total", {}, rd.requests_sent);
    t.family("redriva_rd_retries_total", "counter", "Requests to Real-Debrid sent again.");
    t.sample("redriva_rd_retries_total", {}, rd.retries);
    t.family("redriva_rd_rate_limited_total", "counter",
             "Real-Debrid's 429 answers (too many requests).");
    t.sample("redriva_rd_rate_limited_total", {}, rd.rate_limited);
    t.family("redriva_rd_errors_total", "counter",
             "Requests to Real-Debrid that failed: network errors, 429, 5xx and other 4xx.");
    t.sample("redriva_rd_errors_total", {}, rd.errors);
    t.family("redriva_rd_request_duration_seconds", "histogram",
             "Time Real-Debrid took to answer a request.");
    std::int64_t cumulative = 0;
    for (std::size_t b = 0; b < kRdLatencySlots; ++b) {
        cumulative += rd.latency[b];
        const std::string le =
            b < kRdLatencyBoundsMs.size()
                ? prometheus_number(static_cast<double>(kRdLatencyBoundsMs[b]) / 1000.0)
                : std::string("+Inf");
        t.sample("redriva_rd_request_duration_seconds_bucket", {{"le", le}}, cumulative);
    }
    t.sample("redriva_rd_request_duration_seconds_sum", {},
             static_cast<double>(rd.latency_total_us) / 1e6);
    t.sample("redriva_rd_request_duration_seconds_count", {}, cumulative);
    t.family("redriva_rd_window_requests", "gauge",
             "Requests to Real-Debrid in the rate limiter's current window (a minute), every "
             "process together.");
    t.sample("redriva_rd_window_requests", {}, in.window_sends);
    t.family("redriva_rd_window_limit", "gauge", "Requests the rate limiter allows in its window.");
    t.sample("redriva_rd_window_limit", {}, in.window_limit);
}

void write_library(PrometheusText& t, const MetricsInputs& in) {
    t.family("redriva_torrents", "gauge", "Torrents in the library, by Real-Debrid status.");
    for (const auto& row : in.figures.library)
        t.sample("redriva_torrents", {{"status", row.status}}, row.torrents);
    t.family("redriva_torrent_bytes", "gauge",
             "Size of the torrents in the library, by Real-Debrid status.");
    for (const auto& row : in.figures.library)
        t.sample("redriva_torrent_bytes", {{"status", row.status}}, row.bytes);

    if (const auto& last = in.last_sync) {
        t.family("redriva_last_sync_timestamp_seconds", "gauge",
                 "When the last sync ended, in Unix seconds, by its mode.");
        t.sample("redriva_last_sync_timestamp_seconds", {{"mode", last->type}},
                 parse_iso8601_utc(last->finished_at).value_or(0));
        t.family("redriva_last_sync_success", "gauge",
                 "Whether the last sync ended well (1) or failed (0), by its mode.");
        t.sample("redriva_last_sync_success", {{"mode", last->type}},
                 last->state == JobState::kDone ? 1 : 0);
    }
    if (in.figures.last_success_unix) {
        t.family("redriva_last_successful_sync_timestamp_seconds", "gauge",
                 "When a sync last ended well, in Unix seconds.");
        t.sample("redriva_last_successful_sync_timestamp_seconds", {},
                 *in.figures.last_success_unix);
    }
    t.family("redriva_database_bytes", "gauge",
             "Size of the SQLite database's files: the database and its write-ahead log.");
    if (in.database_bytes) t.sample("redriva_database_bytes", {{"file", "db"}}, *in.database_bytes);
    if (in.wal_bytes) t.sample("redriva_database_bytes", {{"file", "wal"}}, *in.wal_bytes);
}

}  // namespace

std::string prometheus_metrics(const MetricsInputs& in) {
    PrometheusText t;
    write_requests(t, in);
    write_workers(t, in);
    write_jobs(t, in);
    write_real_debrid(t, in);
    write_library(t, in);
    return t.text();
}

}  // namespace redriva::web
