// The smart sync's decision: given RD's complete list, which torrents need
// GET /torrents/info (new, changed, or never fetched) and which are gone.
#pragma once

#include <string>
#include <vector>

#include "db/sqlite.h"
#include "domain/torrent.h"

namespace redriva::db {

struct ListDiff {
    std::vector<std::string> new_ids;              // not in the database yet
    std::vector<std::string> changed_ids;          // status, progress, bytes, links or ended moved
    std::vector<std::string> missing_details_ids;  // listed before, details never fetched
    std::vector<std::string> gone_ids;             // in the database, not in the listing
    // Listed in a failed status (dead, error…) while the library holds them in another:
    // what the sync tells the user about. A new torrent, or one already failed, is not
    // here (a first sync of an old library must not report every dead torrent again).
    std::vector<std::string> turned_failed_ids;
    std::size_t unchanged = 0;

    // Every id whose details the smart sync fetches, in listing order.
    std::vector<std::string> to_fetch(const std::vector<TorrentListEntry>& listing) const;
};

// Compares a listing with what the database holds (one read of the torrents
// table): a torrent with details is compared with the fields its details were
// fetched with, so a change stays pending until its details are written. `gone_ids` is only
// meaningful for a complete listing: the caller removes torrents only when the count matched
// X-Total-Count.
ListDiff diff_against_library(Database& db, const std::vector<TorrentListEntry>& listing);

}  // namespace redriva::db
