#include "sync/rd_stats_recorder.h"

#include <exception>
#include <string>

#include "common/log.h"

namespace redriva::sync {

RdStatsRecorder::RdStatsRecorder(db::Database& db, Clock& clock) : stats_(db), clock_(clock) {}

RdStatsRecorder::~RdStatsRecorder() {
    flush();
}

void RdStatsRecorder::observe(const RdTally& now) {
    latest_ = now;
    const std::int64_t at = clock_.now_ms();
    if (last_write_ms_ < 0) last_write_ms_ = at;  // the first request: wait for company
    if (at - last_write_ms_ >= kEveryMs) flush();
}

void RdStatsRecorder::flush() noexcept {
    last_write_ms_ = clock_.now_ms();
    const RdTally delta = latest_.since(written_);
    if (delta.empty()) return;
    try {
        stats_.add(delta);
        written_ = latest_;
    } catch (const std::exception& e) {
        log_warn(std::string("request counts not recorded yet: ") + e.what());
    }
}

}  // namespace redriva::sync
