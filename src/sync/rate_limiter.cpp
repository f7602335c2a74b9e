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
    : per_minute_(per_minute),
      limit_(per_minute),
      window_ms_(window_ms),
      group_ms_(per_minute > kExactUpTo ? window_ms / kExactUpTo : 0),
      clock_(&clock) {
    if (per_minute < 1) throw std::invalid_argument("rate limit must be at least 1 per minute");
    if (window_ms < 1) throw std::invalid_argument("rate window must be positive");
}

// A send at g counts for sends in [g, g + window): the window is half-open, so the
// (R+1)-th send may go exactly one window after the first.
void RateLimiter::forget_expired(std::int64_t now) {
    while (!groups_.empty() && groups_.front().at + window_ms_ <= now) {
        mine_ -= groups_.front().count;
        groups_.pop_front();
        ++first_group_;
    }
    // A grant moved later (mark_sent) may keep older ones a little longer: harmless.
    while (!grants_.empty() && grants_.front().at + window_ms_ <= now) {
        grants_.pop_front();
        ++first_grant_;
    }
}

std::uint64_t RateLimiter::add_send(std::int64_t at) {
    if (!groups_.empty()) {
        Group& last = groups_.back();
        at = std::max(at, last.at);
        if (at == last.at || at - last.first < group_ms_) {
            last.at = at;
            ++last.count;
            ++mine_;
            return first_group_ + groups_.size() - 1;
        }
    }
    groups_.push_back({at, at, 1});
    ++mine_;
    return first_group_ + groups_.size() - 1;
}

RateLimiter::GrantId RateLimiter::record_grant(std::int64_t at) {
    if (pacing_) tokens_ -= 1;
    const std::uint64_t group = add_send(at);
    grants_.push_back({groups_.back().at, group});
    return next_id_++;
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

void RateLimiter::expire_others(std::int64_t now) {
    auto kept = others_.begin();
    while (kept != others_.end() && kept->at + window_ms_ <= now) others_count_ -= (kept++)->count;
    others_.erase(others_.begin(), kept);
}

void RateLimiter::take_others(SharedWindow::Others others, std::int64_t now) {
    // What we held, less what left the window since, is what the reading holds of
    // the sends we knew: the rest is new. Counts, not times: a group of the others
    // may have grown and moved later since we read it. And no more than the sends
    // stamped after our last reading (a send is written under the lock with the time
    // it got there, never before a reading that missed it): a reading that failed and came back
    // empty is not followed by the whole window as new.
    expire_others(now);
    int count = 0, recent = 0;
    for (const SendGroup& group : others.sends) {
        count += group.count;
        if (group.at >= others_read_ms_) recent += group.count;
    }
    others_spent_ += std::clamp(count - others_count_, 0, recent);
    others_ = std::move(others.sends);
    others_count_ = count;
    others_claim_ = others.claim.value_or(INT64_MIN / 2);
    others_read_ms_ = now;
}

void RateLimiter::refresh_others(std::int64_t now, bool force) {
    if (!window_) return;
    if (force || now - others_read_ms_ >= kPeekEveryMs)
        take_others(window_->peek(owner_, now, window_ms_), now);
    expire_others(now);
}

std::int64_t RateLimiter::kth_oldest_send(int k) const {
    // Ours and the others', merged in time order.
    auto mine = groups_.begin();
    auto others = others_.begin();
    for (;;) {
        const bool take_mine =
            others == others_.end() || (mine != groups_.end() && mine->at <= others->at);
        const std::int64_t at = take_mine ? mine->at : others->at;
        k -= take_mine ? (mine++)->count : (others++)->count;
        if (k < 0) return at;
    }
}

std::int64_t RateLimiter::local_delay(std::int64_t now) {
    // Another process's interactive action waits for a slot: let it have the next.
    if (!priority_ && others_claim_ > now) return std::min<std::int64_t>(others_claim_ - now, 100);
    const int held = mine_ + others_count_;
    if (held < limit_) return pace_delay(now, held);
    // A late mark_sent may leave more than R in the window: the next grant waits until
    // all but R-1 of them have expired.
    return std::max<std::int64_t>(1, kth_oldest_send(held - limit_) + window_ms_ - now);
}

void RateLimiter::refill_tokens(std::int64_t now) {
    if (tokens_at_ == INT64_MIN / 2) tokens_at_ = now;
    if (now > tokens_at_) {
        tokens_ += static_cast<double>(now - tokens_at_) * limit_ / static_cast<double>(window_ms_);
        tokens_at_ = now;
    }
    tokens_ -= others_spent_;
    others_spent_ = 0;
    // A debt is bounded (a process that does not pace, a burst of clicks): the window
    // still holds the total to the limit.
    tokens_ = std::clamp(tokens_, -static_cast<double>(limit_), static_cast<double>(kPaceBurst));
}

std::int64_t RateLimiter::pace_delay(std::int64_t now, int held) {
    if (!pacing_) return 0;
    refill_tokens(now);
    // A window that holds little has room for clicks: no need to spread (the tokens
    // spent meanwhile are owed once it fills, so the rate stays the limit's).
    if (priority_ || tokens_ >= 1 || held < limit_ / kPaceFromShare) return 0;
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

std::optional<RateLimiter::GrantId> RateLimiter::exchange(std::int64_t now, bool grant) {
    std::optional<GrantId> granted;
    const bool shared = window_->exchange(
        owner_, window_ms_, [this] { return clock_->now_ms(); },
        [&](std::int64_t locked_now, const SharedWindow::Others& others, SharedWindow::Mine& mine) {
            forget_expired(locked_now);
            take_others(others, locked_now);
            if (grant && local_delay(locked_now) == 0) granted = record_grant(locked_now);
            for (const Group& group : groups_) mine.sends.push_back({group.at, group.count});
            // Waiting for a slot, an interactive limiter claims the next one.
            if (grant && !granted && priority_) {
                mine.claim = locked_now + kClaimMs;
                claimed_ms_ = locked_now;
            }
        });
    // The file cannot be used: count alone, with what we last knew of the others.
    if (!shared && grant && local_delay(now) == 0) granted = record_grant(now);
    return granted;
}

std::optional<RateLimiter::GrantId> RateLimiter::try_grant() {
    const std::int64_t now = clock_->now_ms();
    const bool may_send = delay_ms() == 0;
    if (!window_) {
        if (!may_send) return std::nullopt;
        return record_grant(now);
    }
    // Shared, a grant is decided under the file's lock. While it waits, an
    // interactive limiter goes to the file now and then all the same: to renew its
    // claim (and to take a slot the others freed since it last looked).
    if (!may_send && !(priority_ && now - claimed_ms_ >= kClaimMs / 4)) return std::nullopt;
    return exchange(now, true);
}

void RateLimiter::share_window(const SharedWindow* window) {
    window_ = window;
    if (!window_) return;
    if (owner_ == 0)
        owner_ = std::random_device{}() * 0x9E3779B97F4A7C15ull ^ std::random_device{}();
    if (owner_ == 0) owner_ = 1;
    refresh_others(clock_->now_ms(), true);
    // What the others sent before we came is the window's business, not a debt.
    others_spent_ = 0;
}

std::vector<std::int64_t> RateLimiter::sends() {
    forget_expired(clock_->now_ms());
    std::vector<std::int64_t> out;
    out.reserve(static_cast<std::size_t>(mine_));
    for (const Group& group : groups_) out.insert(out.end(), group.count, group.at);
    return out;
}

void RateLimiter::mark_sent(GrantId id) {
    const std::int64_t now = clock_->now_ms();
    forget_expired(now);
    if (id == 0 || id >= next_id_) return;  // never granted: nothing was sent
    std::int64_t moved = kRewriteAfterMoveMs;
    if (id < first_grant_) {
        // Forgotten (out of the window): it counts again from now.
        add_send(now);
    } else {
        Grant& grant = grants_[id - first_grant_];
        if (grant.at >= now) return;
        moved = now - grant.at;
        if (grant.group >= first_group_) {
            --groups_[grant.group - first_group_].count;
            --mine_;
        }
        grant.group = add_send(now);
        grant.at = now;
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
    return mine_ + others_count_;
}

}  // namespace redriva::sync
