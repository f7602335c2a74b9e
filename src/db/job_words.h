// The jobs' words as SQL, for the two queues that share the jobs table: states as
// literals and the kinds of each queue as an IN list, written from domain/job.h so
// that the SQL never spells a word of its own (and the planner still sees constants).
#pragma once

#include <string>

#include "db/sqlite.h"
#include "domain/job.h"

namespace redriva::db {

inline std::string sql(JobState state) {
    return sql_literal(job_state_name(state));
}

inline std::string sql(ItemState state) {
    return sql_literal(item_state_name(state));
}

inline std::string sql(ActionKind kind) {
    return sql_literal(action_kind_name(kind));
}

// "'a', 'b'": the names of a table of words (kSyncModes, kActionKinds).
template <typename Table>
std::string sql_names(const Table& table) {
    std::string list;
    for (const auto& word : table) {
        if (!list.empty()) list += ", ";
        list += sql_literal(word.name);
    }
    return list;
}

// "kind IN ('smart', …)": the condition of a job that is a sync (not an action).
inline std::string sql_is_sync() {
    return "kind IN (" + sql_names(kSyncModes) + ")";
}

}  // namespace redriva::db
