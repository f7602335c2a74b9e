#include "db/rd_stats.h"

#include <string>

namespace redriva::db {

namespace {

// The rows of rd_stats: one per counter, one per latency slot ("latency_le_<ms>",
// "latency_le_inf") and the latencies' sum.
std::string latency_name(std::size_t slot) {
    return slot < kRdLatencyBoundsMs.size()
               ? "latency_le_" + std::to_string(kRdLatencyBoundsMs[slot])
               : std::string("latency_le_inf");
}

constexpr int kFixedRows = 5;  // requests, retries, rate_limited, errors, latency_us

std::string add_sql() {
    std::string sql = "INSERT INTO rd_stats (name, value) VALUES ";
    const std::size_t rows = kFixedRows + kRdLatencySlots;
    for (std::size_t i = 0; i < rows; ++i) sql += i == 0 ? "(?, ?)" : ", (?, ?)";
    return sql + " ON CONFLICT (name) DO UPDATE SET value = value + excluded.value";
}

}  // namespace

RdStats::RdStats(Database& db)
    : add_(db.prepare(add_sql())), read_(db.prepare("SELECT name, value FROM rd_stats")) {}

void RdStats::add(const RdTally& d) {
    auto use = add_.use();
    int i = 1;
    auto row = [&](const std::string& name, std::int64_t value) {
        use.bind(i++, name);
        use.bind(i++, value);
    };
    row("requests", d.requests_sent);
    row("retries", d.retries);
    row("rate_limited", d.rate_limited);
    row("errors", d.errors);
    row("latency_us", d.latency_total_us);
    for (std::size_t slot = 0; slot < kRdLatencySlots; ++slot)
        row(latency_name(slot), d.latency[slot]);
    use.run();
}

RdTally RdStats::totals() {
    RdTally t;
    auto use = read_.use();
    while (use.step()) {
        const std::string_view name = use.text(0);
        const std::int64_t value = use.int64(1);
        if (name == "requests")
            t.requests_sent = value;
        else if (name == "retries")
            t.retries = value;
        else if (name == "rate_limited")
            t.rate_limited = value;
        else if (name == "errors")
            t.errors = value;
        else if (name == "latency_us")
            t.latency_total_us = value;
        else
            for (std::size_t slot = 0; slot < kRdLatencySlots; ++slot)
                if (name == latency_name(slot)) t.latency[slot] = value;
    }
    return t;
}

}  // namespace redriva::db
