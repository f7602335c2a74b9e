// The fake server's Real-Debrid account: an in-memory library of torrents in RD's
// list order (newest added first), generated deterministically by LibraryGenerator
// and changed by the control API and by the write endpoints (addMagnet, delete...).
//
// Thread-safe: every method takes the one mutex; readers get copies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "demo/library_generator.h"
#include "domain/torrent.h"

namespace redriva::fakerd {

struct LibraryPage {
    std::vector<TorrentListEntry> items;
    std::size_t total = 0;  // torrents matching the filter, for X-Total-Count
};

// What a control call may change on one torrent; unset fields stay as they are.
struct TorrentChange {
    std::optional<std::string> status;
    std::optional<double> progress;
    std::optional<std::vector<std::string>> links;
};

enum class SelectFilesResult { kSelected, kAlreadyDone, kNotFound, kBadFiles };

class FakeLibrary {
public:
    FakeLibrary(std::uint64_t seed, std::int64_t now_unix, std::size_t size);

    std::size_t size() const;
    LibraryPage list(std::size_t offset, std::size_t limit, bool active_only) const;
    std::optional<TorrentInfo> info(const std::string& id) const;
    std::size_t active_count() const;
    // The torrent one of whose links is `link` (for /unrestrict/link).
    std::optional<TorrentInfo> find_by_link(std::string_view link) const;

    // Generates `n` torrents added after everything else; returns their ids.
    std::vector<std::string> add(std::size_t n);
    // A new torrent waiting for its file selection, as addMagnet leaves it.
    std::string add_magnet(std::string_view hash);
    // `files` is "all" or a comma-separated list of file ids. The fake finishes the
    // download at once: the torrent becomes "downloaded" with one link per file.
    SelectFilesResult select_files(const std::string& id, std::string_view files);
    bool remove(const std::string& id);
    // Applies `change`, keeping the state-dependent fields (ended, speed, seeders)
    // consistent with the new status. False for an unknown id or status.
    bool change(const std::string& id, const TorrentChange& change);

private:
    TorrentInfo* find_locked(const std::string& id);
    std::string next_added_locked();
    std::string make_link_locked();
    void reindex_locked();

    mutable std::mutex mutex_;
    demo::LibraryGenerator generator_;
    std::int64_t now_;
    std::int64_t last_added_;  // unix time given to the newest added torrent
    std::uint64_t link_counter_ = 0;
    std::vector<TorrentInfo> torrents_;  // newest added first
    std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace redriva::fakerd
