// Retry delays: exponential growth with full jitter, bounded.
//
// Full jitter (a uniform draw in [0, cap]) spreads retries of concurrent requests that
// failed together (a 503 burst, a dropped connection), instead of sending them back in
// lock-step. The random source is passed in so tests can seed it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>

namespace redriva::sync {

using Rng = std::mt19937_64;

struct BackoffPolicy {
    std::int64_t base_ms = 1'000;  // cap of the first retry's delay
    std::int64_t max_ms = 60'000;  // no delay is ever longer
    int max_attempts = 5;          // sends per request, the first one included
    // After a 429 a request is not broken, only early: the limiter slows down
    // (RateLimiter::slow_down), and the request waits its turn longer.
    int max_attempts_rate_limited = 12;

    // The upper bound for retry number `attempt` (1 = first retry):
    // min(max_ms, base_ms * 2^(attempt-1)); 0 for attempt < 1.
    std::int64_t cap_ms(int attempt) const;
    // A uniform draw in [0, cap_ms(attempt)].
    std::int64_t delay_ms(int attempt, Rng& rng) const;
    // True when a request sent `attempts` times may be sent again.
    bool may_retry(int attempts) const { return attempts < max_attempts; }
    bool may_retry_rate_limited(int attempts) const {
        return attempts < std::max(max_attempts, max_attempts_rate_limited);
    }
};

}  // namespace redriva::sync
