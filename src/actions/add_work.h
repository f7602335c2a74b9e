// Add (and import): put a magnet or a .torrent file on Real-Debrid, choose its
// files, and write the new torrent into the library with the status RD gives it
// (the next syncs follow it from there). Never two copies of one hash: a hash the
// library holds is skipped, and an add whose answer was lost is looked for by its
// hash before it is sent again.
//
// The item's steps, each recorded before the request that depends on it:
//   ""          nothing sent yet
//   "adding"    the add may have reached RD: on resume, RD's newest torrents are
//               read for one with the hash before adding again
//   "added"     the new id is known (new_id); next: wait for the file list, select
//   "selected"  files chosen (or left for the user: manual); next: write the library
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "actions/item_work.h"
#include "db/action_queue.h"
#include "db/library_edits.h"
#include "db/torrent_store.h"
#include "sync/rd_client.h"

namespace redriva::actions {

// How an added torrent's files are chosen.
enum class Selection {
    kAuto,    // the video rule (domain/file_selection.h)
    kAll,     // every file
    kManual,  // none: the torrent waits in "waiting_files_selection" for the user
};

std::optional<Selection> parse_selection(std::string_view name);

class AddWork final : public ItemWork {
public:
    AddWork(db::Database& db, db::ActionQueue& queue, sync::RdClient& client, Selection selection);
    // Several at once: an add waits for RD's magnet conversion between its steps (an
    // import of thousands is bound by the rate limiter, not by these waits).
    int max_parallel() const override { return 10; }
    Advance advance(db::ActionItem& item) override;

    static constexpr std::int64_t kPollMs = 1'500;
    // How long a magnet may stay in conversion before the item gives up (the torrent
    // stays on RD, in the library, where RD may still finish it).
    static constexpr std::int64_t kMaxConversionMs = 120'000;

private:
    Advance start(db::ActionItem& item);
    Advance adopt_or_add(db::ActionItem& item);
    Advance choose_files(db::ActionItem& item);
    // Writes the new torrent as RD describes it and ends the item.
    Advance write_library(db::ActionItem& item, ItemState state = ItemState::kDone,
                          std::string reason = {});
    Advance finish(db::ActionItem& item, ItemState state, const std::string& reason);
    Advance no_answer(db::ActionItem& item, const sync::RdReply& reply);
    void save(db::ActionItem& item, const std::string& step);

    db::Database& db_;
    db::ActionQueue& queue_;
    sync::RdClient& client_;
    Selection selection_;
    db::LibraryEdits edits_;
    db::TorrentStore store_;
    std::unordered_map<int, std::int64_t> added_at_;  // monotonic ms, for kMaxConversionMs
};

}  // namespace redriva::actions
