// The one gate every request to Real-Debrid passes: at most R requests in any 60 s.
//
// RD limits an account to 250 requests per sliding minute and counts *refused* requests
// too, so backing off after a 429 is not enough: the sync must never send a request the
// limiter has not granted. The limiter remembers the send times of the last R grants; a
// new grant is allowed once the oldest of them has left the window.
#pragma once

#include <cstdint>
#include <deque>

namespace redriva {

// Time as the limiter and the client see it; tests substitute a fake.
class Clock {
public:
    virtual ~Clock() = default;
    virtual std::int64_t now_ms() = 0;
    virtual void sleep_ms(std::int64_t ms) = 0;
};

// The monotonic clock: wall-clock jumps (NTP, DST) must not open or close the window.
class SteadyClock final : public Clock {
public:
    std::int64_t now_ms() override;
    void sleep_ms(std::int64_t ms) override;
};

// Not thread-safe: the sync drives all its requests from one thread (curl multi).
class RateLimiter {
public:
    static constexpr std::int64_t kWindowMs = 60'000;

    // Throws std::invalid_argument when per_minute < 1. window_ms exists for callers
    // that want a safety margin (a request granted at t may reach RD a little later than
    // one granted after it); it defaults to RD's minute.
    RateLimiter(int per_minute, Clock& clock, std::int64_t window_ms = kWindowMs);

    // Milliseconds until a grant is possible; 0 = may send now.
    std::int64_t delay_ms();
    // Grants and records a send at now(), or refuses without recording anything.
    bool try_acquire();
    // Sleeps through the clock until granted.
    void acquire();

    int per_minute() const { return per_minute_; }
    // Grants still inside the window (for progress and tests).
    int in_window();

private:
    void forget_expired(std::int64_t now);

    int per_minute_;
    std::int64_t window_ms_;
    Clock* clock_;
    std::deque<std::int64_t> grants_;  // send times inside the window, oldest first
};

}  // namespace redriva
