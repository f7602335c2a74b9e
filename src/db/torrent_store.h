// Writes what Real-Debrid reports into the torrents, torrent_details, torrent_files
// and meta tables. Used by the sync and by the demo library generator.
//
// The store never opens a transaction: callers group writes in a WriteTransaction
// (a few thousand torrents each) so that one commit covers a batch and readers see
// whole batches.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "db/sqlite.h"
#include "domain/torrent.h"

namespace redriva::db {

class TorrentStore {
public:
    // Prepares every statement once; the store must not outlive `db`.
    explicit TorrentStore(Database& db);

    // Inserts or updates the torrents row of `entry.id`. An update keeps the rowid
    // (the search index is keyed on it), and touches the search index only when the
    // name actually changed.
    void upsert_list_entry(const TorrentListEntry& entry, std::string_view synced_at);

    // The same for a whole page of the list, several rows per statement: much
    // cheaper than one call per entry (see the .cpp). When an id appears twice, the
    // later entry wins.
    void upsert_list_entries(std::span<const TorrentListEntry> entries, std::string_view synced_at);

    // Inserts or updates torrent_details and replaces the torrent's files. The
    // torrents row must exist (foreign key): write the list entry first.
    void upsert_details(const TorrentInfo& info, std::string_view fetched_at);

    // Deletes the torrent; its details and files go with it (ON DELETE CASCADE).
    void remove_torrent(std::string_view id);

    // The same, unless its row was written at or after `listed_at` (ISO 8601): a
    // torrent an action added while a sync listed is not in that listing, and must
    // not be removed for it. True when it was removed.
    bool remove_torrent_written_before(std::string_view id, std::string_view listed_at);

    // Deletes every torrent, with their details and files.
    void remove_all_torrents();

    std::int64_t count_torrents();

    void set_meta(std::string_view key, std::string_view value);
    std::optional<std::string> get_meta(std::string_view key);

private:
    void rename(const TorrentListEntry& entry);

    Database& db_;
    Statement upsert_torrent_;
    Statement upsert_torrents_chunk_;
    Statement rename_torrent_;
    Statement upsert_details_;
    Statement delete_files_;
    Statement insert_file_;
    Statement delete_torrent_;
    Statement delete_torrent_before_;
    Statement delete_all_torrents_;
    Statement count_torrents_;
    Statement set_meta_;
    Statement get_meta_;
};

}  // namespace redriva::db
