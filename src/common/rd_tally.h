// What a process's requests to Real-Debrid came to: sends, retries, 429s, failures,
// and how long RD took to answer. The sync counts it (sync/rd_client.h), adds it to
// the database as it goes (db/rd_stats.h), and /metrics reads the totals of every
// process that ever ran.
#pragma once

#include <array>
#include <cstdint>

namespace redriva {

// The upper bounds of the answer-time histogram, in milliseconds; a last slot counts
// the rest. RD answers in ~0.1-1 s; a slow or throttled answer takes seconds.
inline constexpr std::array<std::int64_t, 10> kRdLatencyBoundsMs = {25,   50,   100,  250,   500,
                                                                    1000, 2500, 5000, 10000, 30000};
inline constexpr std::size_t kRdLatencySlots = kRdLatencyBoundsMs.size() + 1;

struct RdTally {
    std::int64_t requests_sent = 0;  // every attempt, retries included
    std::int64_t retries = 0;
    std::int64_t rate_limited = 0;  // 429 responses
    std::int64_t errors = 0;        // attempts that failed: network errors, 5xx, 429, other 4xx
    // Answer times of the attempts that got an answer or failed on the network.
    std::array<std::int64_t, kRdLatencySlots> latency{};  // not cumulative
    std::int64_t latency_total_us = 0;

    void add_latency(std::int64_t us) {
        std::size_t slot = 0;
        while (slot < kRdLatencyBoundsMs.size() && us > kRdLatencyBoundsMs[slot] * 1000) ++slot;
        ++latency[slot];
        latency_total_us += us;
    }

    // What happened since `earlier` (a copy of this tally taken then).
    RdTally since(const RdTally& earlier) const {
        RdTally d;
        d.requests_sent = requests_sent - earlier.requests_sent;
        d.retries = retries - earlier.retries;
        d.rate_limited = rate_limited - earlier.rate_limited;
        d.errors = errors - earlier.errors;
        for (std::size_t i = 0; i < kRdLatencySlots; ++i)
            d.latency[i] = latency[i] - earlier.latency[i];
        d.latency_total_us = latency_total_us - earlier.latency_total_us;
        return d;
    }

    bool empty() const { return requests_sent == 0 && errors == 0 && latency_total_us == 0; }
};

}  // namespace redriva
