#include "server/metrics.h"

#include <sys/mman.h>

#include <new>
#include <stdexcept>
#include <string>

#include "common/clock.h"

namespace redriva::server {

namespace {
PoolMetrics* init(void* memory, int slot_count) {
    auto* m = new (memory) PoolMetrics();
    m->slot_count = slot_count;
    m->started_unix = unix_now();
    m->started_ms = monotonic_ms();
    return m;
}
}  // namespace

PoolMetrics* create_shared_metrics(int slot_count) {
    if (slot_count < 1 || slot_count > kMaxWorkers)
        throw std::runtime_error("the pool holds at most " + std::to_string(kMaxWorkers / 2) +
                                 " workers");
    void* p = mmap(nullptr, sizeof(PoolMetrics), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                   -1, 0);
    if (p == MAP_FAILED) throw std::runtime_error("cannot map shared metrics");
    return init(p, slot_count);
}

void FreeLocalMetrics::operator()(PoolMetrics* metrics) const {
    metrics->~PoolMetrics();
    ::operator delete(metrics);
}

LocalMetrics create_local_metrics(int slot_count) {
    return LocalMetrics(init(::operator new(sizeof(PoolMetrics)), slot_count));
}

MetricsSnapshot summarize(const PoolMetrics& m) {
    MetricsSnapshot s;
    std::uint64_t total_us = 0;
    for (int i = 0; i < m.slot_count; ++i) {
        const auto& slot = m.slots[i];
        s.request_count += slot.requests.load(std::memory_order_relaxed);
        s.error_count += slot.errors.load(std::memory_order_relaxed);
        s.sync_count += slot.syncs.load(std::memory_order_relaxed);
        total_us += slot.total_us.load(std::memory_order_relaxed);
    }
    s.uptime_seconds = static_cast<double>(monotonic_ms() - m.started_ms) / 1000.0;
    if (s.request_count > 0)
        s.avg_response_ms =
            static_cast<double>(total_us) / 1000.0 / static_cast<double>(s.request_count);
    if (s.uptime_seconds > 0)
        s.requests_per_second = static_cast<double>(s.request_count) / s.uptime_seconds;
    s.respawns = m.respawns.load();
    s.recycled = m.recycled.load();
    s.timeouts = m.timeouts.load();
    return s;
}

int status_slot(int status) {
    for (std::size_t i = 0; i < kCountedStatuses.size(); ++i)
        if (kCountedStatuses[i] == status) return static_cast<int>(i);
    const int counted = static_cast<int>(kCountedStatuses.size());
    return status >= 100 && status <= 599 ? counted + status / 100 - 1 : counted + 5;
}

std::string status_label(int slot) {
    const int counted = static_cast<int>(kCountedStatuses.size());
    if (slot < counted) return std::to_string(kCountedStatuses[static_cast<std::size_t>(slot)]);
    if (slot < counted + 5) return std::to_string(slot - counted + 1) + "xx";
    return "other";
}

int duration_slot(std::int64_t elapsed_us) {
    for (std::size_t i = 0; i < kDurationBoundsUs.size(); ++i)
        if (elapsed_us <= kDurationBoundsUs[i]) return static_cast<int>(i);
    return kDurationSlots - 1;
}

void record_request(PoolMetrics& m, int route_index, int status, std::int64_t elapsed_us) {
    if (route_index < 0 || route_index >= kMaxRoutes) route_index = kNoRoute;
    RouteCounters& r = m.routes[route_index];
    r.by_status[status_slot(status)].fetch_add(1, std::memory_order_relaxed);
    r.by_duration[duration_slot(elapsed_us)].fetch_add(1, std::memory_order_relaxed);
    r.total_us.fetch_add(static_cast<std::uint64_t>(elapsed_us > 0 ? elapsed_us : 0),
                         std::memory_order_relaxed);
}

int busy_workers(const PoolMetrics& m) {
    int n = 0;
    for (int i = 0; i < m.slot_count; ++i)
        if (m.slots[i].pid.load() != 0 && m.slots[i].busy_since_ms.load() != 0) ++n;
    return n;
}

int running_workers(const PoolMetrics& m) {
    int n = 0;
    for (int i = 0; i < m.slot_count; ++i)
        if (m.slots[i].pid.load() != 0) ++n;
    return n;
}

}  // namespace redriva::server
