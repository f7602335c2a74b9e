// The library as a whole, for what reads all of it at once: the export (the
// torrents of a filter, in display order, as DMM's hash list or CSV), the
// duplicates (every torrent's name, hash, size and links), the import (which
// hashes are held already).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

#include "db/sqlite.h"
#include "domain/duplicates.h"

namespace redriva::db {

struct ExportRow {
    std::string id, filename, hash, status, added_on;
    std::int64_t bytes = 0;
    double progress = 0;
    std::int64_t links_count = 0;
};

class LibraryExport {
public:
    explicit LibraryExport(Database& db);

    // Calls `each` for the torrent of every rowid, in the order given.
    void rows(const std::vector<std::int64_t>& rowids,
              const std::function<void(const ExportRow&)>& each);
    // Every torrent, as the duplicate finder reads it.
    std::vector<DuplicateCandidate> candidates();
    // Every hash the library holds.
    std::unordered_set<std::string> hashes();
    // How many torrents a cleanup of same-hash duplicates would delete.
    std::int64_t hash_duplicate_count();

private:
    Statement row_;
    Statement candidates_;
    Statement hashes_;
    Statement hash_duplicates_;
};

}  // namespace redriva::db
