// The words of every notification, in one place: short, human, and never more than a
// few names (a sync that finds 500 dead torrents sends one line, not 500).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "notify/notice.h"

namespace redriva::notify {

// How many names a message quotes before "and N more".
inline constexpr std::size_t kNamesQuoted = 3;

// "Sync fast failed" / the job's reason.
Notice sync_failed(std::string_view mode, std::string_view why);

// "3 torrents turned dead" / "A, B, C and 1 more". `names`: the first few, in order.
Notice torrents_failed(std::size_t count, const std::vector<std::string>& names,
                       const std::vector<std::string>& statuses);

// "Delete job 12 failed" / the job's reason.
Notice action_failed(std::string_view kind, std::int64_t job, std::string_view why);

// "Repair job 12: 2 of 10 items failed" / "A: not cached; B: …". `failed` holds the
// first few items' names and reasons.
struct ItemCounts {
    std::int64_t done = 0, failed = 0, skipped = 0;
};
Notice action_items_failed(std::string_view kind, std::int64_t job, const ItemCounts& counts,
                           const std::vector<std::pair<std::string, std::string>>& failed);

// "Real-Debrid premium ends in 5 days" (or "today", or "has ended").
Notice premium_ending(std::int64_t days_left, std::string_view expiration);

// Several notices as one message (the once-a-minute rule): one line each, counts added
// up. One notice stays as it is.
Notice merge_notices(const std::vector<Notice>& notices);

// "A, B, C and 2 more": at most kNamesQuoted names, each cleaned and bounded.
std::string quote_names(std::size_t count, const std::vector<std::string>& names);

}  // namespace redriva::notify
