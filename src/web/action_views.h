// The JSON of the actions: jobs with their items, previews, the trash and the
// history. Field names are a contract (docs/api.md lists them).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/action_queue.h"
#include "db/action_targets.h"
#include "db/job_queue.h"
#include "db/library_edits.h"
#include "db/library_queries.h"
#include "db/link_store.h"
#include "domain/duplicates.h"

namespace redriva::web {

// GET /api/jobs/<job> for an action: {job, kind, state, created_at, started_at,
// finished_at, progress: {done, total}, counts: {done, failed, skipped}, result,
// items: [{torrent_id, hash, filename, new_id, state, reason}]}; without items
// when `items` is null (the history).
std::string action_job_json(const db::ActionJob& job, const std::vector<db::ActionItem>* items);
// The same shape for a sync job (no items; progress is the sync's own).
std::string sync_job_json(const db::SyncJob& job);

// 202: {job, kind, state, count, bytes}.
std::string action_accepted_json(const db::ActionJob& job, std::int64_t bytes);
// 409: {error, job, busy: [ids]}.
std::string action_conflict_json(const db::ActionJob& job, const std::vector<std::string>& busy);
// 409 for a confirmation that no longer matches: {error, count, bytes}.
std::string confirm_mismatch_json(std::int64_t confirmed, const db::Targets& targets);

// POST /api/actions/preview: {action, count, bytes, sample: [{id, filename, bytes, status}]}.
std::string preview_json(std::string_view action, const db::Targets& targets);

// GET /api/trash: {trash: [{hash, torrent_id, filename, bytes, files, deleted_at, job}],
// pagination: {as /api/torrents}}.
std::string trash_json(const std::vector<db::TrashEntry>& entries, int page, int page_size,
                       std::int64_t total);

// GET /api/torrents/<id>/links: {links: [{file_id, path, bytes, download, filename,
// mime_type, streamable, unrestricted_at}]} (file_id null when links and files do not
// pair up, as for a RAR).
// GET /api/duplicates: the groups, each torrent with whether the keep rule keeps it.
std::string duplicates_json(const std::vector<DuplicateGroup>& groups);

// GET /api/torrents/<id>/files: the files RD offers, for a manual selection.
std::string torrent_files_json(const db::TorrentDetail& detail);

std::string direct_links_json(const std::vector<db::DirectLink>& links);

// GET /api/actions/history: {jobs: [...], pagination: {as /api/torrents}}.
std::string history_json(const std::vector<db::ActionJob>& jobs, int page, int page_size,
                         std::int64_t total);

}  // namespace redriva::web
