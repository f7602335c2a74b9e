// Prometheus' scrape: the pool's counters from shared memory, the rest read now.
#include <sys/stat.h>

#include "common/clock.h"
#include "web/handlers.h"
#include "web/metrics_view.h"
#include "web/prometheus_text.h"

namespace redriva::web {

namespace {

std::optional<std::int64_t> file_size(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    return static_cast<std::int64_t>(st.st_size);
}

}  // namespace

Response Handlers::metrics(const Call&) {
    const db::MetricsFigures figures = metrics_queries_.read();
    // Owner 0 is nobody's: every process's sends are counted.
    const auto window =
        rd_window_.peek(0, monotonic_ms(), static_cast<std::int64_t>(config_.rd_window_ms));
    std::int64_t sends = 0;
    for (const auto& group : window.sends) sends += group.count;
    const std::string database = config_.database_path();
    const MetricsInputs in{.pool = *metrics_,
                           .routes = routes(config_.test_routes),
                           .figures = figures,
                           .last_sync = jobs_.last_finished(),
                           .window_sends = sends,
                           .window_limit = config_.rd_rate,
                           .database_bytes = file_size(database),
                           .wal_bytes = file_size(database + "-wal")};
    Response r;
    r.content_type = kPrometheusContentType;
    r.body = prometheus_metrics(in);
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

}  // namespace redriva::web
