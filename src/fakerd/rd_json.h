// The JSON shapes Real-Debrid sends, written by the fake server (one place for them).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "db/torrent.h"

namespace redriva::fakerd {

// GET /torrents: an array of list items. `ended`, `speed` and `seeders` appear only
// in the states that have them, whatever the entry holds.
std::string list_json(const std::vector<TorrentListEntry>& entries);

// GET /torrents/info/{id}: the list fields plus original_filename, original_bytes, files.
std::string info_json(const TorrentInfo& info);

// {"error": "...", "error_code": N}
std::string error_json(std::string_view error, int code);

}  // namespace redriva::fakerd
