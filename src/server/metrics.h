// Pool-wide metrics in one shared-memory block: the master maps it before
// forking, each worker writes only its own slot with atomic counters, and any
// worker can sum every slot for /api/metrics. A slot's counters survive its
// worker (a respawned worker continues them), so totals cover the whole pool.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace redriva::server {

inline constexpr int kMaxWorkers = 256;
inline constexpr int kPathLength = 120;

// Requests are counted by route: the application numbers its routes (0..n-1) and
// tells the server which one answered (Response::route_index); the last place
// counts the requests no route answered (unknown addresses, refused requests).
inline constexpr int kMaxRoutes = 128;
inline constexpr int kNoRoute = kMaxRoutes - 1;

// The statuses counted one by one: those the application answers. Any other is
// counted with its class ("2xx"…"5xx", and "other" outside 100-599).
inline constexpr std::array<int, 21> kCountedStatuses = {200, 202, 204, 301, 302, 303, 304,
                                                         400, 401, 403, 404, 405, 409, 410,
                                                         413, 415, 422, 429, 500, 502, 503};
inline constexpr int kStatusSlots = static_cast<int>(kCountedStatuses.size()) + 6;
int status_slot(int status);
// "200", or "4xx" for a status counted with its class.
std::string status_label(int slot);

// The upper bounds of the request-duration histogram, in microseconds (the last
// slot counts the rest: Prometheus' +Inf). A cached page takes ~0.1 ms, a
// rendered list ~1 ms, a slow export seconds.
inline constexpr std::array<std::int64_t, 14> kDurationBoundsUs = {
    250,    500,     1'000,   2'500,   5'000,     10'000,    25'000,
    50'000, 100'000, 250'000, 500'000, 1'000'000, 2'500'000, 10'000'000};
inline constexpr int kDurationSlots = static_cast<int>(kDurationBoundsUs.size()) + 1;
int duration_slot(std::int64_t elapsed_us);

// One route's counters, pool-wide: every worker adds to them (relaxed atomics;
// a scrape reads each counter once, not a consistent cut).
struct RouteCounters {
    std::atomic<std::uint64_t> by_status[kStatusSlots] = {};
    std::atomic<std::uint64_t> by_duration[kDurationSlots] = {};  // not cumulative
    std::atomic<std::uint64_t> total_us{0};
};

// The worker's response caches, as web/app.cpp names them.
enum class CacheKind { kLibrary, kList, kState };
inline constexpr int kCacheKinds = 3;

struct WorkerSlot {
    std::atomic<std::int32_t> pid{0};
    std::atomic<std::uint64_t> requests{0};             // completed, all generations of the slot
    std::atomic<std::uint64_t> errors{0};               // 5xx answered
    std::atomic<std::uint64_t> total_us{0};             // time spent in handlers
    std::atomic<std::uint64_t> syncs{0};                // sync jobs accepted
    std::atomic<std::uint64_t> generation_requests{0};  // by the current process
    std::atomic<std::int64_t> busy_since_ms{0};         // monotonic ms; 0 when idle
    std::atomic<std::int64_t> started_ms{0};            // monotonic ms the process started
    std::atomic<std::uint64_t> cache_hits[kCacheKinds] = {};
    std::atomic<std::uint64_t> cache_misses[kCacheKinds] = {};
    char current_path[kPathLength] = {};  // diagnostics only: not synchronised
};

struct PoolMetrics {
    std::int64_t started_unix = 0;
    std::int64_t started_ms = 0;
    std::int32_t slot_count = 0;
    std::atomic<std::uint64_t> respawns{0};  // workers replaced after a crash
    std::atomic<std::uint64_t> recycled{0};  // workers replaced after max requests
    std::atomic<std::uint64_t> timeouts{0};  // workers killed for a stuck request
    WorkerSlot slots[kMaxWorkers];
    RouteCounters routes[kMaxRoutes];
};

// Counts one answered request: its route (kNoRoute when none), status and time.
void record_request(PoolMetrics& metrics, int route_index, int status, std::int64_t elapsed_us);

static_assert(std::atomic<std::uint64_t>::is_always_lock_free,
              "cross-process counters need lock-free atomics");

// Maps an anonymous shared block (inherited by forked workers). Never unmapped.
PoolMetrics* create_shared_metrics(int slot_count);

// A process-local block for tests and single-process use, freed with its owner.
struct FreeLocalMetrics {
    void operator()(PoolMetrics* metrics) const;
};
using LocalMetrics = std::unique_ptr<PoolMetrics, FreeLocalMetrics>;
LocalMetrics create_local_metrics(int slot_count);

struct MetricsSnapshot {
    double uptime_seconds = 0;
    std::uint64_t request_count = 0, error_count = 0, sync_count = 0;
    double avg_response_ms = 0;
    double requests_per_second = 0;
    std::uint64_t respawns = 0, recycled = 0, timeouts = 0;
};

MetricsSnapshot summarize(const PoolMetrics& metrics);

// Slots with a live process.
int running_workers(const PoolMetrics& metrics);
// Of those, the ones answering a request now.
int busy_workers(const PoolMetrics& metrics);

}  // namespace redriva::server
