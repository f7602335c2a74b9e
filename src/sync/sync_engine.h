// The sync modes: list the library, decide what needs details, fetch them
// through the rate-limited client, and write everything in batched
// BEGIN IMMEDIATE transactions, so that a sync killed at any instant leaves a
// consistent database and the next run finishes the work.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/job_queue.h"
#include "db/list_diff.h"
#include "db/sqlite.h"
#include "domain/job.h"
#include "domain/sync_summary.h"
#include "domain/torrent.h"
#include "sync/rate_limiter.h"
#include "sync/rd_client.h"

namespace redriva::sync {

// Where a running sync's progress goes besides the job row: a terminal's
// progress bar, or nothing under cron.
class ProgressView {
public:
    virtual ~ProgressView() = default;
    virtual void update(const db::JobProgress& progress) = 0;
    virtual void line(const std::string& level, const std::string& text) = 0;
};

// Torrents this sync saw turn to a failed status (dead, error…): the notification's
// count and its first names (RD's, untrusted: the notifier bounds and escapes them).
struct TurnedFailed {
    static constexpr std::size_t kNamesKept = 10;
    std::size_t count = 0;
    std::vector<std::string> names;     // the first kNamesKept, in listing order
    std::vector<std::string> statuses;  // each distinct status once, in listing order
};

struct SyncResult {
    bool ok = true;
    SyncSummary summary;
    TurnedFailed turned_failed;
};

class SyncEngine {
public:
    SyncEngine(db::Database& db, RdClient& client, db::JobQueue& jobs, std::int64_t job_id,
               Clock& clock, int per_minute, ProgressView* view);

    // Throws AuthError when Real-Debrid refuses the token (nothing is written
    // then but what earlier batches committed).
    SyncResult run(SyncMode mode);

private:
    struct Listing {
        std::vector<TorrentListEntry> entries;
        std::int64_t total = -1;  // X-Total-Count
        std::size_t skipped = 0;  // malformed entries (ids unknown)
        bool complete = false;    // every listed torrent read: removals are safe
    };

    Listing list_all();
    void write_list(const std::vector<TorrentListEntry>& entries);
    struct FetchOutcome {
        std::size_t ok = 0, not_found = 0, bad = 0, failed = 0;
    };
    FetchOutcome fetch_details(const std::vector<std::string>& ids);
    std::size_t remove_gone(const std::vector<std::string>& ids, const std::string& listed_at);
    std::vector<std::string> failed_status_ids();
    TurnedFailed turned_failed(const db::ListDiff& diff,
                               const std::vector<TorrentListEntry>& entries);

    void event(const std::string& level, const std::string& text);
    void progress(const std::string& phase, std::int64_t done, std::int64_t total, bool force);

    db::Database& db_;
    RdClient& client_;
    db::JobQueue& jobs_;
    std::int64_t job_id_;
    Clock& clock_;
    int per_minute_;
    ProgressView* view_;
    std::int64_t last_report_ms_ = -1;
    int warnings_ = 0;
};

}  // namespace redriva::sync
