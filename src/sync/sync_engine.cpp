#include "sync/sync_engine.h"

#include <algorithm>
#include <unordered_set>

#include "common/clock.h"
#include "common/real_debrid.h"
#include "db/library_edits.h"
#include "db/list_diff.h"
#include "db/torrent_store.h"
#include "domain/status.h"

namespace redriva::sync {

namespace {

constexpr std::size_t kListBatch = 1000;  // list entries per transaction
constexpr std::size_t kInfoBatch = 100;   // details per transaction
constexpr int kMaxWarnings = 20;          // per-torrent problems logged one by one
constexpr std::int64_t kReportEveryMs = 1000;

}  // namespace

SyncEngine::SyncEngine(db::Database& db, RdClient& client, db::JobQueue& jobs, std::int64_t job_id,
                       Clock& clock, int per_minute, ProgressView* view)
    : db_(db),
      client_(client),
      jobs_(jobs),
      job_id_(job_id),
      clock_(clock),
      per_minute_(std::max(1, per_minute)),
      view_(view) {}

void SyncEngine::event(const std::string& level, const std::string& text) {
    jobs_.add_event(job_id_, level, text);
    if (view_) view_->line(level, text);
}

void SyncEngine::progress(const std::string& phase, std::int64_t done, std::int64_t total,
                          bool force) {
    const std::int64_t now = clock_.now_ms();
    if (!force && last_report_ms_ >= 0 && now - last_report_ms_ < kReportEveryMs) return;
    last_report_ms_ = now;
    const RdCounters& c = client_.counters();
    db::JobProgress p;
    p.phase = phase;
    p.done = done;
    p.total = total;
    p.requests = c.requests_sent;
    p.retries = c.retries;
    p.rate_limited = c.rate_limited;
    // Requests left at the configured rate: what bounds a sync's duration.
    if (total > done) p.eta_seconds = (total - done) * 60 / per_minute_ + 1;
    jobs_.report(job_id_, p);
    if (view_) view_->update(p);
}

SyncEngine::Listing SyncEngine::list_all() {
    Listing listing;
    std::unordered_set<std::string> seen;
    for (int page = 1;; ++page) {
        ListPage result = client_.list_page(page, kRdListPageLimit);
        if (result.status == 204 || (result.entries.empty() && result.skipped == 0)) break;
        if (result.total_count && listing.total < 0) listing.total = *result.total_count;
        listing.skipped += result.skipped;
        for (std::size_t i = 0; i < result.skipped_reasons.size() && warnings_ < kMaxWarnings;
             ++i, ++warnings_)
            event("warn", "Skipped a malformed list entry: " + result.skipped_reasons[i]);
        for (auto& e : result.entries)
            // A library that changes while it is listed can shift an entry onto
            // the next page: keep the first copy.
            if (seen.insert(e.id).second) listing.entries.push_back(std::move(e));
        progress("listing", static_cast<std::int64_t>(listing.entries.size()),
                 std::max<std::int64_t>(listing.total, 0), false);
        if (result.entries.size() + result.skipped < static_cast<std::size_t>(kRdListPageLimit))
            break;
    }
    listing.complete =
        listing.skipped == 0 &&
        (listing.total < 0 ? false
                           : static_cast<std::int64_t>(listing.entries.size()) == listing.total);
    return listing;
}

void SyncEngine::write_list(const std::vector<TorrentListEntry>& entries) {
    db::TorrentStore store(db_);
    db::LibraryEdits edits(db_);
    const std::string now = iso8601_now();
    std::vector<TorrentListEntry> kept;
    for (std::size_t i = 0; i < entries.size(); i += kListBatch) {
        const std::size_t n = std::min(kListBatch, entries.size() - i);
        db::WriteTransaction tx(db_);
        // Read under the write lock: an action that deleted a torrent after RD listed
        // it has committed its tombstone by now, and the listing must not undo it.
        const auto deleted = edits.deleted_ids();
        std::span<const TorrentListEntry> batch(entries.data() + i, n);
        if (!deleted.empty()) {
            kept.clear();
            for (const auto& e : batch)
                if (!deleted.contains(e.id)) kept.push_back(e);
            batch = kept;
        }
        store.upsert_list_entries(batch, now);
        tx.commit();
    }
}

SyncEngine::FetchOutcome SyncEngine::fetch_details(const std::vector<std::string>& ids) {
    FetchOutcome outcome;
    if (ids.empty()) return outcome;
    db::TorrentStore store(db_);
    db::LibraryEdits edits(db_);
    std::vector<TorrentInfo> pending;
    const auto flush = [&] {
        if (pending.empty()) return;
        const std::string now = iso8601_now();
        db::WriteTransaction tx(db_);
        const auto deleted = edits.deleted_ids();
        for (const auto& info : pending) {
            if (deleted.contains(info.entry.id)) continue;  // an action deleted it meanwhile
            // The info call carries the list fields too: both rows move together.
            store.upsert_list_entry(info.entry, now);
            store.upsert_details(info, now);
        }
        tx.commit();
        pending.clear();
    };
    std::size_t done = 0;
    const auto total = static_cast<std::int64_t>(ids.size());
    client_.fetch_infos(ids, [&](const std::string& id, InfoResult result) {
        ++done;
        switch (result.status) {
            case InfoStatus::kOk:
                ++outcome.ok;
                pending.push_back(std::move(*result.info));
                break;
            case InfoStatus::kNotFound: ++outcome.not_found; break;
            case InfoStatus::kBadData:
                ++outcome.bad;
                if (warnings_++ < kMaxWarnings)
                    event("warn", "Skipped torrent " + id + ": " + result.error);
                break;
            case InfoStatus::kFailed:
                ++outcome.failed;
                if (warnings_++ < kMaxWarnings)
                    event("warn", "Could not fetch torrent " + id + ": " + result.error);
                break;
        }
        if (pending.size() >= kInfoBatch) flush();
        progress("details", static_cast<std::int64_t>(done), total, false);
    });
    flush();
    return outcome;
}

std::size_t SyncEngine::remove_gone(const std::vector<std::string>& ids,
                                    const std::string& listed_at) {
    db::TorrentStore store(db_);
    std::size_t removed = 0;
    for (std::size_t i = 0; i < ids.size(); i += kListBatch) {
        db::WriteTransaction tx(db_);
        for (std::size_t j = i; j < std::min(ids.size(), i + kListBatch); ++j)
            if (store.remove_torrent_written_before(ids[j], listed_at)) ++removed;
        tx.commit();
    }
    return removed;
}

std::vector<std::string> SyncEngine::failed_status_ids() {
    std::vector<std::string> ids;
    auto stmt = db_.prepare("SELECT id FROM torrents WHERE status IN (" +
                            db::sql_literals(kErrorStatuses) + ") ORDER BY added_on DESC");
    auto use = stmt.use();
    while (use.step()) ids.push_back(use.str(0));
    return ids;
}

TurnedFailed SyncEngine::turned_failed(const db::ListDiff& diff,
                                       const std::vector<TorrentListEntry>& entries) {
    TurnedFailed out;
    if (diff.turned_failed_ids.empty()) return out;
    const std::unordered_set<std::string> ids(diff.turned_failed_ids.begin(),
                                              diff.turned_failed_ids.end());
    for (const auto& e : entries) {
        if (!ids.contains(e.id)) continue;
        ++out.count;
        if (out.names.size() < TurnedFailed::kNamesKept) out.names.push_back(e.filename);
        if (std::find(out.statuses.begin(), out.statuses.end(), e.status) == out.statuses.end())
            out.statuses.push_back(e.status);
    }
    event("warn", std::to_string(out.count) + " torrents turned to a failed status");
    return out;
}

SyncResult SyncEngine::run(SyncMode mode) {
    SyncResult result;
    SyncSummary& summary = result.summary;
    std::size_t removed = 0;
    FetchOutcome fetched;

    if (mode == SyncMode::kErrors) {
        const auto ids = failed_status_ids();
        event("info", "Refreshing " + std::to_string(ids.size()) + " torrents in a failed status");
        fetched = fetch_details(ids);
    } else {
        progress("listing", 0, 0, true);
        // Rows written from now on (an action's add) are newer than the listing.
        const std::string listed_at = iso8601_now();
        Listing listing = list_all();
        event("info",
              "Listed " + std::to_string(listing.entries.size()) + " torrents" +
                  (listing.total >= 0 ? " (RD reports " + std::to_string(listing.total) + ")"
                                      : std::string()));
        // The diff must see the database as it was before this listing is written.
        const db::ListDiff diff = db::diff_against_library(db_, listing.entries);
        result.turned_failed = turned_failed(diff, listing.entries);
        write_list(listing.entries);
        if (listing.complete) {
            removed = remove_gone(diff.gone_ids, listed_at);
            if (removed > 0)
                event("info",
                      "Removed " + std::to_string(removed) + " torrents no longer on Real-Debrid");
        } else if (!diff.gone_ids.empty()) {
            event("warn", "The listing was incomplete: kept " +
                              std::to_string(diff.gone_ids.size()) +
                              " local torrents that were not listed");
        }
        std::vector<std::string> ids;
        if (mode == SyncMode::kFast) {
            for (const auto& e : listing.entries) ids.push_back(e.id);
        } else if (mode == SyncMode::kSmart) {
            ids = diff.to_fetch(listing.entries);
            event("info", std::to_string(diff.new_ids.size()) + " new, " +
                              std::to_string(diff.changed_ids.size()) + " changed, " +
                              std::to_string(diff.missing_details_ids.size()) +
                              " without details: fetching " + std::to_string(ids.size()));
        }
        fetched = fetch_details(ids);
        summary.listed = static_cast<std::int64_t>(listing.entries.size());
    }
    summary.detailed = static_cast<std::int64_t>(fetched.ok);
    summary.removed = static_cast<std::int64_t>(removed);
    summary.unreadable = static_cast<std::int64_t>(fetched.bad + fetched.failed);
    const RdCounters& c = client_.counters();
    summary.requests = c.requests_sent;
    summary.retries = c.retries;
    summary.rate_limited = c.rate_limited;
    progress("done", 1, 1, true);
    result.ok = fetched.failed == 0;
    return result;
}

}  // namespace redriva::sync
