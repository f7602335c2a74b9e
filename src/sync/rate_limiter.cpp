#include "sync/rate_limiter.h"

#include <chrono>
#include <stdexcept>
#include <thread>

#include "common/clock.h"

namespace redriva {

std::int64_t SteadyClock::now_ms() {
    return monotonic_ms();
}

void SteadyClock::sleep_ms(std::int64_t ms) {
    if (ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

RateLimiter::RateLimiter(int per_minute, Clock& clock, std::int64_t window_ms)
    : per_minute_(per_minute), window_ms_(window_ms), clock_(&clock) {
    if (per_minute < 1) throw std::invalid_argument("rate limit must be at least 1 per minute");
    if (window_ms < 1) throw std::invalid_argument("rate window must be positive");
}

// A grant at g counts for sends in [g, g + window): the window is half-open, so the
// (R+1)-th send may go exactly one window after the first.
void RateLimiter::forget_expired(std::int64_t now) {
    while (!grants_.empty() && grants_.front() + window_ms_ <= now) grants_.pop_front();
}

std::int64_t RateLimiter::delay_ms() {
    const std::int64_t now = clock_->now_ms();
    forget_expired(now);
    if (static_cast<int>(grants_.size()) < per_minute_) return 0;
    // grants_ never holds more than R entries, so the front is the one that must expire.
    return grants_.front() + window_ms_ - now;
}

bool RateLimiter::try_acquire() {
    if (delay_ms() > 0) return false;
    grants_.push_back(clock_->now_ms());
    return true;
}

void RateLimiter::acquire() {
    while (!try_acquire()) clock_->sleep_ms(delay_ms());
}

int RateLimiter::in_window() {
    forget_expired(clock_->now_ms());
    return static_cast<int>(grants_.size());
}

}  // namespace redriva
