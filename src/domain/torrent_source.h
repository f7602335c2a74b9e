// What a user adds to the library: a magnet link or a .torrent file, read strictly
// for the one thing Redriva must know before it sends either to Real-Debrid — the
// info hash, by which it finds a copy the library already holds (never two) and
// the copy an interrupted add may have made.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace redriva {

// A magnet's longest accepted length (trackers and names included).
inline constexpr std::size_t kMaxMagnetBytes = 8 * 1024;
// A .torrent file's: a library's torrent files are tens of kilobytes; the upload's
// whole body is bounded by the route (10 MB).
inline constexpr std::size_t kMaxTorrentFileBytes = 10 * 1000 * 1000;

struct MagnetLink {
    std::string hash;  // the BitTorrent v1 info hash, 40 lower-case hex digits
    std::string name;  // dn=, when it has one
};

// "magnet:?xt=urn:btih:<40 hex or 32 base32>&dn=…": the info hash, lower-case hex.
Result<MagnetLink> parse_magnet(std::string_view text);

// "magnet:?xt=urn:btih:<hash>": what is sent to RD for a bare hash (a repair, an import).
std::string magnet_of_hash(std::string_view hash);

// Whether `text` is 40 hexadecimal digits (either case).
bool is_info_hash(std::string_view text);

struct TorrentFileInfo {
    std::string hash;  // SHA-1 of the bencoded info dictionary, lower-case hex
    std::string name;
    std::int64_t bytes = 0;  // the files' sizes added up
    std::size_t files = 0;
};

// A .torrent file (bencoded metainfo): strict — one top-level dictionary with an
// "info" dictionary that names a file or a list of files, nothing after it.
Result<TorrentFileInfo> parse_torrent_file(std::string_view bytes);

// A .torrent file as a job item keeps it: a data: URL in the item's input, so the
// file is committed with its job (nothing to clean up beside the database).
std::string torrent_file_input(std::string_view bytes);
// The file's bytes of such an input; nullopt for anything else (a magnet).
std::optional<std::string> torrent_file_of_input(std::string_view input);

}  // namespace redriva
