// What /metrics reads of the database: the jobs by kind and state, the library by
// status, the last good sync, and the totals of the requests sent to Real-Debrid. Each
// is a few rows (the jobs table is scanned once: thousands of rows at most). The last
// sync itself is the job queue's (JobQueue::last_finished).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/rd_tally.h"
#include "db/rd_stats.h"
#include "db/sqlite.h"

namespace redriva::db {

struct JobCount {
    std::string kind, state;
    std::int64_t jobs = 0;
};

struct StatusCount {
    std::string status;
    std::int64_t torrents = 0, bytes = 0;
};

struct MetricsFigures {
    std::vector<JobCount> jobs;
    std::vector<StatusCount> library;
    std::optional<std::int64_t> last_success_unix;
    RdTally rd;
};

class MetricsQueries {
public:
    explicit MetricsQueries(Database& db);
    // One read transaction: the figures agree with each other.
    MetricsFigures read();

private:
    Database& db_;
    Statement jobs_;
    Statement library_;
    Statement last_success_;
    RdStats rd_;
};

}  // namespace redriva::db
