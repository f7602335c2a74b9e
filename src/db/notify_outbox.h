// The notifications redriva-sync has not sent yet, and the time of the last one it
// sent: shared by every sync process (cron's, the web's, the action lane), which is
// how "at most one message a minute" holds across processes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/sqlite.h"

namespace redriva::db {

struct OutboxEntry {
    std::int64_t id = 0;  // set when read
    std::string event;
    std::string title;
    std::string message;
    std::string counts_json = "{}";
    bool urgent = false;
    std::int64_t created_ms = 0;
};

class NotifyOutbox {
public:
    explicit NotifyOutbox(Database& db);

    void add(const OutboxEntry& entry);

    // In one write transaction: when the last message left at least `interval_ms`
    // before `now_ms` and something waits, stamps `now_ms` as the last message's time
    // and returns what waits, oldest first; otherwise nothing. Two processes cannot
    // both take the same minute.
    std::vector<OutboxEntry> take_due(std::int64_t now_ms, std::int64_t interval_ms);

    // When the next message may leave (nullopt: nothing waits).
    std::optional<std::int64_t> next_due_ms(std::int64_t interval_ms);

    // Forgets the entries up to `last_id` (sent, or refused for good).
    void remove_through(std::int64_t last_id);
    // Forgets entries older than `cutoff_ms` (a receiver down for a day); how many.
    int remove_older_than(std::int64_t cutoff_ms);

    // Small marks of the notifier's own (which premium warning was given).
    std::optional<std::string> mark(const std::string& name);
    void set_mark(const std::string& name, const std::string& value);

private:
    std::optional<std::int64_t> last_sent_ms();

    Database& db_;
};

}  // namespace redriva::db
