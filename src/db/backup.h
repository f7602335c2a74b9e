// `redriva-sync backup FILE`: a consistent copy of the live database, taken
// with SQLite's online backup API while the web reads and a sync writes (WAL:
// the copy is one read transaction's snapshot and blocks nobody).
#pragma once

#include <cstdint>
#include <string>

#include "db/sqlite.h"

namespace redriva::db {

struct BackupResult {
    std::int64_t pages = 0;
    std::int64_t bytes = 0;
    std::int64_t torrents = 0;
};

// Copies `source` into `destination` through a temporary file beside it, checks
// the copy (quick_check), and renames it into place: `destination` is either
// the previous backup or the new one, never half of one. The file is mode 0600.
// Throws db::Error or std::runtime_error with a readable message.
BackupResult backup_database(const Database& source, const std::string& destination);

}  // namespace redriva::db
