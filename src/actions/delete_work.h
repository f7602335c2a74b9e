// Delete: DELETE /torrents/delete/{id}, then (only once RD confirmed) the local row
// goes, a tombstone stays and the trash keeps what a restore needs. RD's 404 means
// already gone: a success, which is also what makes a repeated item harmless (a
// runner killed after RD's 204 and before the local commit sends it again, gets 404,
// and commits then).
#pragma once

#include "actions/item_work.h"
#include "db/action_queue.h"
#include "db/library_edits.h"
#include "sync/rd_client.h"

namespace redriva::actions {

class DeleteWork final : public ItemWork {
public:
    DeleteWork(db::Database& db, db::ActionQueue& queue, sync::RdClient& client);
    Advance advance(db::ActionItem& item) override;

private:
    db::Database& db_;
    db::ActionQueue& queue_;
    sync::RdClient& client_;
    db::LibraryEdits edits_;
};

}  // namespace redriva::actions
