#include "sync/rate_limiter.h"

#include <chrono>
#include <iterator>
#include <stdexcept>
#include <thread>

#include "common/clock.h"

namespace redriva::sync {

std::int64_t SteadyClock::now_ms() {
    return monotonic_ms();
}

void SteadyClock::sleep_ms(std::int64_t ms) {
    if (ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

RateLimiter::RateLimiter(int per_minute, Clock& clock, std::int64_t window_ms)
    : per_minute_(per_minute), limit_(per_minute), window_ms_(window_ms), clock_(&clock) {
    if (per_minute < 1) throw std::invalid_argument("rate limit must be at least 1 per minute");
    if (window_ms < 1) throw std::invalid_argument("rate window must be positive");
}

// A grant at g counts for sends in [g, g + window): the window is half-open, so the
// (R+1)-th send may go exactly one window after the first.
void RateLimiter::forget_expired(std::int64_t now) {
    while (!by_time_.empty() && by_time_.begin()->first + window_ms_ <= now) {
        time_of_.erase(by_time_.begin()->second);
        by_time_.erase(by_time_.begin());
    }
}

void RateLimiter::recover(std::int64_t now) {
    // A step up after each whole window without a refusal, and no sooner than a
    // window after the last change.
    if (limit_ >= per_minute_ || now - refused_ms_ < window_ms_ ||
        now - std::max(increased_ms_, decreased_ms_) < window_ms_)
        return;
    limit_ = std::min(per_minute_, limit_ + std::max(1, per_minute_ / 8));
    increased_ms_ = now;
}

void RateLimiter::slow_down() {
    const std::int64_t now = clock_->now_ms();
    refused_ms_ = now;
    // The 429s of one window answer the same excess: one halving for them all.
    if (now - decreased_ms_ < window_ms_) return;
    limit_ = std::max(1, limit_ / 2);
    decreased_ms_ = now;
}

int RateLimiter::current_limit() {
    recover(clock_->now_ms());
    return limit_;
}

std::int64_t RateLimiter::delay_ms() {
    const std::int64_t now = clock_->now_ms();
    forget_expired(now);
    recover(now);
    const auto held = static_cast<std::int64_t>(by_time_.size());
    if (held < limit_) return 0;
    // A late mark_sent may leave more than R in the window: the next grant waits until
    // all but R-1 of them have expired.
    auto must_expire = std::next(by_time_.begin(), held - limit_);
    return must_expire->first + window_ms_ - now;
}

RateLimiter::~RateLimiter() {
    journal_changed(true);
}

void RateLimiter::record(std::int64_t at) {
    const GrantId id = next_id_++;
    by_time_.emplace(at, id);
    time_of_.emplace(id, at);
}

std::optional<RateLimiter::GrantId> RateLimiter::try_grant() {
    if (delay_ms() > 0) return std::nullopt;
    const GrantId id = next_id_;
    record(clock_->now_ms());
    journal_changed(false);
    return id;
}

void RateLimiter::keep_journal(const RateJournal* journal) {
    journal_ = journal;
    if (!journal_) return;
    const std::int64_t now = clock_->now_ms();
    for (std::int64_t at : journal_->load(now, window_ms_)) record(at);
    journal_saved_ms_ = now;
}

std::vector<std::int64_t> RateLimiter::sends() {
    forget_expired(clock_->now_ms());
    std::vector<std::int64_t> out;
    out.reserve(by_time_.size());
    for (const auto& [at, id] : by_time_) out.push_back(at);
    return out;
}

void RateLimiter::journal_changed(bool force) {
    if (!journal_) return;
    const std::int64_t now = clock_->now_ms();
    if (!force) {
        journal_dirty_ = true;
        if (now - journal_saved_ms_ < kJournalEveryMs) return;
    } else if (!journal_dirty_) {
        return;
    }
    journal_->save(sends());
    journal_dirty_ = false;
    journal_saved_ms_ = now;
}

void RateLimiter::mark_sent(GrantId id) {
    const std::int64_t now = clock_->now_ms();
    forget_expired(now);
    auto it = time_of_.find(id);
    if (it == time_of_.end()) {
        if (id == 0 || id >= next_id_) return;  // never granted: nothing was sent
        time_of_.emplace(id, now);
        by_time_.emplace(now, id);
    } else {
        if (it->second >= now) return;
        by_time_.erase({it->second, id});
        by_time_.emplace(now, id);
        it->second = now;
    }
    journal_changed(false);
}

void RateLimiter::acquire() {
    while (!try_acquire()) clock_->sleep_ms(delay_ms());
}

int RateLimiter::in_window() {
    forget_expired(clock_->now_ms());
    return static_cast<int>(by_time_.size());
}

}  // namespace redriva::sync
