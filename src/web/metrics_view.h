// /metrics: the pool's counters, the database's figures and the request window, in
// Prometheus' text format. Names start with "redriva_"; durations are in seconds,
// sizes in bytes, times in Unix seconds, as Prometheus' conventions ask.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "db/job_queue.h"
#include "db/metrics_queries.h"
#include "server/metrics.h"
#include "web/routes.h"

namespace redriva::web {

struct MetricsInputs {
    const server::PoolMetrics& pool;
    std::span<const Route> routes;  // in the order of their route_index
    const db::MetricsFigures& figures;
    std::optional<db::SyncJob> last_sync;  // the last sync that ended (done or failed)
    std::int64_t window_sends = 0;         // requests to RD in the current window, every process
    int window_limit = 0;                  // what the window allows (REDRIVA_RD_RATE)
    std::optional<std::int64_t> database_bytes, wal_bytes;
};

std::string prometheus_metrics(const MetricsInputs& in);

}  // namespace redriva::web
