// What a torrent is, as Real-Debrid describes it and the database stores it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redriva {

// An entry of GET /torrents (the list).
struct TorrentListEntry {
    std::string id;  // 13 upper-case alphanumerics
    std::string filename;
    std::string hash;        // 40 hex
    std::int64_t bytes = 0;  // selected files
    std::string host;
    std::optional<std::int64_t> split;
    double progress = 0;  // 0..100, may be fractional
    std::string status;
    std::string added;  // ISO 8601 UTC
    std::vector<std::string> links;
    std::optional<std::string> ended;
    std::optional<std::int64_t> speed;
    std::optional<std::int64_t> seeders;
};

struct TorrentFile {
    std::int64_t id = 0;  // 1-based
    std::string path;     // starts with "/"
    std::int64_t bytes = 0;
    bool selected = false;
};

// GET /torrents/info/{id}: the list entry plus the original torrent and files.
struct TorrentInfo {
    TorrentListEntry entry;
    std::string original_filename;
    std::int64_t original_bytes = 0;
    std::vector<TorrentFile> files;
    std::string error;  // not an RD field: a message kept for failed torrents
};

// The eleven statuses RD reports, and the groups the dashboard counts.
inline constexpr std::array<std::string_view, 11> kStatuses = {"magnet_error",
                                                               "magnet_conversion",
                                                               "waiting_files_selection",
                                                               "queued",
                                                               "downloading",
                                                               "downloaded",
                                                               "error",
                                                               "virus",
                                                               "compressing",
                                                               "uploading",
                                                               "dead"};
inline constexpr std::array<std::string_view, 6> kActiveStatuses = {
    "magnet_conversion", "waiting_files_selection", "queued", "downloading", "compressing",
    "uploading"};
inline constexpr std::array<std::string_view, 4> kErrorStatuses = {"magnet_error", "error", "virus",
                                                                   "dead"};

inline bool is_known_status(std::string_view s) {
    for (auto known : kStatuses)
        if (known == s) return true;
    return false;
}

}  // namespace redriva
