#include "notify/notifier.h"

#include <rapidjson/document.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/json_writer.h"
#include "common/log.h"
#include "notify/notices.h"

namespace redriva::notify {

namespace {

std::string counts_json(const Notice& notice) {
    rapidjson::StringBuffer b;
    json::Writer w(b);
    w.StartObject();
    for (const auto& [name, count] : notice.counts) json::member(w, name, count);
    w.EndObject();
    return json::text(b);
}

Notice from_entry(const db::OutboxEntry& e) {
    Notice n{e.event, e.title, e.message, {}, e.urgent};
    rapidjson::Document doc;
    doc.Parse(e.counts_json.c_str());
    if (!doc.HasParseError() && doc.IsObject())
        for (const auto& m : doc.GetObject())
            if (m.value.IsInt64()) n.counts.emplace_back(m.name.GetString(), m.value.GetInt64());
    return n;
}

}  // namespace

std::int64_t WallClock::now_ms() {
    return unix_now_ms();
}

void WallClock::sleep_ms(std::int64_t ms) {
    if (ms > 0) ::usleep(static_cast<useconds_t>(ms * 1000));
}

std::optional<int> premium_threshold(std::int64_t days_left) {
    for (int threshold : {0, 1, 3, 7})
        if (days_left <= threshold) return threshold;
    return std::nullopt;
}

Notifier::Notifier(db::Database& db, NotifySettings settings, sync::Clock& clock,
                   MessageSender& sender)
    : db_(db), settings_(std::move(settings)), clock_(clock), sender_(sender) {}

std::string Notifier::redacted(std::string text) const {
    for (const std::string& secret : settings_.secrets) {
        if (secret.empty()) continue;
        for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at))
            text.replace(at, secret.size(), "***");
    }
    return text;
}

void Notifier::post(const Notice& notice) noexcept {
    if (!enabled()) return;
    try {
        db::OutboxEntry entry;
        entry.event = notice.event;
        entry.title = redacted(notice.title);
        entry.message = redacted(notice.message);
        entry.counts_json = counts_json(notice);
        entry.urgent = notice.urgent;
        entry.created_ms = clock_.now_ms();
        db::WriteTransaction tx(db_);
        db::NotifyOutbox(db_).add(entry);
        tx.commit();
    } catch (const std::exception& e) {
        log_warn("notification " + notice.event + " not recorded: " + e.what());
    }
}

void Notifier::deliver() noexcept {
    if (!enabled()) return;
    try {
        db::NotifyOutbox outbox(db_);
        const std::int64_t now = clock_.now_ms();
        {
            db::WriteTransaction tx(db_);
            if (const int dropped = outbox.remove_older_than(now - settings_.keep_ms); dropped > 0)
                log_warn(std::to_string(dropped) +
                         " notification(s) dropped: not taken by the receiver for a day");
            tx.commit();
        }
        const auto due = outbox.take_due(now, settings_.interval_ms);
        if (due.empty()) return;
        std::vector<Notice> notices;
        for (const auto& e : due) notices.push_back(from_entry(e));
        const Notice merged = merge_notices(notices);
        const SendResult sent = sender_.send(render_message(merged, settings_.format));
        const std::string what =
            "notification " + merged.event +
            (due.size() > 1 ? " (" + std::to_string(due.size()) + " merged)" : std::string());
        if (sent.delivered() || sent.refused()) {
            db::WriteTransaction tx(db_);
            outbox.remove_through(due.back().id);
            tx.commit();
        }
        if (sent.delivered())
            log_info(what + " sent");
        else if (sent.refused())
            log_warn(what + " refused by the receiver (" + sent.describe() + "): dropped");
        else
            log_warn(what + " not sent (" + sent.describe() + "): kept for the next message");
    } catch (const std::exception& e) {
        log_warn(std::string("notifications not delivered: ") + e.what());
    }
}

void Notifier::deliver_before_exit() noexcept {
    if (!enabled()) return;
    deliver();
    try {
        const auto due = db::NotifyOutbox(db_).next_due_ms(settings_.interval_ms);
        if (!due) return;
        const std::int64_t wait = *due - clock_.now_ms();
        if (wait > settings_.linger_ms) return;
        clock_.sleep_ms(std::max<std::int64_t>(wait, 0));
        deliver();
    } catch (const std::exception& e) {
        log_warn(std::string("notifications not delivered: ") + e.what());
    }
}

void Notifier::check_premium(std::int64_t days_left, const std::string& expiration) noexcept {
    if (!enabled()) return;
    try {
        const std::int64_t days = std::max<std::int64_t>(days_left, -1);
        const auto threshold = premium_threshold(days);
        if (!threshold) return;
        const std::string mark = expiration + "|" + std::to_string(days < 0 ? -1 : *threshold);
        db::NotifyOutbox outbox(db_);
        if (outbox.mark("premium") == mark) return;
        post(premium_ending(days, expiration));
        db::WriteTransaction tx(db_);
        outbox.set_mark("premium", mark);
        tx.commit();
    } catch (const std::exception& e) {
        log_warn(std::string("premium warning not recorded: ") + e.what());
    }
}

}  // namespace redriva::notify
