// Real-Debrid's rate limit as the fake server enforces it: a sliding window.
//
// A request at time t is allowed iff fewer than `limit` requests happened in
// (t - window, t]. Refused requests are recorded too, because RD counts them: a
// client that keeps knocking after a 429 stays locked out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>

namespace redriva::fakerd {

class RateWindow {
public:
    using Clock = std::function<std::int64_t()>;  // milliseconds, monotonic

    // `limit` 0 means no limit (requests are still counted for the statistics).
    explicit RateWindow(std::size_t limit, std::int64_t window_ms = 60'000, Clock clock = {});

    // Records one request now; true when it is allowed.
    bool admit();

    // Requests (allowed or refused) in the window ending now.
    std::size_t in_window();

    // The most requests ever seen in one window (every window that ends at a
    // request instant, which is where the maximum is reached).
    std::size_t max_in_window() const;

    std::size_t limit() const { return limit_; }
    std::int64_t window_ms() const { return window_ms_; }

private:
    void evict_locked(std::int64_t now);

    const std::size_t limit_;
    const std::int64_t window_ms_;
    Clock clock_;
    mutable std::mutex mutex_;
    std::deque<std::int64_t> times_;
    std::size_t max_in_window_ = 0;
};

}  // namespace redriva::fakerd
