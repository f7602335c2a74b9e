// Adds a process's RD counters to the database's running totals (db/rd_stats.h):
// every few seconds while requests go on, and what is left when it ends. Metrics
// are never a reason to fail a sync: a write that fails (the database busy past its
// timeout, a full disk) is kept for the next one.
#pragma once

#include <cstdint>

#include "common/rd_tally.h"
#include "db/rd_stats.h"
#include "db/sqlite.h"
#include "sync/rate_limiter.h"

namespace redriva::sync {

class RdStatsRecorder {
public:
    RdStatsRecorder(db::Database& db, Clock& clock);
    // Writes what is left.
    ~RdStatsRecorder();
    RdStatsRecorder(const RdStatsRecorder&) = delete;
    RdStatsRecorder& operator=(const RdStatsRecorder&) = delete;

    // RdClientOptions::on_request_done: `now` is the client's running tally.
    void observe(const RdTally& now);
    void flush() noexcept;

    static constexpr std::int64_t kEveryMs = 5'000;

private:
    db::RdStats stats_;
    Clock& clock_;
    RdTally latest_;
    RdTally written_;
    std::int64_t last_write_ms_ = -1;
};

}  // namespace redriva::sync
