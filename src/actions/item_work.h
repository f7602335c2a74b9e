// How one kind of action moves its items forward. The runner (action_runner.h) owns
// the loop: order, cancellation, interactive jobs first, transient failures retried
// later; an ItemWork only knows its kind's steps, each of which it records before it
// moves on, so that a runner killed anywhere resumes the item where it stood.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "domain/torrent.h"

#include "db/action_queue.h"
#include "sync/rd_client.h"

namespace redriva::actions {

struct Advance {
    enum class Kind {
        kFinished,   // the item reached done, failed or skipped (and says why)
        kLater,      // call again after `wait_ms`: a step RD must finish first (a repair
                     // waiting for a torrent to turn downloaded)
        kTransient,  // RD could not answer now (429, 5xx, 509, timeout): nothing was
                     // changed on doubt; retry after `wait_ms`, a bounded number of times
    };
    Kind kind = Kind::kFinished;
    std::int64_t wait_ms = 0;
    std::string why;  // kTransient: what went wrong, for the reason if retries run out
    // kTransient because RD's download slots are full (509): a slot frees when a
    // download ends, so the item waits longer before it gives up.
    bool slots_full = false;

    static Advance finished() { return {}; }
    static Advance later(std::int64_t ms) { return {Kind::kLater, ms, {}}; }
    static Advance transient(std::int64_t ms, std::string why) {
        return {Kind::kTransient, ms, std::move(why)};
    }
};

class ItemWork {
public:
    virtual ~ItemWork() = default;
    // Items worked on at once (a repair waits for RD between its steps).
    virtual int max_parallel() const { return 1; }
    // One step of `item` (state pending or running; `step` says where it stands).
    // Writes what it changes, the item's new state included, in one transaction.
    virtual Advance advance(db::ActionItem& item) = 0;
};

// What a reply that is not an answer means for any action: Advance::transient for
// the ones that may succeed later (no answer, 429, 5xx, 509), nullopt otherwise.
std::optional<Advance> transient_failure(const sync::RdReply& reply, const sync::RdCall& call);

// ---------------------------------------------------------------- steps shared by
// the actions that put a torrent on RD (repair, restore, add, import, select)

// GET /torrents/info/ID read strictly. nullopt when there is no usable answer:
// `reply` then says why (status 0 for an answer that could not be read, or that
// describes another torrent — no answer, never a reason to change anything).
std::optional<TorrentInfo> read_torrent_info(sync::RdClient& client, const std::string& id,
                                             sync::RdReply& reply);

// Sends the add (addMagnet for a magnet, addTorrent for a .torrent file's bytes).
// Never sent twice by the client: an add that may have reached RD is looked for
// with find_copy instead.
sync::RdReply send_add(sync::RdClient& client, const std::string& magnet_or_empty,
                       const std::string& torrent_file, sync::RdCall& call);

// After an add whose answer was lost (or a runner killed while it was in flight):
// the id of a torrent with `hash` among RD's newest, other than `except_id`; an
// empty string when there is none. A failed listing is an Advance::transient.
Result<std::string, Advance> find_copy(sync::RdClient& client, const std::string& hash,
                                       const std::string& except_id);

// POST /torrents/selectFiles/ID with `ids`; true when RD took it (204, or 202:
// selected already). Otherwise `reply` says why.
bool select_files(sync::RdClient& client, const std::string& id,
                  const std::vector<std::int64_t>& ids, sync::RdReply& reply, sync::RdCall& call);

}  // namespace redriva::actions
