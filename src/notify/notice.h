// One thing redriva-sync tells the user: a failed job, torrents that turned dead, the
// premium's end. Kept in the outbox until its minute comes, then written in the
// receiver's format (message_format.h).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace redriva::notify {

struct Notice {
    std::string event;    // a stable word for scripts: sync_failed, torrents_failed…
    std::string title;    // one short line: "Sync fast failed"
    std::string message;  // what happened, for a person: "RD answered 503 five times"
    std::vector<std::pair<std::string, std::int64_t>> counts;  // in the JSON format's "counts"
    bool urgent = false;  // a failure (a higher priority where the receiver has one)
};

}  // namespace redriva::notify
