// The dead-link check: asks RD (POST /unrestrict/check, which adds nothing to the
// user's downloads list) whether each hoster link of a downloaded torrent is still
// served, and records the answer (db::LinkCheck). A torrent with a dead link fails
// its check, with the count in its reason, so that its job page offers to repair
// exactly those. At `per_minute` torrents at most — a check is never a sweep the
// user did not ask for, and never faster than they chose.
#pragma once

#include <cstdint>

#include "actions/item_work.h"
#include "db/action_queue.h"
#include "db/link_store.h"
#include "sync/rd_client.h"

namespace redriva::actions {

class CheckWork final : public ItemWork {
public:
    CheckWork(db::Database& db, db::ActionQueue& queue, sync::RdClient& client, int per_minute);
    Advance advance(db::ActionItem& item) override;

    static constexpr int kDefaultPerMinute = 60;

private:
    Advance finish(db::ActionItem& item, ItemState state, const std::string& reason);

    db::Database& db_;
    db::ActionQueue& queue_;
    sync::RdClient& client_;
    db::LinkStore links_;
    std::int64_t interval_ms_;
    std::int64_t last_started_ms_ = -1;
};

}  // namespace redriva::actions
