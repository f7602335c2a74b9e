// Time that moves only when told to: sleeping advances it at once. For the rate
// limiter and the client, whose waits would otherwise make the tests take minutes.
#pragma once

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cstdint>

#include "sync/rate_limiter.h"

namespace redriva::test {

class FakeClock final : public sync::Clock {
public:
    explicit FakeClock(std::int64_t start = 0) : now(start) {}
    std::int64_t now_ms() override { return now; }
    void sleep_ms(std::int64_t ms) override {
        BOOST_REQUIRE(ms >= 0);  // a negative sleep is a caller's bug
        now += ms;
        slept += ms;
    }
    // Atomic: the client's tests read it from the fake server's threads.
    std::atomic<std::int64_t> now;
    std::atomic<std::int64_t> slept{0};
};

}  // namespace redriva::test
