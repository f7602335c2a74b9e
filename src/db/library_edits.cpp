#include "db/library_edits.h"

#include "common/clock.h"
#include "db/json_array.h"

namespace redriva::db {

namespace {

constexpr const char* kTrashColumns =
    "id, torrent_id, hash, filename, bytes, files, deleted_at, job_id";

TrashEntry trash_of_row(const Statement::Use& use) {
    TrashEntry e;
    e.id = use.int64(0);
    e.torrent_id = use.str(1);
    e.hash = use.str(2);
    e.filename = use.str(3);
    e.bytes = use.int64(4);
    e.files = decode_string_array(use.text(5));
    e.deleted_at = use.str(6);
    if (!use.is_null(7)) e.job_id = use.int64(7);
    return e;
}

}  // namespace

LibraryEdits::LibraryEdits(Database& db)
    : db_(db),
      insert_trash_(db.prepare("INSERT INTO trash(torrent_id, hash, filename, bytes, files,"
                               " deleted_at, job_id) VALUES (?, ?, ?, ?, ?, ?, ?)")),
      insert_tombstone_(
          db.prepare("INSERT OR REPLACE INTO deleted_torrents(id, deleted_at) VALUES (?, ?)")),
      delete_torrent_(db.prepare("DELETE FROM torrents WHERE id = ?")),
      deleted_ids_(db.prepare("SELECT id FROM deleted_torrents")),
      prune_(db.prepare("DELETE FROM deleted_torrents WHERE deleted_at < ?")),
      trash_page_(db.prepare(std::string("SELECT ") + kTrashColumns +
                             " FROM trash ORDER BY id DESC LIMIT ? OFFSET ?")),
      trash_count_(db.prepare("SELECT count(*) FROM trash")),
      trash_entry_(db.prepare(std::string("SELECT ") + kTrashColumns +
                              " FROM trash WHERE hash = ? ORDER BY id DESC LIMIT 1")),
      forget_trash_(db.prepare("DELETE FROM trash WHERE hash = ?")),
      holds_hash_(db.prepare("SELECT 1 FROM torrents WHERE hash = ? LIMIT 1")) {}

bool LibraryEdits::holds_hash(std::string_view hash) {
    auto use = holds_hash_.use();
    use.bind(1, hash);
    return use.step();
}

void LibraryEdits::record_deleted(const ActionItem& item, bool to_trash) {
    const std::string now = iso8601_now();
    if (to_trash) {
        auto use = insert_trash_.use();
        use.bind(1, item.torrent_id).bind(2, item.hash).bind(3, item.filename);
        use.bind(4, item.bytes).bind(5, encode_string_array(item.files)).bind(6, now);
        use.bind(7, item.job_id);
        use.run();
    }
    {
        auto use = insert_tombstone_.use();
        use.bind(1, item.torrent_id).bind(2, now);
        use.run();
    }
    auto use = delete_torrent_.use();
    use.bind(1, item.torrent_id);
    use.run();
}

std::unordered_set<std::string> LibraryEdits::deleted_ids() {
    std::unordered_set<std::string> ids;
    auto use = deleted_ids_.use();
    while (use.step()) ids.insert(use.str(0));
    return ids;
}

void LibraryEdits::prune_deleted(std::string_view before) {
    auto use = prune_.use();
    use.bind(1, before);
    use.run();
}

std::vector<TrashEntry> LibraryEdits::trash(int page, int page_size) {
    std::vector<TrashEntry> out;
    auto use = trash_page_.use();
    use.bind(1, page_size).bind(2, static_cast<std::int64_t>(page - 1) * page_size);
    while (use.step()) out.push_back(trash_of_row(use));
    return out;
}

std::int64_t LibraryEdits::trash_count() {
    auto use = trash_count_.use();
    return use.step() ? use.int64(0) : 0;
}

std::optional<TrashEntry> LibraryEdits::trash_entry(std::string_view hash) {
    auto use = trash_entry_.use();
    use.bind(1, hash);
    if (!use.step()) return std::nullopt;
    return trash_of_row(use);
}

bool LibraryEdits::forget_trash(std::string_view hash) {
    auto use = forget_trash_.use();
    use.bind(1, hash);
    use.run();
    return db_.changes() > 0;
}

}  // namespace redriva::db
