// The database schema, versioned with PRAGMA user_version.
#pragma once

#include "db/sqlite.h"

namespace redriva::db {

// The schema version this build writes and expects.
int schema_version();

// Applies every migration above the file's user_version inside one
// BEGIN IMMEDIATE transaction, so that whichever binary opens the database
// first migrates it and concurrent openers wait, then see the result. Also
// switches the file to WAL (persistent) and sets synchronous=NORMAL.
// Throws when the file is newer than this build.
void migrate(Database& db);

// The same up to `version` only: the tests build a released schema with it, to
// check that the migrations after it carry the data over.
void migrate_to(Database& db, int version);

// Opens a connection for a process that reads and occasionally writes
// (the web workers, the sync): WAL, synchronous=NORMAL, busy timeout.
Database open_database(const std::string& path);

}  // namespace redriva::db
