#include "db/library_export.h"

namespace redriva::db {

LibraryExport::LibraryExport(Database& db)
    : row_(db.prepare("SELECT id, filename, hash, status, bytes, added_on, progress,"
                      " json_array_length(links) FROM torrents WHERE rowid = ?")),
      candidates_(db.prepare("SELECT id, filename, hash, status, bytes, added_on,"
                             " json_array_length(links) FROM torrents")),
      hashes_(db.prepare("SELECT DISTINCT hash FROM torrents WHERE hash != ''")),
      hash_duplicates_(db.prepare("SELECT coalesce(sum(torrents - 1), 0) FROM hash_counts"
                                  " WHERE torrents > 1")) {}

void LibraryExport::rows(const std::vector<std::int64_t>& rowids,
                         const std::function<void(const ExportRow&)>& each) {
    ExportRow row;
    for (std::int64_t rowid : rowids) {
        auto use = row_.use();
        use.bind(1, rowid);
        if (!use.step()) continue;  // deleted between the two reads
        row.id = use.str(0);
        row.filename = use.str(1);
        row.hash = use.str(2);
        row.status = use.str(3);
        row.bytes = use.int64(4);
        row.added_on = use.str(5);
        row.progress = use.real(6);
        row.links_count = use.int64(7);
        each(row);
    }
}

std::vector<DuplicateCandidate> LibraryExport::candidates() {
    std::vector<DuplicateCandidate> out;
    auto use = candidates_.use();
    while (use.step()) {
        DuplicateCandidate c;
        c.id = use.str(0);
        c.filename = use.str(1);
        c.hash = use.str(2);
        c.status = use.str(3);
        c.bytes = use.int64(4);
        c.added_on = use.str(5);
        c.links_count = use.int64(6);
        out.push_back(std::move(c));
    }
    return out;
}

std::unordered_set<std::string> LibraryExport::hashes() {
    std::unordered_set<std::string> out;
    auto use = hashes_.use();
    while (use.step()) out.insert(use.str(0));
    return out;
}

std::int64_t LibraryExport::hash_duplicate_count() {
    auto use = hash_duplicates_.use();
    return use.step() ? use.int64(0) : 0;
}

}  // namespace redriva::db
