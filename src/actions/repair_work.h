// Repair (reinsert) in the safe order: add the hash as a magnet → select the same
// files (by path, else the automatic rule) → wait until RD says "downloaded" with a
// link per selected file → only then delete the old torrent. If RD starts
// downloading instead (not cached), the *new* copy is deleted and the old one kept
// ("not cached"), unless the job allows the download. Restore is the same path
// without an old torrent: the hash and the files come from the trash.
//
// Each step is recorded before the one that depends on it (the item's `step`):
//   ""          nothing sent yet
//   "adding"    addMagnet may have been sent: on resume, RD's newest torrents are
//               read for one with the hash before adding again (never two copies)
//   "added"     the new id is known (new_id); next: wait for the file list, select
//   "selected"  files selected; next: wait for "downloaded" and its links
//   "verified"  the new copy is whole; next: delete the old one, then done
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>

#include "actions/item_work.h"
#include "db/action_queue.h"
#include "db/library_edits.h"
#include "db/torrent_store.h"
#include "sync/rd_client.h"

namespace redriva::actions {

struct RepairOptions {
    // Keep a new copy RD must download (the old one stays until a later repair).
    bool allow_download = false;
    // Restore: there is no old torrent to delete, and the copy goes back to the library.
    bool restore = false;
    // How long a new copy may take to turn "downloaded" before it counts as not
    // cached; how often it is asked about meanwhile.
    std::int64_t max_wait_ms = 60'000;
    std::int64_t poll_ms = 1'500;
};

class RepairWork final : public ItemWork {
public:
    RepairWork(db::Database& db, db::ActionQueue& queue, sync::RdClient& client,
               RepairOptions options);
    // A few at once: each waits for RD between its steps, and RD's slot limit bounds
    // how many downloads may start (a 509 makes the item wait).
    int max_parallel() const override { return 5; }
    Advance advance(db::ActionItem& item) override;

private:
    Advance start(db::ActionItem& item);
    Advance adopt_or_add(db::ActionItem& item);
    Advance select(db::ActionItem& item);
    Advance verify(db::ActionItem& item);
    Advance replace_old(db::ActionItem& item);
    // The new copy could not be made whole: it goes, the old one stays.
    Advance drop_new(db::ActionItem& item, ItemState state, const std::string& reason);
    Advance finish(db::ActionItem& item, ItemState state, const std::string& reason);
    void save(db::ActionItem& item, const std::string& step);

    db::Database& db_;
    db::ActionQueue& queue_;
    sync::RdClient& client_;
    RepairOptions options_;
    db::LibraryEdits edits_;
    db::TorrentStore store_;
    // When each item's new copy was selected (monotonic ms), for max_wait_ms.
    std::unordered_map<int, std::int64_t> selected_at_;
    // The new copy as verify() read it: replace_old writes it to the library without
    // asking RD again (after a restart, it asks).
    std::unordered_map<int, TorrentInfo> verified_;
};

}  // namespace redriva::actions
