// The torrents an action is about to act on, read from the library when the job is
// accepted: its items keep their id, hash, name, size and selected files, so that the
// history and the trash still say what they were once the torrent is gone.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/action_queue.h"
#include "db/sqlite.h"

namespace redriva::db {

struct Targets {
    std::vector<NewItem> items;
    std::vector<std::string> unknown;  // ids the library does not hold
    std::int64_t bytes = 0;            // the items' total size
};

class ActionTargets {
public:
    explicit ActionTargets(Database& db);

    // In the order given; an id given twice counts once.
    Targets by_id(const std::vector<std::string>& ids);
    Targets by_rowid(const std::vector<std::int64_t>& rowids);

private:
    // Adds the row `use` steps to (its key bound); false when there is none.
    bool add(Statement::Use& use, Targets& targets);

    Statement by_id_;
    Statement by_rowid_;
    Statement files_;
};

}  // namespace redriva::db
