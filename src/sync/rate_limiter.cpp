#include "sync/rate_limiter.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iterator>
#include <random>
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

void RateLimiter::refresh_others(std::int64_t now, bool force) {
    if (!window_) return;
    if (force || now - others_read_ms_ >= kPeekEveryMs) {
        SharedWindow::Others others = window_->peek(owner_, now, window_ms_);
        others_ = std::move(others.sends);
        others_claim_ = others.claim.value_or(INT64_MIN / 2);
        others_read_ms_ = now;
    }
    others_.erase(others_.begin(),
                  std::upper_bound(others_.begin(), others_.end(), now - window_ms_));
}

std::int64_t RateLimiter::local_delay(std::int64_t now) {
    // Another process's interactive action waits for a slot: let it have the next.
    if (!priority_ && others_claim_ > now) return std::min<std::int64_t>(others_claim_ - now, 100);
    const auto held = static_cast<std::int64_t>(by_time_.size() + others_.size());
    if (held < limit_) return pace_delay(now);
    // A late mark_sent may leave more than R in the window: the next grant waits until
    // all but R-1 of them have expired. Ours and the others', merged in time order.
    std::vector<std::int64_t> all(others_);
    for (const auto& [at, id] : by_time_) all.push_back(at);
    const auto must_expire = all.begin() + (held - limit_);
    std::nth_element(all.begin(), must_expire, all.end());
    return std::max<std::int64_t>(1, *must_expire + window_ms_ - now);
}

void RateLimiter::refill_tokens(std::int64_t now) {
    if (tokens_at_ == INT64_MIN / 2) tokens_at_ = now;
    if (now > tokens_at_) {
        tokens_ += static_cast<double>(now - tokens_at_) * limit_ / static_cast<double>(window_ms_);
        tokens_at_ = now;
    }
    // The others' sends since the last count (oldest first: count from the end). Two
    // sends may share a millisecond: those at the last counted time are told apart
    // by how many of them were counted.
    std::size_t newer = 0, at_edge = 0;
    for (auto it = others_.rbegin(); it != others_.rend() && *it >= others_spent_until_; ++it)
        ++(*it > others_spent_until_ ? newer : at_edge);
    tokens_ -= static_cast<double>(newer + at_edge - std::min(at_edge, others_spent_at_edge_));
    note_others_counted();
    // A debt is bounded (a process that does not pace, a burst of clicks): the window
    // still holds the total to the limit.
    tokens_ = std::clamp(tokens_, -static_cast<double>(limit_), static_cast<double>(kPaceBurst));
}

std::int64_t RateLimiter::pace_delay(std::int64_t now) {
    if (!pacing_) return 0;
    refill_tokens(now);
    if (priority_ || tokens_ >= 1) return 0;
    const double missing = 1 - tokens_;
    return std::max<std::int64_t>(
        1,
        static_cast<std::int64_t>(std::ceil(missing * static_cast<double>(window_ms_) / limit_)));
}

std::int64_t RateLimiter::delay_ms() {
    const std::int64_t now = clock_->now_ms();
    forget_expired(now);
    recover(now);
    refresh_others(now, false);
    return local_delay(now);
}

RateLimiter::~RateLimiter() {
    // Our sends stay in the window after we exit; a late mark_sent may not be
    // written yet, and a claim must not outlive us.
    if (window_) exchange(clock_->now_ms(), false);
}

void RateLimiter::record(std::int64_t at) {
    if (pacing_) tokens_ -= 1;
    const GrantId id = next_id_++;
    by_time_.emplace(at, id);
    time_of_.emplace(id, at);
}

bool RateLimiter::exchange(std::int64_t now, bool grant) {
    bool granted = false;
    const bool shared = window_->exchange(
        owner_, window_ms_, [this] { return clock_->now_ms(); },
        [&](std::int64_t locked_now, const SharedWindow::Others& others, SharedWindow::Mine& mine) {
            forget_expired(locked_now);
            others_ = others.sends;
            others_claim_ = others.claim.value_or(INT64_MIN / 2);
            others_read_ms_ = locked_now;
            if (grant && local_delay(locked_now) == 0) {
                record(locked_now);
                granted = true;
            }
            for (const auto& [at, id] : by_time_) mine.sends.push_back(at);
            // Waiting for a slot, an interactive limiter claims the next one.
            if (grant && !granted && priority_) {
                mine.claim = locked_now + kClaimMs;
                claimed_ms_ = locked_now;
            }
        });
    if (!shared && grant) {
        // The file cannot be used: count alone, with what we last knew of the others.
        if (local_delay(now) == 0) {
            record(now);
            granted = true;
        }
    }
    return granted;
}

std::optional<RateLimiter::GrantId> RateLimiter::try_grant() {
    const std::int64_t now = clock_->now_ms();
    const bool may_send = delay_ms() == 0;
    const GrantId id = next_id_;
    if (!window_) {
        if (!may_send) return std::nullopt;
        record(now);
        return id;
    }
    // Shared, a grant is decided under the file's lock. While it waits, an
    // interactive limiter goes to the file now and then all the same: to renew its
    // claim (and to take a slot the others freed since it last looked).
    if (!may_send && !(priority_ && now - claimed_ms_ >= kClaimMs / 4)) return std::nullopt;
    if (!exchange(now, true)) return std::nullopt;
    return id;
}

void RateLimiter::share_window(const SharedWindow* window) {
    window_ = window;
    if (!window_) return;
    if (owner_ == 0)
        owner_ = std::random_device{}() * 0x9E3779B97F4A7C15ull ^ std::random_device{}();
    if (owner_ == 0) owner_ = 1;
    refresh_others(clock_->now_ms(), true);
    // What the others sent before we came is the window's business, not a debt.
    note_others_counted();
}

void RateLimiter::note_others_counted() {
    if (others_.empty()) return;
    const std::int64_t newest = others_.back();
    const auto at_newest = static_cast<std::size_t>(
        others_.end() - std::lower_bound(others_.begin(), others_.end(), newest));
    if (newest > others_spent_until_) {
        others_spent_until_ = newest;
        others_spent_at_edge_ = at_newest;
    } else if (newest == others_spent_until_) {
        others_spent_at_edge_ = std::max(others_spent_at_edge_, at_newest);
    }
}

std::vector<std::int64_t> RateLimiter::sends() {
    forget_expired(clock_->now_ms());
    std::vector<std::int64_t> out;
    out.reserve(by_time_.size());
    for (const auto& [at, id] : by_time_) out.push_back(at);
    return out;
}

void RateLimiter::mark_sent(GrantId id) {
    const std::int64_t now = clock_->now_ms();
    forget_expired(now);
    std::int64_t moved = 0;
    auto it = time_of_.find(id);
    if (it == time_of_.end()) {
        if (id == 0 || id >= next_id_) return;  // never granted: nothing was sent
        time_of_.emplace(id, now);
        by_time_.emplace(now, id);
        moved = kRewriteAfterMoveMs;
    } else {
        if (it->second >= now) return;
        moved = now - it->second;
        by_time_.erase({it->second, id});
        by_time_.emplace(now, id);
        it->second = now;
    }
    // The others count our send from its grant until it is rewritten: close enough
    // for a few milliseconds (the window's margin covers them), not for a lost SYN.
    if (window_ && moved >= kRewriteAfterMoveMs) exchange(now, false);
}

void RateLimiter::acquire() {
    while (!try_acquire()) clock_->sleep_ms(delay_ms());
}

int RateLimiter::in_window() {
    const std::int64_t now = clock_->now_ms();
    forget_expired(now);
    refresh_others(now, true);
    return static_cast<int>(by_time_.size() + others_.size());
}

}  // namespace redriva::sync
