// How one kind of action moves its items forward. The runner (action_runner.h) owns
// the loop: order, cancellation, interactive jobs first, transient failures retried
// later; an ItemWork only knows its kind's steps, each of which it records before it
// moves on, so that a runner killed anywhere resumes the item where it stood.
#pragma once

#include <cstdint>
#include <string>

#include "db/action_queue.h"

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

}  // namespace redriva::actions
