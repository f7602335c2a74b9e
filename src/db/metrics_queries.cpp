#include "db/metrics_queries.h"

#include "common/clock.h"
#include "db/job_words.h"

namespace redriva::db {

MetricsQueries::MetricsQueries(Database& db)
    : db_(db),
      jobs_(db.prepare("SELECT kind, state, count(*) FROM jobs GROUP BY kind, state")),
      library_(db.prepare("SELECT status, torrents, bytes FROM torrent_totals WHERE torrents > 0")),
      last_success_(db.prepare("SELECT max(finished_at) FROM jobs WHERE " + sql_is_sync() +
                               " AND state = " + sql(JobState::kDone))),
      rd_(db) {}

MetricsFigures MetricsQueries::read() {
    MetricsFigures f;
    ReadTransaction tx(db_);
    {
        auto use = jobs_.use();
        while (use.step()) f.jobs.push_back({use.str(0), use.str(1), use.int64(2)});
    }
    {
        auto use = library_.use();
        while (use.step()) f.library.push_back({use.str(0), use.int64(1), use.int64(2)});
    }
    {
        auto use = last_success_.use();
        if (use.step() && use.type(0) != SQLITE_NULL)
            f.last_success_unix = parse_iso8601_utc(use.text(0)).value_or(0);
    }
    f.rd = rd_.totals();
    return f;
}

}  // namespace redriva::db
