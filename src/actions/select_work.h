// Select: choose the files of a torrent that waits for it on Real-Debrid
// ("waiting_files_selection": a manual add, or one RD could not decide), then
// write the torrent as RD describes it afterwards. Sending the choice twice is
// harmless (RD answers 202), so the only step recorded is the choice itself.
#pragma once

#include <cstdint>
#include <set>

#include "actions/add_work.h"
#include "actions/item_work.h"
#include "db/action_queue.h"
#include "db/torrent_store.h"
#include "sync/rd_client.h"

namespace redriva::actions {

class SelectWork final : public ItemWork {
public:
    // `file_ids` when the user ticked files; otherwise `selection` (auto or all).
    SelectWork(db::Database& db, db::ActionQueue& queue, sync::RdClient& client,
               std::set<std::int64_t> file_ids, Selection selection);
    Advance advance(db::ActionItem& item) override;

private:
    Advance choose(db::ActionItem& item);
    Advance write_library(db::ActionItem& item);
    Advance finish(db::ActionItem& item, ItemState state, const std::string& reason);

    db::Database& db_;
    db::ActionQueue& queue_;
    sync::RdClient& client_;
    std::set<std::int64_t> file_ids_;
    Selection selection_;
    db::TorrentStore store_;
};

}  // namespace redriva::actions
