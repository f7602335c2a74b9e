// Which files of a torrent to select on Real-Debrid: the rule every action that
// adds a torrent shares (add, restore, import, and repair when the old selection
// cannot be matched by path).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/torrent.h"

namespace redriva {

// The automatic selection: every video (and audio) file that is not a sample, a
// trailer or smaller than kMinVideoBytes; every file when there is none of those.
inline constexpr std::int64_t kMinVideoBytes = 50ll * 1000 * 1000;
std::vector<std::int64_t> auto_selection(const std::vector<TorrentFile>& files);

// The ids of the files whose path is in `paths` (a previous selection of the same
// torrent); empty when none matches.
std::vector<std::int64_t> select_by_path(const std::vector<TorrentFile>& files,
                                         const std::vector<std::string>& paths);

// "1,3,4": selectFiles' form value.
std::string file_id_list(const std::vector<std::int64_t>& ids);

// Whether `path` names a video or audio file by its extension.
bool is_media_path(std::string_view path);

}  // namespace redriva
