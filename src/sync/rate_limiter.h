// The one gate every request to Real-Debrid passes: at most R requests in any 60 s.
//
// RD limits an account to 250 requests per sliding minute and counts *refused* requests
// too, so backing off after a 429 is not enough: the sync must never send a request the
// limiter has not granted. The limiter remembers the send times of the last R grants; a
// new grant is allowed once the oldest of them has left the window.
//
// A grant is stamped with the time it is given, and moved later when the request
// actually leaves (mark_sent): a connection whose SYN is lost takes a second or more
// to open, and a request granted early but sent late would otherwise share RD's window
// with the next window's burst.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "sync/shared_window.h"

namespace redriva::sync {

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
    using GrantId = std::uint64_t;

    // Grants and records a send at now(), or refuses without recording anything.
    std::optional<GrantId> try_grant();
    bool try_acquire() { return try_grant().has_value(); }

    // The granted request leaves now: its time moves to now() if that is later. A grant
    // already out of the window counts again from now (the request is only now sent).
    void mark_sent(GrantId id);
    // Sleeps through the clock until granted.
    void acquire();

    int per_minute() const { return per_minute_; }

    // Real-Debrid answered 429: it counts fewer requests than we may send (another
    // tool on the same account, a lower limit than configured). The limit halves,
    // at most once a window, and comes back a step (1/8 of the configured rate)
    // per window without a 429: additive increase, multiplicative decrease, as TCP.
    // Without it a sync would keep a window full of refused requests, which RD
    // counts too, and never get through.
    void slow_down();
    // The limit in force now (per_minute() unless slowed down).
    int current_limit();

    // Shares the window with every other process (running, or gone with sends still
    // in the window): each grant is decided under the window file's lock, counting
    // everybody's sends, and records ours there.
    void share_window(const SharedWindow* window);

    // An interactive limiter claims the next free slot while it waits: the others
    // grant nothing until it got one (or its claim lapsed, a second later).
    void set_priority(bool priority) { priority_ = priority; }

    // Bulk work spreads its sends. A limiter that may send as fast as the window
    // allows fills it in a burst and then waits; every window after repeats the burst
    // (a send frees its slot a window later), so a click that comes between two
    // bursts waits for the next one: most of a minute. Paced, a bulk limiter also
    // holds a token bucket: tokens come at exactly the limit's rate (limit per window),
    // at most kPaceBurst are kept, and every send in the shared window, whoever made
    // it, spends one. So all the bulk work together sends at the limit's rate in
    // groups of at most four, the window's slots free a few at a time (about every
    // second at 250 a minute), and a claim waits for one such group. Tokens rather
    // than "k sends in the last k slots" because a send's recorded time moves to when
    // it leaves, and a pace measured from those times drifts slower by the delay.
    // Not applied while this limiter serves an interactive action.
    void set_pacing(bool pacing) { pacing_ = pacing; }

    // This limiter's send times still in the window, oldest first.
    std::vector<std::int64_t> sends();
    // Sends inside the window, this process's and the others' (for progress and tests).
    int in_window();

    ~RateLimiter();
    RateLimiter(const RateLimiter&) = delete;
    RateLimiter& operator=(const RateLimiter&) = delete;

    // How stale the others' sends may be when only estimating a delay (a grant
    // always reads them under the lock), and how long a claim lasts unrenewed.
    static constexpr std::int64_t kPeekEveryMs = 20;
    static constexpr std::int64_t kClaimMs = 1'000;
    // A send that left this much later than granted is written at once.
    static constexpr std::int64_t kRewriteAfterMoveMs = 100;
    // How many sends pacing lets go together, and from what share of the limit
    // held in the window it applies (below, a short sync such as a smart one of 21
    // requests goes at once).
    static constexpr int kPaceBurst = 4;
    static constexpr int kPaceFromShare = 4;
    // Up to this limit (RD's 250 and every limit a real account has) each send is
    // recorded to the millisecond. Above it, sends less than window / kExactUpTo apart
    // are recorded as one group at the time of the latest: later, so never counted
    // short, and the bookkeeping a grant reads and writes (the shared file) stays
    // about kExactUpTo records a window at any limit, instead of one per send.
    static constexpr int kExactUpTo = 1024;

private:
    using SendGroup = SharedWindow::SendGroup;
    // Our sends, grouped by time (see kExactUpTo), and each grant's send: its time and
    // the sequence number of the group that counts it.
    struct Group {
        std::int64_t at;     // the latest send's time: the group's
        std::int64_t first;  // the earliest send's time: how long the group may grow
        int count;
    };
    struct Grant {
        std::int64_t at;
        std::uint64_t group;
    };

    void forget_expired(std::int64_t now);
    // Records a send at `at` (never before the latest); returns its group's number.
    std::uint64_t add_send(std::int64_t at);
    GrantId record_grant(std::int64_t at);
    void refresh_others(std::int64_t now, bool force);
    // Takes a fresh reading of the others' sends; those it did not hold before are
    // spent from the pacing bucket.
    void take_others(SharedWindow::Others others, std::int64_t now);
    void expire_others(std::int64_t now);
    // One locked exchange with the window file; `grant` asks for a grant now.
    std::optional<GrantId> exchange(std::int64_t now, bool grant);
    std::int64_t local_delay(std::int64_t now);
    // The time of the k-th oldest send in the window (0-based), ours and the others'.
    std::int64_t kth_oldest_send(int k) const;
    // The wait that pacing adds (0 when not pacing), `held` sends in the window.
    std::int64_t pace_delay(std::int64_t now, int held);
    // The bucket's tokens brought to `now`, less one for each send of the others
    // seen since the last count.
    void refill_tokens(std::int64_t now);

    void recover(std::int64_t now);

    int per_minute_;
    int limit_;  // per_minute_, or less after a 429
    // When the limit last went down, last went up, and when RD last refused.
    std::int64_t decreased_ms_ = INT64_MIN / 2;
    std::int64_t increased_ms_ = INT64_MIN / 2;
    std::int64_t refused_ms_ = INT64_MIN / 2;
    std::int64_t window_ms_;
    std::int64_t group_ms_;  // 0: every send recorded exactly
    Clock* clock_;
    // Our sends inside the window, oldest first; groups_.front() is number first_group_.
    std::deque<Group> groups_;
    std::uint64_t first_group_ = 0;
    int mine_ = 0;  // sends in groups_
    // Grants by id: grants_.front() is first_grant_; next_id_ is the next grant's id.
    std::deque<Grant> grants_;
    GrantId first_grant_ = 1;
    GrantId next_id_ = 1;
    // The shared window: the others' sends (oldest first) and claim, as last read.
    const SharedWindow* window_ = nullptr;
    std::uint64_t owner_ = 0;
    std::vector<SendGroup> others_;
    int others_count_ = 0;  // sends in others_
    int others_spent_ = 0;  // the others' new sends not yet taken from the bucket
    std::int64_t others_claim_ = INT64_MIN / 2;
    std::int64_t others_read_ms_ = INT64_MIN / 2;
    bool priority_ = false;
    bool pacing_ = false;
    double tokens_ = kPaceBurst;
    std::int64_t tokens_at_ = INT64_MIN / 2;   // when tokens_ was last brought up to date
    std::int64_t claimed_ms_ = INT64_MIN / 2;  // when we last renewed our claim
};

}  // namespace redriva::sync
