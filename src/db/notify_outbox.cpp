#include "db/notify_outbox.h"

#include "common/strings.h"

namespace redriva::db {

namespace {
constexpr const char* kLastSentKey = "notify_last_sent_ms";
constexpr const char* kMarkPrefix = "notify_mark:";
}  // namespace

NotifyOutbox::NotifyOutbox(Database& db) : db_(db) {}

void NotifyOutbox::add(const OutboxEntry& e) {
    auto stmt = db_.prepare(
        "INSERT INTO notify_outbox (event, title, message, counts, urgent, created_ms)"
        " VALUES (?, ?, ?, ?, ?, ?)");
    stmt.use()
        .bind(1, e.event)
        .bind(2, e.title)
        .bind(3, e.message)
        .bind(4, e.counts_json)
        .bind(5, e.urgent ? 1 : 0)
        .bind(6, e.created_ms)
        .run();
}

std::optional<std::int64_t> NotifyOutbox::last_sent_ms() {
    auto stmt = db_.prepare("SELECT value FROM meta WHERE key = ?");
    auto use = stmt.use();
    use.bind(1, kLastSentKey);
    if (!use.step()) return std::nullopt;
    return parse_int(use.text(0));
}

std::vector<OutboxEntry> NotifyOutbox::take_due(std::int64_t now_ms, std::int64_t interval_ms) {
    std::vector<OutboxEntry> due;
    WriteTransaction tx(db_);
    const auto last = last_sent_ms();
    if (last && now_ms - *last < interval_ms) return due;
    {
        auto stmt = db_.prepare(
            "SELECT id, event, title, message, counts, urgent, created_ms FROM notify_outbox"
            " ORDER BY id");
        auto use = stmt.use();
        while (use.step())
            due.push_back({use.int64(0), use.str(1), use.str(2), use.str(3), use.str(4),
                           use.integer(5) != 0, use.int64(6)});
    }
    if (due.empty()) return due;
    auto stamp = db_.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
    stamp.use().bind(1, kLastSentKey).bind(2, std::to_string(now_ms)).run();
    tx.commit();
    return due;
}

std::optional<std::int64_t> NotifyOutbox::next_due_ms(std::int64_t interval_ms) {
    auto stmt = db_.prepare("SELECT count(*) FROM notify_outbox");
    {
        auto use = stmt.use();
        if (!use.step() || use.int64(0) == 0) return std::nullopt;
    }
    const auto last = last_sent_ms();
    return last ? *last + interval_ms : 0;
}

void NotifyOutbox::remove_through(std::int64_t last_id) {
    auto stmt = db_.prepare("DELETE FROM notify_outbox WHERE id <= ?");
    stmt.use().bind(1, last_id).run();
}

int NotifyOutbox::remove_older_than(std::int64_t cutoff_ms) {
    auto stmt = db_.prepare("DELETE FROM notify_outbox WHERE created_ms < ?");
    stmt.use().bind(1, cutoff_ms).run();
    return db_.changes();
}

std::optional<std::string> NotifyOutbox::mark(const std::string& name) {
    auto stmt = db_.prepare("SELECT value FROM meta WHERE key = ?");
    auto use = stmt.use();
    use.bind(1, kMarkPrefix + name);
    if (!use.step()) return std::nullopt;
    return use.str(0);
}

void NotifyOutbox::set_mark(const std::string& name, const std::string& value) {
    auto stmt = db_.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
    stmt.use().bind(1, kMarkPrefix + name).bind(2, value).run();
}

}  // namespace redriva::db
