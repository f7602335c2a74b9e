#include "db/sqlite.h"

namespace redriva::db {

namespace {
[[noreturn]] void fail(sqlite3* db, int rc, const std::string& what) {
    throw Error(rc, what + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}
}  // namespace

Error::Kind Error::kind() const {
    switch (code_ & 0xff) {  // the primary code of an extended one
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return Kind::kBusy;
        case SQLITE_FULL: return Kind::kFull;
        case SQLITE_READONLY: return Kind::kReadOnly;
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN: return Kind::kStorage;
        default: return Kind::kOther;
    }
}

bool Error::cannot_write() const {
    const Kind k = kind();
    return k == Kind::kFull || k == Kind::kReadOnly || k == Kind::kStorage;
}

Database::Database(const std::string& path, Mode mode, int busy_timeout_ms) {
    sqlite3* raw = nullptr;
    int flags = SQLITE_OPEN_NOMUTEX |
                (mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY
                                         : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) fail(raw, rc, "cannot open database " + path);
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, busy_timeout_ms);
    exec("PRAGMA foreign_keys=ON");
}

void Database::exec(const std::string& sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw Error(rc, "sql error: " + text);
    }
}

Statement Database::prepare(std::string_view sql) const {
    return Statement(db_.get(), sql);
}

Statement::Statement(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    stmt_.reset(raw);
    if (rc != SQLITE_OK) fail(db, rc, "cannot prepare statement");
}

void Statement::Use::check(int rc, const char* what) {
    if (rc != SQLITE_OK) fail(sqlite3_db_handle(stmt_), rc, what);
}

Statement::Use& Statement::Use::bind(int index, std::int64_t v) {
    check(sqlite3_bind_int64(stmt_, index, v), "bind");
    return *this;
}
Statement::Use& Statement::Use::bind(int index, double v) {
    check(sqlite3_bind_double(stmt_, index, v), "bind");
    return *this;
}
Statement::Use& Statement::Use::bind(int index, std::string_view v) {
    check(sqlite3_bind_text64(stmt_, index, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
          "bind");
    return *this;
}
Statement::Use& Statement::Use::bind_null(int index) {
    check(sqlite3_bind_null(stmt_, index), "bind");
    return *this;
}

bool Statement::Use::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(sqlite3_db_handle(stmt_), rc, "query failed");
}

void Statement::Use::run() {
    while (step()) {
    }
}

WriteTransaction::WriteTransaction(Database& db) : db_(db) {
    db_.exec("BEGIN IMMEDIATE");
}

WriteTransaction::~WriteTransaction() {
    if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void WriteTransaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

ReadTransaction::ReadTransaction(Database& db) : db_(db) {
    db_.exec("BEGIN");
}

ReadTransaction::~ReadTransaction() {
    // A connection left inside a transaction would fail every later BEGIN.
    if (sqlite3_exec(db_.handle(), "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK ||
        !sqlite3_get_autocommit(db_.handle()))
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

std::string sql_literal(std::string_view word) {
    std::string out = "'";
    for (char c : word) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

std::string sql_literals(std::span<const std::string_view> words) {
    std::string out;
    for (auto word : words) {
        if (!out.empty()) out += ", ";
        out += sql_literal(word);
    }
    return out;
}

}  // namespace redriva::db
