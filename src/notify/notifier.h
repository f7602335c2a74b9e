// What redriva-sync tells the user, and when. A notice is written to the outbox as
// soon as it happens (a process killed later loses nothing); deliver() sends what
// waits as ONE message when the last one left at least a minute ago — syncs run as
// separate processes, so the outbox and that time are in the database.
//
// Never fatal: a receiver that is down, slow (10 s at most) or answers an error is
// logged with the event and the HTTP status or curl's reason — never the URL — and the
// run's exit code and results are those it would have had without notifications.
// A message the receiver could not take stays in the outbox and goes with the next
// one (a day at most); one it refused (a 4xx) is dropped, since it would be again.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/notify_outbox.h"
#include "notify/http_post.h"
#include "notify/message_format.h"
#include "notify/notice.h"
#include "sync/rate_limiter.h"

namespace redriva::notify {

struct NotifySettings {
    std::string url;  // empty: notifications are off
    NotifyFormat format = NotifyFormat::kJson;
    std::int64_t interval_ms = 60'000;  // at most one message in this time
    // A run that ends with a message due within this waits for it; otherwise the next
    // run (cron's, a minute later) sends it.
    std::int64_t linger_ms = 10'000;
    std::int64_t keep_ms = 86'400'000;  // then a message a receiver never took is dropped
    // Never in a message (the RD token): replaced by "***" should a reason quote it.
    std::vector<std::string> secrets;
};

// Unix time for the outbox (shared by processes): not the monotonic clock, which a
// reboot resets.
class WallClock final : public sync::Clock {
public:
    std::int64_t now_ms() override;
    void sleep_ms(std::int64_t ms) override;
};

class Notifier {
public:
    Notifier(db::Database& db, NotifySettings settings, sync::Clock& clock, MessageSender& sender);

    bool enabled() const { return !settings_.url.empty(); }

    // Records the notice for the next message. Never throws.
    void post(const Notice& notice) noexcept;

    // Sends what waits, merged, when its minute has come. Never throws.
    void deliver() noexcept;

    // deliver(), then, if a message waits and is due within linger_ms, waits for it
    // and sends it. What is left waits for the next run.
    void deliver_before_exit() noexcept;

    // The premium's end, once per threshold (7 days, 3, 1, the day itself, ended)
    // and per expiration date: a renewal starts again. `days_left`: whole days, < 0
    // when there is no premium left.
    void check_premium(std::int64_t days_left, const std::string& expiration) noexcept;

private:
    std::string redacted(std::string text) const;

    db::Database& db_;
    NotifySettings settings_;
    sync::Clock& clock_;
    MessageSender& sender_;
};

// The premium thresholds a warning is given at, in days left: nullopt above the first.
std::optional<int> premium_threshold(std::int64_t days_left);

}  // namespace redriva::notify
