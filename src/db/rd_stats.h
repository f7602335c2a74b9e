// The running totals of every request any redriva-sync sent to Real-Debrid: a
// process adds what it did as it goes (sync/rd_stats_recorder.h), /metrics reads
// the totals. Counters only grow, as Prometheus expects of them.
#pragma once

#include "common/rd_tally.h"
#include "db/sqlite.h"

namespace redriva::db {

class RdStats {
public:
    explicit RdStats(Database& db);

    // Adds `delta` in one statement: inside the caller's transaction when one is
    // open, else a transaction of its own.
    void add(const RdTally& delta);
    RdTally totals();

private:
    Statement add_;
    Statement read_;
};

}  // namespace redriva::db
