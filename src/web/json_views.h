// Every JSON shape the API answers with, in one place. Field names are a
// contract: scripts and users' tools read them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/json_writer.h"
#include "db/job_queue.h"
#include "db/library_queries.h"
#include "web/library_cache.h"
#include "web/server_types.h"

namespace redriva::web {

std::string error_json(const std::string& message);

// GET /api/charts: {"status": [{"status", "count", "bytes"}], "growth_by_month":
// [{"month": "2025-07", "count", "cumulative"}]}.
std::string charts_json(const std::vector<db::LibraryQueries::StatusTotal>& statuses,
                        const std::vector<std::pair<std::string, std::int64_t>>& months);

std::string stats_json(const db::LibraryStats& stats, std::int64_t now_unix,
                       const std::optional<db::SyncJob>& active,
                       const std::optional<db::SyncJob>& last, bool demo);

std::string torrent_list_json(const TorrentPage& page);

std::string torrent_detail_json(const db::TorrentDetail& detail);
// A torrent's "files": [{id, path, bytes, selected}] (the detail and /files share it).
void files_member(json::Writer& w, const std::vector<TorrentFile>& files);

std::string sync_accepted_json(const db::SyncJob& job, std::int64_t estimated_seconds);
std::string sync_conflict_json(const db::SyncJob& running);

std::string sync_status_json(const std::optional<db::SyncJob>& active,
                             const std::optional<db::SyncJob>& last);

std::string sync_events_json(const std::vector<db::SyncEvent>& events, std::int64_t after);

std::string metrics_json(const PoolMetrics& metrics);

std::string health_json(bool database_ok, int schema_version, int workers);

}  // namespace redriva::web
