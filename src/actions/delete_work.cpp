#include "actions/delete_work.h"

#include "common/real_debrid.h"
#include "rd/wire.h"

namespace redriva::actions {

namespace {

// A slot frees when a download ends: minutes, not seconds.
constexpr std::int64_t kSlotsFullWaitMs = 30'000;
constexpr std::int64_t kTransientWaitMs = 5'000;

}  // namespace

std::optional<Advance> transient_failure(const sync::RdReply& reply, const sync::RdCall& call) {
    if (!reply.failure.empty()) return Advance::transient(kTransientWaitMs, reply.failure);
    if (reply.status == kRdSlotsFull)
        return Advance::transient(kSlotsFullWaitMs, reply.describe(call) + ": slots full");
    if (reply.status == 429 || reply.status >= 500 || reply.status == 0)
        return Advance::transient(kTransientWaitMs, reply.describe(call));
    return std::nullopt;
}

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
