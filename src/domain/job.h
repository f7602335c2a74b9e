// The jobs' words, defined once: the states a job goes through, the sync modes and
// the actions (a job's kind is one of either), and the states of an action's items. The job queue's
// SQL is written from these names, the API and the pages print them, and the browser scripts
// receive them as data.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "domain/word.h"

namespace redriva {

// queued → running → done | failed | cancelled. "done" means the job ran to its end
// (an action's items may still have failed: its counts say); "failed" that it could
// not run (token refused, RD unreachable). A job is "active" while queued or running;
// at most one sync is (the queue refuses a second), and it is what the dashboard follows.
enum class JobState { kQueued, kRunning, kDone, kFailed, kCancelled };

inline constexpr std::array<Word<JobState>, 5> kJobStates = {{
    {JobState::kQueued, "queued"},
    {JobState::kRunning, "running"},
    {JobState::kDone, "done"},
    {JobState::kFailed, "failed"},
    {JobState::kCancelled, "cancelled"},
}};

constexpr std::string_view job_state_name(JobState state) {
    return name_of(kJobStates, state);
}

constexpr std::optional<JobState> parse_job_state(std::string_view name) {
    return value_named(kJobStates, name);
}

constexpr bool is_finished(JobState state) {
    return state != JobState::kQueued && state != JobState::kRunning;
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

// What an action job does to the library on Real-Debrid. Actions run in their own
// lane (redriva-sync actions), beside a sync, under the same request budget.
enum class ActionKind { kDelete, kRepair, kRestore, kAdd, kSelect, kLinks, kImport, kCheck };

inline constexpr std::array<Word<ActionKind>, 8> kActionKinds = {{
    {ActionKind::kDelete, "delete"},
    {ActionKind::kRepair, "repair"},
    {ActionKind::kRestore, "restore"},
    {ActionKind::kAdd, "add"},
    {ActionKind::kSelect, "select"},
    {ActionKind::kLinks, "links"},
    {ActionKind::kImport, "import"},
    {ActionKind::kCheck, "check"},
}};

constexpr std::string_view action_kind_name(ActionKind kind) {
    return name_of(kActionKinds, kind);
}

constexpr std::optional<ActionKind> parse_action_kind(std::string_view name) {
    return value_named(kActionKinds, name);
}

// One torrent's part of an action: pending → running → done | failed | skipped. A
// failed or skipped item always says why.
enum class ItemState { kPending, kRunning, kDone, kFailed, kSkipped };

inline constexpr std::array<Word<ItemState>, 5> kItemStates = {{
    {ItemState::kPending, "pending"},
    {ItemState::kRunning, "running"},
    {ItemState::kDone, "done"},
    {ItemState::kFailed, "failed"},
    {ItemState::kSkipped, "skipped"},
}};

constexpr std::string_view item_state_name(ItemState state) {
    return name_of(kItemStates, state);
}

constexpr std::optional<ItemState> parse_item_state(std::string_view name) {
    return value_named(kItemStates, name);
}

}  // namespace redriva
