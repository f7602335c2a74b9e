// Pool-wide metrics in one shared-memory block: the master maps it before
// forking, each worker writes only its own slot with atomic counters, and any
// worker can sum every slot for /api/metrics. A slot's counters survive its
// worker (a respawned worker continues them), so totals cover the whole pool.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

namespace redriva::server {

inline constexpr int kMaxWorkers = 256;
inline constexpr int kPathLength = 120;

struct WorkerSlot {
    std::atomic<std::int32_t> pid{0};
    std::atomic<std::uint64_t> requests{0};             // completed, all generations of the slot
    std::atomic<std::uint64_t> errors{0};               // 5xx answered
    std::atomic<std::uint64_t> total_us{0};             // time spent in handlers
    std::atomic<std::uint64_t> syncs{0};                // sync jobs accepted
    std::atomic<std::uint64_t> generation_requests{0};  // by the current process
    std::atomic<std::int64_t> busy_since_ms{0};         // monotonic ms; 0 when idle
    std::atomic<std::int64_t> started_ms{0};            // monotonic ms the process started
    char current_path[kPathLength] = {};                // diagnostics only: not synchronised
};

struct PoolMetrics {
    std::int64_t started_unix = 0;
    std::int64_t started_ms = 0;
    std::int32_t slot_count = 0;
    std::atomic<std::uint64_t> respawns{0};  // workers replaced after a crash
    std::atomic<std::uint64_t> recycled{0};  // workers replaced after max requests
    std::atomic<std::uint64_t> timeouts{0};  // workers killed for a stuck request
    WorkerSlot slots[kMaxWorkers];
};

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

}  // namespace redriva::server
