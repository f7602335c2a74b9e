#include "db/torrent_store.h"

#include <string>

#include "db/json_array.h"

namespace redriva::db {

namespace {

// One statement per torrent costs more than it seems: a statement that fires the
// FTS trigger inside a transaction opens a statement savepoint, and FTS5 (as of
// SQLite 3.40) flushes its pending index to a new segment at every savepoint. Writing
// a list page kListChunk rows per statement divides those flushes, and the statement
// overhead, by kListChunk.
constexpr int kListChunk = 32;
constexpr int kListColumns = 14;

// An unchanged entry is not rewritten at all (the WHERE below): no trigger
// fires, so the library_version the web's caches key on stays put when a smart
// sync finds nothing new, and synced_at says when the entry last changed.
// filename is deliberately absent from the DO UPDATE list: the FTS trigger fires on
// "UPDATE OF filename" whether or not the value changes, and re-indexing every name
// on every sync would churn the index for nothing. The rename statement updates it
// only when it differs.
std::string upsert_torrents_sql(int rows) {
    std::string sql =
        "INSERT INTO torrents (id, filename, status, bytes, added_on, hash, host, split, "
        "progress, links, ended, speed, seeders, synced_at) VALUES ";
    for (int row = 0; row < rows; ++row) {
        sql += row == 0 ? "(" : ", (";
        for (int col = 1; col <= kListColumns; ++col) {
            if (col > 1) sql += ", ";
            sql += '?';
            sql += std::to_string(row * kListColumns + col);
        }
        sql += ")";
    }
    sql += R"sql(
ON CONFLICT(id) DO UPDATE SET
    status = excluded.status, bytes = excluded.bytes, added_on = excluded.added_on,
    hash = excluded.hash, host = excluded.host, split = excluded.split,
    progress = excluded.progress, links = excluded.links, ended = excluded.ended,
    speed = excluded.speed, seeders = excluded.seeders, synced_at = excluded.synced_at
WHERE status IS NOT excluded.status OR bytes IS NOT excluded.bytes
   OR added_on IS NOT excluded.added_on OR hash IS NOT excluded.hash
   OR host IS NOT excluded.host OR split IS NOT excluded.split
   OR progress IS NOT excluded.progress OR links IS NOT excluded.links
   OR ended IS NOT excluded.ended OR speed IS NOT excluded.speed
   OR seeders IS NOT excluded.seeders)sql";
    return sql;
}

void bind_list_entry(Statement::Use& use, int row, const TorrentListEntry& e,
                     std::string_view synced_at) {
    int p = row * kListColumns;
    use.bind(p + 1, e.id)
        .bind(p + 2, e.filename)
        .bind(p + 3, e.status)
        .bind(p + 4, e.bytes)
        .bind(p + 5, e.added)
        .bind(p + 6, e.hash)
        .bind(p + 7, e.host)
        .bind(p + 8, e.split)
        .bind(p + 9, e.progress)
        .bind(p + 10, encode_string_array(e.links))
        .bind(p + 11, e.ended)
        .bind(p + 12, e.speed)
        .bind(p + 13, e.seeders)
        .bind(p + 14, synced_at);
}

constexpr std::string_view kRenameTorrent =
    "UPDATE torrents SET filename = ?2 WHERE id = ?1 AND filename IS NOT ?2";

constexpr std::string_view kUpsertDetails = R"sql(
INSERT INTO torrent_details (id, name, status, size, files_count, progress, links, hash, host,
                             error, original_filename, original_bytes, fetched_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
ON CONFLICT(id) DO UPDATE SET
    name = excluded.name, status = excluded.status, size = excluded.size,
    files_count = excluded.files_count, progress = excluded.progress, links = excluded.links,
    hash = excluded.hash, host = excluded.host, error = excluded.error,
    original_filename = excluded.original_filename, original_bytes = excluded.original_bytes,
    fetched_at = excluded.fetched_at
)sql";

}  // namespace

TorrentStore::TorrentStore(Database& db)
    : db_(db),
      upsert_torrent_(db.prepare(upsert_torrents_sql(1))),
      upsert_torrents_chunk_(db.prepare(upsert_torrents_sql(kListChunk))),
      rename_torrent_(db.prepare(kRenameTorrent)),
      upsert_details_(db.prepare(kUpsertDetails)),
      delete_files_(db.prepare("DELETE FROM torrent_files WHERE torrent_id = ?1")),
      insert_file_(
          db.prepare("INSERT INTO torrent_files (torrent_id, file_id, path, bytes, selected) "
                     "VALUES (?1, ?2, ?3, ?4, ?5)")),
      delete_torrent_(db.prepare("DELETE FROM torrents WHERE id = ?1")),
      delete_torrent_before_(db.prepare(
          "DELETE FROM torrents WHERE id = ?1 AND (synced_at IS NULL OR synced_at < ?2)")),
      delete_all_torrents_(db.prepare("DELETE FROM torrents")),
      count_torrents_(db.prepare("SELECT count(*) FROM torrents")),
      set_meta_(db.prepare("INSERT INTO meta (key, value) VALUES (?1, ?2) "
                           "ON CONFLICT(key) DO UPDATE SET value = excluded.value")),
      get_meta_(db.prepare("SELECT value FROM meta WHERE key = ?1")) {}

void TorrentStore::upsert_list_entry(const TorrentListEntry& entry, std::string_view synced_at) {
    {
        auto use = upsert_torrent_.use();
        bind_list_entry(use, 0, entry, synced_at);
        use.run();
    }
    rename(entry);
}

void TorrentStore::upsert_list_entries(std::span<const TorrentListEntry> entries,
                                       std::string_view synced_at) {
    const auto chunk = static_cast<std::size_t>(kListChunk);
    std::size_t i = 0;
    for (; i + chunk <= entries.size(); i += chunk) {
        auto use = upsert_torrents_chunk_.use();
        for (std::size_t row = 0; row < chunk; ++row)
            bind_list_entry(use, static_cast<int>(row), entries[i + row], synced_at);
        use.run();
    }
    for (; i < entries.size(); ++i) {
        auto use = upsert_torrent_.use();
        bind_list_entry(use, 0, entries[i], synced_at);
        use.run();
    }
    // After all the upserts, so that the last entry of a repeated id names it.
    for (const TorrentListEntry& entry : entries) rename(entry);
}

// A no-op when the name is unchanged, as after a fresh insert: one index lookup.
void TorrentStore::rename(const TorrentListEntry& entry) {
    auto use = rename_torrent_.use();
    use.bind(1, entry.id).bind(2, entry.filename);
    use.run();
}

void TorrentStore::upsert_details(const TorrentInfo& info, std::string_view fetched_at) {
    const TorrentListEntry& e = info.entry;
    {
        auto use = upsert_details_.use();
        use.bind(1, e.id)
            .bind(2, e.filename)
            .bind(3, e.status)
            .bind(4, e.bytes)
            .bind(5, static_cast<std::int64_t>(info.files.size()))
            .bind(6, e.progress)
            .bind(7, encode_string_array(e.links))
            .bind(8, e.hash)
            .bind(9, e.host)
            .bind(10, info.error)
            .bind(11, info.original_filename)
            .bind(12, info.original_bytes)
            .bind(13, fetched_at);
        use.run();
    }
    {
        auto use = delete_files_.use();
        use.bind(1, e.id);
        use.run();
    }
    for (const TorrentFile& f : info.files) {
        auto use = insert_file_.use();
        use.bind(1, e.id)
            .bind(2, f.id)
            .bind(3, f.path)
            .bind(4, f.bytes)
            .bind(5, f.selected ? 1 : 0);
        use.run();
    }
}

void TorrentStore::remove_torrent(std::string_view id) {
    auto use = delete_torrent_.use();
    use.bind(1, id);
    use.run();
}

bool TorrentStore::remove_torrent_written_before(std::string_view id, std::string_view listed_at) {
    auto use = delete_torrent_before_.use();
    use.bind(1, id).bind(2, listed_at);
    use.run();
    return db_.changes() > 0;
}

void TorrentStore::remove_all_torrents() {
    auto use = delete_all_torrents_.use();
    use.run();
}

std::int64_t TorrentStore::count_torrents() {
    auto use = count_torrents_.use();
    return use.step() ? use.int64(0) : 0;
}

void TorrentStore::set_meta(std::string_view key, std::string_view value) {
    auto use = set_meta_.use();
    use.bind(1, key).bind(2, value);
    use.run();
}

std::optional<std::string> TorrentStore::get_meta(std::string_view key) {
    auto use = get_meta_.use();
    use.bind(1, key);
    if (!use.step()) return std::nullopt;
    return use.str(0);
}

}  // namespace redriva::db
