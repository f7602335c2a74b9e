// Direct links: POST /unrestrict/link for each hoster link of the torrent (or the
// files asked for), each result stored as soon as it comes (a runner killed half-way
// does not ask again for what it has). A result younger than kFreshSeconds is reused:
// every unrestrict adds an entry to the user's RD downloads list.
#pragma once

#include <cstdint>
#include <set>

#include "actions/item_work.h"
#include "db/action_queue.h"
#include "db/link_store.h"
#include "sync/rd_client.h"

namespace redriva::actions {

class LinksWork final : public ItemWork {
public:
    // `file_ids`: only these files' links (empty: every link).
    LinksWork(db::Database& db, db::ActionQueue& queue, sync::RdClient& client,
              std::set<std::int64_t> file_ids);
    Advance advance(db::ActionItem& item) override;

    static constexpr std::int64_t kFreshSeconds = 3600;

private:
    db::ActionQueue& queue_;
    sync::RdClient& client_;
    db::LinkStore links_;
    std::set<std::int64_t> file_ids_;
};

}  // namespace redriva::actions
