#include "db/schema.h"

#include <algorithm>
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
        // 2: actions. One job table for syncs and actions (one id space, a kind);
        // an action's items with their durable states; the trash; the ids deleted
        // by an action (a listing taken before the delete must not bring them back);
        // the direct links already unrestricted.
        R"sql(
CREATE TABLE jobs (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,    -- a sync mode or an action (domain/job.h)
    state            TEXT NOT NULL DEFAULT 'queued'
                     CHECK (state IN ('queued','running','done','failed','cancelled')),
    source           TEXT NOT NULL DEFAULT 'web',
    created_at       TEXT NOT NULL,
    started_at       TEXT,
    finished_at      TEXT,
    pid              INTEGER,
    phase            TEXT NOT NULL DEFAULT '',
    done             INTEGER NOT NULL DEFAULT 0,
    total            INTEGER NOT NULL DEFAULT 0,
    requests         INTEGER NOT NULL DEFAULT 0,
    retries          INTEGER NOT NULL DEFAULT 0,
    rate_limited     INTEGER NOT NULL DEFAULT 0,
    eta_seconds      INTEGER,
    result           TEXT NOT NULL DEFAULT '',
    interactive      INTEGER NOT NULL DEFAULT 0,   -- one torrent: runs before bulk jobs
    params           TEXT NOT NULL DEFAULT '{}',   -- the action's options, as JSON
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    runs             INTEGER NOT NULL DEFAULT 0,   -- runners that took it since an item last ended
    retry_of         INTEGER
);
INSERT INTO jobs(id, kind, state, source, created_at, started_at, finished_at, pid, phase,
                 done, total, requests, retries, rate_limited, eta_seconds, result)
    SELECT id, type, state, source, created_at, started_at, finished_at, pid, phase,
           done, total, requests, retries, rate_limited, eta_seconds, result FROM sync_jobs;
CREATE INDEX jobs_state ON jobs(state, id);
CREATE INDEX jobs_kind ON jobs(kind, id);

CREATE TABLE job_events (
    id      INTEGER PRIMARY KEY,
    job_id  INTEGER REFERENCES jobs(id) ON DELETE CASCADE,
    at      TEXT NOT NULL,
    level   TEXT NOT NULL,
    message TEXT NOT NULL
);
INSERT INTO job_events(id, job_id, at, level, message)
    SELECT id, job_id, at, level, message FROM sync_events;
CREATE INDEX job_events_job ON job_events(job_id, id);
DROP TABLE sync_events;
DROP TABLE sync_jobs;

-- What an action does, one row per torrent (or per magnet to add). `step` is the
-- durable progress inside an item (a repair: added, selected, verified); a runner
-- that dies resumes from it.
CREATE TABLE job_items (
    job_id     INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    torrent_id TEXT NOT NULL DEFAULT '',
    hash       TEXT NOT NULL DEFAULT '',
    filename   TEXT NOT NULL DEFAULT '',
    bytes      INTEGER NOT NULL DEFAULT 0,
    files      TEXT NOT NULL DEFAULT '[]',   -- the selected files' paths
    input      TEXT NOT NULL DEFAULT '',     -- a magnet, or a .torrent file's path
    state      TEXT NOT NULL DEFAULT 'pending'
               CHECK (state IN ('pending','running','done','failed','skipped')),
    step       TEXT NOT NULL DEFAULT '',
    new_id     TEXT,
    reason     TEXT NOT NULL DEFAULT '',
    updated_at TEXT,
    PRIMARY KEY (job_id, seq)
) WITHOUT ROWID;
CREATE INDEX job_items_torrent ON job_items(torrent_id);

CREATE TABLE trash (
    id         INTEGER PRIMARY KEY,
    torrent_id TEXT NOT NULL,
    hash       TEXT NOT NULL,
    filename   TEXT NOT NULL,
    bytes      INTEGER NOT NULL DEFAULT 0,
    files      TEXT NOT NULL DEFAULT '[]',
    deleted_at TEXT NOT NULL,
    job_id     INTEGER
);
CREATE INDEX trash_hash ON trash(hash, id);

CREATE TABLE deleted_torrents (
    id         TEXT PRIMARY KEY,
    deleted_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE unrestricted_links (
    torrent_id      TEXT NOT NULL,
    link            TEXT NOT NULL,      -- RD's hoster link (torrents.links)
    file_id         INTEGER,            -- NULL when links and selected files do not pair up
    path            TEXT NOT NULL DEFAULT '',
    bytes           INTEGER NOT NULL DEFAULT 0,
    download        TEXT NOT NULL,
    filename        TEXT NOT NULL DEFAULT '',
    mime_type       TEXT NOT NULL DEFAULT '',
    streamable      INTEGER NOT NULL DEFAULT 0,
    unrestricted_at TEXT NOT NULL,
    PRIMARY KEY (torrent_id, link)
) WITHOUT ROWID;
)sql",
        // 3: the dead-link check's last result per torrent (a sync leaves it alone:
        // it says what RD's hosters answered, which a listing does not).
        R"sql(
CREATE TABLE link_checks (
    torrent_id TEXT PRIMARY KEY,
    checked_at TEXT NOT NULL,
    links      INTEGER NOT NULL,   -- hoster links checked
    dead       INTEGER NOT NULL    -- of which the hoster no longer serves
) WITHOUT ROWID;
-- A torrent's page shows its last check: the pages' caches must see it change.
CREATE TRIGGER link_checks_version AFTER INSERT ON link_checks BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'library_version';
END;
)sql",
        // 4: what the web's lists follow, kept by the writer so that no reader has to
        // recompute anything after a commit (see docs/architecture.md, "Lists while a
        // sync writes").
        R"sql(
-- Every change to what a list shows, filters or sorts on -- a torrent's row, or the
-- files count and error its row shows from the details -- appends the torrent's
-- rowid. The newest seq is the lists' version: a sync rewriting details (or a job
-- moving) leaves it alone, and a worker that knows seq N updates its ordered lists
-- with the rows changed after N instead of recomputing them. The oldest changes are
-- dropped as new ones come: a worker that fell further behind recomputes.
CREATE TABLE torrent_changes (
    seq INTEGER PRIMARY KEY,  -- never reused: the newest row is never dropped
    row INTEGER NOT NULL      -- torrents.rowid
);
INSERT INTO torrent_changes (row) VALUES (0);
CREATE TRIGGER torrent_changes_insert AFTER INSERT ON torrents BEGIN
    INSERT INTO torrent_changes (row) VALUES (new.rowid);
END;
CREATE TRIGGER torrent_changes_update AFTER UPDATE ON torrents
WHEN old.rowid IS NOT new.rowid OR old.filename IS NOT new.filename
  OR old.status IS NOT new.status OR old.bytes IS NOT new.bytes
  OR old.added_on IS NOT new.added_on OR old.progress IS NOT new.progress
  OR old.host IS NOT new.host OR old.hash IS NOT new.hash
BEGIN
    INSERT INTO torrent_changes (row) VALUES (old.rowid);
    INSERT INTO torrent_changes (row) SELECT new.rowid WHERE new.rowid IS NOT old.rowid;
END;
CREATE TRIGGER torrent_changes_delete AFTER DELETE ON torrents BEGIN
    INSERT INTO torrent_changes (row) VALUES (old.rowid);
END;
CREATE TRIGGER torrent_changes_details_insert AFTER INSERT ON torrent_details BEGIN
    INSERT INTO torrent_changes (row) SELECT rowid FROM torrents WHERE id = new.id;
END;
CREATE TRIGGER torrent_changes_details_update AFTER UPDATE ON torrent_details
WHEN old.id IS NOT new.id OR old.files_count IS NOT new.files_count
  OR old.error IS NOT new.error
BEGIN
    INSERT INTO torrent_changes (row) SELECT rowid FROM torrents WHERE id IN (old.id, new.id);
END;
CREATE TRIGGER torrent_changes_details_delete AFTER DELETE ON torrent_details BEGIN
    INSERT INTO torrent_changes (row) SELECT rowid FROM torrents WHERE id = old.id;
END;
CREATE TRIGGER torrent_changes_prune AFTER INSERT ON torrent_changes
WHEN new.seq % 1024 = 0
BEGIN
    DELETE FROM torrent_changes WHERE seq <= new.seq - 131072;
END;

-- Torrents and bytes by status, kept by the writer: the figures every list and the
-- dashboard show cost a few rows instead of a scan of the library.
CREATE TABLE torrent_totals (
    status   TEXT PRIMARY KEY,
    torrents INTEGER NOT NULL,
    bytes    INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO torrent_totals (status, torrents, bytes)
    SELECT status, count(*), coalesce(sum(bytes), 0) FROM torrents GROUP BY status;
CREATE TRIGGER torrent_totals_insert AFTER INSERT ON torrents BEGIN
    INSERT INTO torrent_totals (status, torrents, bytes) VALUES (new.status, 1, new.bytes)
        ON CONFLICT (status) DO UPDATE SET torrents = torrents + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER torrent_totals_update AFTER UPDATE ON torrents
WHEN old.status IS NOT new.status OR old.bytes IS NOT new.bytes
BEGIN
    UPDATE torrent_totals SET torrents = torrents - 1, bytes = bytes - old.bytes
        WHERE status = old.status;
    INSERT INTO torrent_totals (status, torrents, bytes) VALUES (new.status, 1, new.bytes)
        ON CONFLICT (status) DO UPDATE SET torrents = torrents + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER torrent_totals_delete AFTER DELETE ON torrents BEGIN
    UPDATE torrent_totals SET torrents = torrents - 1, bytes = bytes - old.bytes
        WHERE status = old.status;
END;
)sql",
        // 5: the dashboard's count of hash duplicates, kept by the writer.
        R"sql(
-- Torrents per info hash, kept by the writer. A scan of the hash index took ~100 ms at
-- 100k torrents, and a sync moves the lists (and so the dashboard's figure) after every
-- commit; the partial index holds only the hashes held twice, so the count reads a few
-- rows.
CREATE TABLE hash_counts (
    hash     TEXT PRIMARY KEY,
    torrents INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX hash_counts_held_twice ON hash_counts (torrents) WHERE torrents > 1;
INSERT INTO hash_counts (hash, torrents)
    SELECT hash, count(*) FROM torrents WHERE hash != '' GROUP BY hash;
CREATE TRIGGER hash_counts_insert AFTER INSERT ON torrents WHEN new.hash != '' BEGIN
    INSERT INTO hash_counts (hash, torrents) VALUES (new.hash, 1)
        ON CONFLICT (hash) DO UPDATE SET torrents = torrents + 1;
END;
CREATE TRIGGER hash_counts_delete AFTER DELETE ON torrents WHEN old.hash != '' BEGIN
    UPDATE hash_counts SET torrents = torrents - 1 WHERE hash = old.hash;
    DELETE FROM hash_counts WHERE hash = old.hash AND torrents <= 0;
END;
CREATE TRIGGER hash_counts_update AFTER UPDATE OF hash ON torrents
WHEN old.hash IS NOT new.hash
BEGIN
    UPDATE hash_counts SET torrents = torrents - 1 WHERE hash = old.hash AND old.hash != '';
    DELETE FROM hash_counts WHERE hash = old.hash AND torrents <= 0;
    INSERT INTO hash_counts (hash, torrents) SELECT new.hash, 1 WHERE new.hash != ''
        ON CONFLICT (hash) DO UPDATE SET torrents = torrents + 1;
END;
)sql",
        // 6: what a sync did, as counts (domain/sync_summary.h), beside the English
        // `result`: the pages say it in their reader's language. NULL for the jobs
        // before, and for actions.
        R"sql(
ALTER TABLE jobs ADD COLUMN listed INTEGER;
ALTER TABLE jobs ADD COLUMN detailed INTEGER;
ALTER TABLE jobs ADD COLUMN removed INTEGER;
ALTER TABLE jobs ADD COLUMN unreadable INTEGER;
)sql",
        // 7: what the syncs' requests to Real-Debrid came to, for /metrics.
        R"sql(
-- Running totals of every request sent to Real-Debrid, by any process (db/rd_stats.h):
-- a counter a row, and the answer times' histogram.
CREATE TABLE rd_stats (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
        // 8: notifications waiting for their minute, shared by the sync's processes.
        R"sql(
-- What redriva-sync has to tell the user and has not sent yet: at most one message a
-- minute leaves, the rows waiting merged into it. Syncs are separate processes (cron,
-- the web's), so the queue and the time of the last message live here. The time is
-- kept in meta ('notify_last_sent_ms').
CREATE TABLE notify_outbox (
    id         INTEGER PRIMARY KEY,
    event      TEXT NOT NULL,             -- sync_failed, torrents_failed, premium_ending…
    title      TEXT NOT NULL,
    message    TEXT NOT NULL,
    counts     TEXT NOT NULL DEFAULT '{}', -- a JSON object of integers
    urgent     INTEGER NOT NULL DEFAULT 0,
    created_ms INTEGER NOT NULL           -- unix time, milliseconds
);
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
    migrate_to(db, schema_version());
}

void migrate_to(Database& db, int version) {
    // The common case (already current) takes no write lock, so a worker starting
    // while the sync writes does not wait for it.
    if (user_version(db) == version) return;
    // journal_mode cannot change inside a transaction; it is persistent once set.
    db.exec("PRAGMA journal_mode=WAL");
    WriteTransaction tx(db);
    int current = user_version(db);  // re-read under the lock: another process may have won
    if (current > schema_version())
        throw Error(SQLITE_ERROR, "database schema version " + std::to_string(current) +
                                      " is newer than this build (" +
                                      std::to_string(schema_version()) + ")");
    for (int v = current; v < version; ++v) db.exec(migrations()[static_cast<std::size_t>(v)]);
    db.exec("PRAGMA user_version=" + std::to_string(std::max(current, version)));
    tx.commit();
}

Database open_database(const std::string& path) {
    Database db(path);
    db.exec("PRAGMA synchronous=NORMAL");
    // A 16 MiB private cache: a 100k-torrent library's hot pages fit. No mmap:
    // when another process has committed, SQLite unmaps the whole file before its
    // next read (and refaults every page it touches), which made the first list
    // view after a sync's commit cost ~4 ms more at 100k; read() from the kernel's
    // page cache measured the same when nothing changes.
    db.exec("PRAGMA mmap_size=0");
    db.exec("PRAGMA cache_size=-16384");
    // FTS5 triggers inside a transaction spill to temporary files otherwise.
    db.exec("PRAGMA temp_store=MEMORY");
    migrate(db);
    return db;
}

}  // namespace redriva::db
