// What a torrent is, as Real-Debrid describes it and the database stores it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
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
    std::string status;   // one of kStatuses (domain/status.h) once parsed
    std::string added;    // ISO 8601 UTC
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

}  // namespace redriva
