#include "sync/backoff.h"

#include <algorithm>

namespace redriva::sync {

std::int64_t BackoffPolicy::cap_ms(int attempt) const {
    if (attempt < 1 || base_ms <= 0 || max_ms <= 0) return 0;
    // Doubling step by step instead of shifting: no overflow for any attempt number.
    std::int64_t cap = std::min(base_ms, max_ms);
    for (int i = 1; i < attempt && cap < max_ms; ++i) cap = cap > max_ms / 2 ? max_ms : cap * 2;
    return cap;
}

std::int64_t BackoffPolicy::delay_ms(int attempt, Rng& rng) const {
    const std::int64_t cap = cap_ms(attempt);
    if (cap <= 0) return 0;
    return std::uniform_int_distribution<std::int64_t>(0, cap)(rng);
}

}  // namespace redriva::sync
