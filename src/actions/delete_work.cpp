#include "actions/delete_work.h"

#include "rd/wire.h"

namespace redriva::actions {

DeleteWork::DeleteWork(db::Database& db, db::ActionQueue& queue, sync::RdClient& client)
    : db_(db), queue_(queue), client_(client), edits_(db) {}

Advance DeleteWork::advance(db::ActionItem& item) {
    if (!rd::is_rd_id(item.torrent_id)) {
        item.state = ItemState::kFailed;
        item.reason = "not a Real-Debrid torrent id";
        queue_.set_item(item);
        return Advance::finished();
    }
    const auto call = sync::RdCall::remove("/torrents/delete/" + item.torrent_id);
    const sync::RdReply reply = client_.call(call);
    if (auto later = transient_failure(reply, call)) return *later;
    if (reply.status != 204 && reply.status != 200 && reply.status != 404) {
        // RD said no for a reason of its own: nothing was deleted, locally either.
        item.state = ItemState::kFailed;
        item.reason = reply.describe(call);
        queue_.set_item(item);
        return Advance::finished();
    }
    db::WriteTransaction tx(db_);
    edits_.record_deleted(item, /*to_trash=*/true);
    item.state = ItemState::kDone;
    item.step = "deleted";
    item.reason = reply.status == 404 ? "already gone from Real-Debrid" : "";
    queue_.set_item(item);
    tx.commit();
    return Advance::finished();
}

}  // namespace redriva::actions
