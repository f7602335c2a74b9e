// Real-Debrid's facts that more than one part of Redriva relies on: the sync
// obeys them, the web estimates with them, the fake serves them.
#pragma once

namespace redriva {

// The most torrents one page of GET /torrents returns (its `limit`).
inline constexpr int kRdListPageLimit = 5000;

}  // namespace redriva
