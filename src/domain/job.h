// The jobs' words, defined once: the states a job goes through and the sync modes
// (a sync job's type). The job queue's SQL is written from these names, the API and
// the pages print them, and the browser scripts receive them as data.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "domain/word.h"

namespace redriva {

// queued → running → done | failed. A job is "active" while queued or running: at
// most one is (the queue refuses a second), and it is what the dashboard follows.
enum class JobState { kQueued, kRunning, kDone, kFailed };

inline constexpr std::array<Word<JobState>, 4> kJobStates = {{
    {JobState::kQueued, "queued"},
    {JobState::kRunning, "running"},
    {JobState::kDone, "done"},
    {JobState::kFailed, "failed"},
}};

constexpr std::string_view job_state_name(JobState state) {
    return name_of(kJobStates, state);
}

constexpr std::optional<JobState> parse_job_state(std::string_view name) {
    return value_named(kJobStates, name);
}

constexpr bool is_finished(JobState state) {
    return state == JobState::kDone || state == JobState::kFailed;
}

// What a sync does (redriva-sync's MODE, POST /api/sync/{type}, a job's type):
// smart lists, then fetches the details of new, changed and detail-less torrents;
// fast lists, then fetches every torrent's details; torrents only lists; errors
// fetches the details of the torrents in a failed status.
enum class SyncMode { kSmart, kFast, kTorrents, kErrors };

inline constexpr std::array<Word<SyncMode>, 4> kSyncModes = {{
    {SyncMode::kSmart, "smart"},
    {SyncMode::kFast, "fast"},
    {SyncMode::kTorrents, "torrents"},
    {SyncMode::kErrors, "errors"},
}};

constexpr std::string_view sync_mode_name(SyncMode mode) {
    return name_of(kSyncModes, mode);
}

constexpr std::optional<SyncMode> parse_sync_mode(std::string_view name) {
    return value_named(kSyncModes, name);
}

// "smart, fast, torrents or errors": the modes, for a message naming the choices.
std::string sync_mode_choices();

}  // namespace redriva
