// Real-Debrid's facts that more than one part of Redriva relies on: the sync
// obeys them, the web estimates with them, the fake serves them.
#pragma once

namespace redriva {

// The most torrents one page of GET /torrents returns (its `limit`).
inline constexpr int kRdListPageLimit = 5000;

// Not in RD's documentation, but what it answers when the account's active-download
// slots are full (addMagnet, addTorrent, selectFiles): wait for a slot and try again.
inline constexpr long kRdSlotsFull = 509;
// addMagnet refused for the torrent's content (`infringing_file`).
inline constexpr long kRdInfringing = 451;

}  // namespace redriva
