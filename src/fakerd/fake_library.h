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

enum class SelectFilesResult { kSelected, kAlreadyDone, kNotFound, kBadFiles, kSlotsFull };

// How the fake account answers the write endpoints, set by the control API.
struct ActionRules {
    // Hashes RD holds (a selection turns "downloaded" at once); the others start a
    // download ("downloading", a slot taken) that never ends by itself.
    bool cache_all = true;
    std::vector<std::string> uncached;  // exceptions to cache_all (lower-case hashes)
    // Active downloads allowed; addMagnet/selectFiles answer 509 past it. Unset, there
    // is no limit (a generated library may hold hundreds of torrents downloading).
    std::optional<std::size_t> slot_limit;
    // addMagnet of a torrent whose name holds one of these answers 451 infringing_file.
    std::vector<std::string> infringing;
    std::int64_t conversion_ms = 0;  // how long a magnet stays in magnet_conversion
};

struct AddMagnetResult {
    enum class Kind { kAdded, kSlotsFull, kInfringing } kind = Kind::kAdded;
    std::string id;
};

class FakeLibrary {
public:
    FakeLibrary(std::uint64_t seed, std::int64_t now_unix, std::size_t size);

    std::size_t size() const;
    LibraryPage list(std::size_t offset, std::size_t limit, bool active_only) const;
    std::optional<TorrentInfo> info(const std::string& id) const;
    // The torrent one of whose links is `link` (for /unrestrict/link).
    std::optional<TorrentInfo> find_by_link(std::string_view link) const;

    // Generates `n` torrents added after everything else; returns their ids.
    std::vector<std::string> add(std::size_t n);
    // A new torrent in magnet_conversion (for rules.conversion_ms), then waiting for
    // its file selection. A hash the account holds or held gets the same name and
    // files again (the same torrent), an unknown one a generated torrent.
    AddMagnetResult add_magnet(std::string_view hash);
    // A second torrent of a held hash, as it is (another tool added it again); its
    // id, or nullopt when no torrent has the hash.
    std::optional<std::string> add_copy(std::string_view hash);
    // `files` is "all" or a comma-separated list of file ids. A cached hash turns
    // "downloaded" at once with one link per selected file; another one starts
    // downloading (a slot) and stays so.
    SelectFilesResult select_files(const std::string& id, std::string_view files);
    // Active downloads (RD's activeCount `nb`) and the limit.
    std::size_t slots_used() const;
    void set_rules(ActionRules rules);
    ActionRules rules() const;
    bool remove(const std::string& id);
    // Applies `change`, keeping the state-dependent fields (ended, speed, seeders)
    // consistent with the new status. False for an unknown id or status.
    bool change(const std::string& id, const TorrentChange& change);

private:
    TorrentInfo* find_locked(const std::string& id);
    // Moves the magnets whose conversion time is over to waiting_files_selection.
    void settle_locked() const;
    std::size_t slots_used_locked() const;
    bool cached_locked(const std::string& hash) const;
    std::string next_added_locked();
    std::string make_link_locked();
    void reindex_locked();

    mutable std::mutex mutex_;
    demo::LibraryGenerator generator_;
    std::int64_t now_;
    std::int64_t last_added_;  // unix time given to the newest added torrent
    std::uint64_t link_counter_ = 0;
    mutable std::vector<TorrentInfo> torrents_;  // newest added first (settle_locked moves states)
    std::unordered_map<std::string, std::size_t> index_;
    ActionRules rules_;
    // When each converting magnet is ready (monotonic ms).
    mutable std::unordered_map<std::string, std::int64_t> converting_;
    // What a removed torrent was, by hash: adding its hash again gives it back.
    std::unordered_map<std::string, TorrentInfo> removed_;
};

}  // namespace redriva::fakerd
