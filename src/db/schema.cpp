#include "db/schema.h"

#include <string>
#include <vector>

namespace redriva::db {

namespace {

// Each entry moves the schema from version i to i+1. Never edit a released
// entry: append a new one.
const std::vector<const char*>& migrations() {
    static const std::vector<const char*> list = {
        // 1: the seed's tables with what the RD API gives, files, jobs, events.
        R"sql(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- One row per torrent of the RD list (GET /torrents). The rowid is stable
-- (upserts keep it) and keys the search index.
CREATE TABLE torrents (
    id        TEXT PRIMARY KEY,        -- RD id, 13 alphanumerics
    filename  TEXT NOT NULL,
    status    TEXT NOT NULL,
    bytes     INTEGER NOT NULL DEFAULT 0,
    added_on  TEXT NOT NULL,           -- ISO 8601 UTC, as RD sends it
    hash      TEXT NOT NULL DEFAULT '',
    host      TEXT NOT NULL DEFAULT '',
    split     INTEGER,
    progress  REAL NOT NULL DEFAULT 0,
    links     TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
    ended     TEXT,
    speed     INTEGER,
    seeders   INTEGER,
    synced_at TEXT                     -- when the list entry was last written
);
CREATE INDEX torrents_added    ON torrents(added_on, id);
CREATE INDEX torrents_name     ON torrents(filename COLLATE NOCASE, id);
CREATE INDEX torrents_bytes    ON torrents(bytes, id);
CREATE INDEX torrents_status   ON torrents(status, added_on, id);
CREATE INDEX torrents_progress ON torrents(progress, id);
CREATE INDEX torrents_hash     ON torrents(hash);

-- GET /torrents/info/{id}: the seed's columns plus the original torrent.
CREATE TABLE torrent_details (
    id                TEXT PRIMARY KEY REFERENCES torrents(id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    status            TEXT NOT NULL,
    size              INTEGER NOT NULL DEFAULT 0,
    files_count       INTEGER NOT NULL DEFAULT 0,
    progress          REAL NOT NULL DEFAULT 0,
    links             TEXT NOT NULL DEFAULT '[]',
    hash              TEXT NOT NULL DEFAULT '',
    host              TEXT NOT NULL DEFAULT '',
    error             TEXT NOT NULL DEFAULT '',
    original_filename TEXT NOT NULL DEFAULT '',
    original_bytes    INTEGER NOT NULL DEFAULT 0,
    fetched_at        TEXT NOT NULL
);

CREATE TABLE torrent_files (
    torrent_id TEXT NOT NULL REFERENCES torrent_details(id) ON DELETE CASCADE,
    file_id    INTEGER NOT NULL,       -- RD's 1-based file id
    path       TEXT NOT NULL,
    bytes      INTEGER NOT NULL DEFAULT 0,
    selected   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (torrent_id, file_id)
) WITHOUT ROWID;

-- Word-prefix search over names; hashes are searched through torrents_hash.
CREATE VIRTUAL TABLE torrents_fts USING fts5(
    filename, content='torrents', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2', prefix='2 3');
CREATE TRIGGER torrents_fts_insert AFTER INSERT ON torrents BEGIN
    INSERT INTO torrents_fts(rowid, filename) VALUES (new.rowid, new.filename);
END;
CREATE TRIGGER torrents_fts_delete AFTER DELETE ON torrents BEGIN
    INSERT INTO torrents_fts(torrents_fts, rowid, filename) VALUES ('delete', old.rowid, old.filename);
END;
CREATE TRIGGER torrents_fts_update AFTER UPDATE OF filename ON torrents
WHEN old.filename IS NOT new.filename BEGIN
    INSERT INTO torrents_fts(torrents_fts, rowid, filename) VALUES ('delete', old.rowid, old.filename);
    INSERT INTO torrents_fts(rowid, filename) VALUES (new.rowid, new.filename);
END;

-- library_version moves with every change to the library itself (not to jobs
-- or their log lines): the web's caches of lists, pages and stats key on it.
INSERT INTO meta(key, value) VALUES ('library_version', '0');
CREATE TRIGGER torrents_version_insert AFTER INSERT ON torrents BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'library_version';
END;
CREATE TRIGGER torrents_version_update AFTER UPDATE ON torrents BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'library_version';
END;
CREATE TRIGGER torrents_version_delete AFTER DELETE ON torrents BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'library_version';
END;
CREATE TRIGGER details_version_insert AFTER INSERT ON torrent_details BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'library_version';
END;
CREATE TRIGGER details_version_update AFTER UPDATE ON torrent_details BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'library_version';
END;
CREATE TRIGGER details_version_delete AFTER DELETE ON torrent_details BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'library_version';
END;

-- Sync jobs: queued by the web, run by redriva-sync.
CREATE TABLE sync_jobs (
    id           INTEGER PRIMARY KEY,
    type         TEXT NOT NULL CHECK (type IN ('smart','fast','torrents','errors')),
    state        TEXT NOT NULL DEFAULT 'queued'
                 CHECK (state IN ('queued','running','done','failed')),
    source       TEXT NOT NULL DEFAULT 'web',
    created_at   TEXT NOT NULL,
    started_at   TEXT,
    finished_at  TEXT,
    pid          INTEGER,
    phase        TEXT NOT NULL DEFAULT '',
    done         INTEGER NOT NULL DEFAULT 0,
    total        INTEGER NOT NULL DEFAULT 0,
    requests     INTEGER NOT NULL DEFAULT 0,
    retries      INTEGER NOT NULL DEFAULT 0,
    rate_limited INTEGER NOT NULL DEFAULT 0,
    eta_seconds  INTEGER,
    result       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sync_jobs_state ON sync_jobs(state, id);

-- A job's log lines, read by the dashboard's activity console.
CREATE TABLE sync_events (
    id      INTEGER PRIMARY KEY,
    job_id  INTEGER REFERENCES sync_jobs(id) ON DELETE CASCADE,
    at      TEXT NOT NULL,
    level   TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX sync_events_job ON sync_events(job_id, id);
)sql",
    };
    return list;
}

}  // namespace

int schema_version() {
    return static_cast<int>(migrations().size());
}

namespace {
int user_version(Database& db) {
    auto stmt = db.prepare("PRAGMA user_version");
    auto use = stmt.use();
    return use.step() ? use.integer(0) : 0;
}
}  // namespace

void migrate(Database& db) {
    // The common case (already current) takes no write lock, so a worker starting
    // while the sync writes does not wait for it.
    if (user_version(db) == schema_version()) return;
    // journal_mode cannot change inside a transaction; it is persistent once set.
    db.exec("PRAGMA journal_mode=WAL");
    WriteTransaction tx(db);
    int current = user_version(db);  // re-read under the lock: another process may have won
    if (current > schema_version())
        throw Error(SQLITE_ERROR, "database schema version " + std::to_string(current) +
                                      " is newer than this build (" +
                                      std::to_string(schema_version()) + ")");
    for (int v = current; v < schema_version(); ++v)
        db.exec(migrations()[static_cast<std::size_t>(v)]);
    db.exec("PRAGMA user_version=" + std::to_string(schema_version()));
    tx.commit();
}

Database open_database(const std::string& path) {
    Database db(path);
    db.exec("PRAGMA synchronous=NORMAL");
    // Reads straight from the page cache of the kernel (no read() per page), and
    // a 16 MiB private cache: a 100k-torrent library's hot pages fit.
    db.exec("PRAGMA mmap_size=268435456");
    db.exec("PRAGMA cache_size=-16384");
    // FTS5 triggers inside a transaction spill to temporary files otherwise.
    db.exec("PRAGMA temp_store=MEMORY");
    migrate(db);
    return db;
}

}  // namespace redriva::db
