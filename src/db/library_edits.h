// What the actions change in the local library, beside Real-Debrid: a deleted
// torrent leaves a row in the trash (for restore) and a tombstone (so that a sync
// whose listing was taken before the delete does not bring it back).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "db/action_queue.h"
#include "db/sqlite.h"

namespace redriva::db {

struct TrashEntry {
    std::int64_t id = 0;
    std::string torrent_id, hash, filename;
    std::int64_t bytes = 0;
    std::vector<std::string> files;  // the selected files' paths
    std::string deleted_at;
    std::optional<std::int64_t> job_id;
};

class LibraryEdits {
public:
    explicit LibraryEdits(Database& db);

    // RD confirmed that `item`'s torrent is gone: its row goes, a tombstone stays,
    // and (for a user's delete, not a repair's) the trash keeps what restores it.
    // The caller holds a write transaction with the item's new state.
    void record_deleted(const ActionItem& item, bool to_trash);

    // Ids deleted by an action (tombstones younger than prune_deleted keeps): a
    // listing must not write them back.
    std::unordered_set<std::string> deleted_ids();
    // Tombstones older than `before` are forgotten (no listing lasts that long).
    void prune_deleted(std::string_view before);

    // Whether a torrent of the library has this hash.
    bool holds_hash(std::string_view hash);

    // Newest first.
    std::vector<TrashEntry> trash(int page, int page_size);
    std::int64_t trash_count();
    // The most recent entry of `hash`, if any.
    std::optional<TrashEntry> trash_entry(std::string_view hash);
    // Forgets every trash entry of `hash`; false when there was none.
    bool forget_trash(std::string_view hash);

private:
    Database& db_;
    Statement insert_trash_;
    Statement insert_tombstone_;
    Statement delete_torrent_;
    Statement deleted_ids_;
    Statement prune_;
    Statement trash_page_;
    Statement trash_count_;
    Statement trash_entry_;
    Statement forget_trash_;
    Statement holds_hash_;
};

}  // namespace redriva::db
