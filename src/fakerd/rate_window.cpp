#include "fakerd/rate_window.h"

#include <algorithm>
#include <utility>

#include "common/clock.h"

namespace redriva::fakerd {

RateWindow::RateWindow(std::size_t limit, std::int64_t window_ms, Clock clock)
    : limit_(limit), window_ms_(window_ms), clock_(std::move(clock)) {
    if (!clock_) clock_ = [] { return monotonic_ms(); };
}

void RateWindow::evict_locked(std::int64_t now) {
    // The window is (now - window, now]: a request exactly one window ago is out.
    while (!times_.empty() && times_.front() <= now - window_ms_) times_.pop_front();
}

bool RateWindow::admit() {
    // The clock is read under the lock: two threads that read it before locking
    // could push their times out of order, and an old time stuck behind a newer
    // one is never evicted, counting a request twice (a false 429).
    std::lock_guard lock(mutex_);
    const std::int64_t now = clock_();
    evict_locked(now);
    bool allowed = limit_ == 0 || times_.size() < limit_;
    times_.push_back(now);
    max_in_window_ = std::max(max_in_window_, times_.size());
    return allowed;
}

std::size_t RateWindow::in_window() {
    std::lock_guard lock(mutex_);
    const std::int64_t now = clock_();
    evict_locked(now);
    return times_.size();
}

std::size_t RateWindow::max_in_window() const {
    std::lock_guard lock(mutex_);
    return max_in_window_;
}

}  // namespace redriva::fakerd
