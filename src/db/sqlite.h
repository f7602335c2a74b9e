// Owning, move-only wrappers over sqlite3* and sqlite3_stmt*.
//
// Statements are meant to be prepared once and reused: `Statement::Use` binds,
// steps, and resets the statement when it goes out of scope, because an
// un-reset statement keeps a read transaction open and starves WAL checkpoints.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace redriva::db {

class Error : public std::runtime_error {
public:
    // What went wrong, in the words callers outside db/ need: they never read
    // SQLite's result codes.
    enum class Kind {
        kBusy,      // another connection held the write lock past the busy timeout
        kFull,      // the disk (or the database's size limit) is full
        kReadOnly,  // this process may not write the file
        kStorage,   // an I/O error, or the file cannot be opened
        kOther,     // a bug of ours (SQL, constraint) or something rarer
    };

    Error(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
    int code() const { return code_; }
    Kind kind() const;
    // kFull, kReadOnly or kStorage: the data can be read, not written.
    bool cannot_write() const;

private:
    int code_;
};

class Statement;

class Database {
public:
    enum class Mode { kReadWrite, kReadOnly };

    // Opens (creating when kReadWrite) with busy_timeout set and foreign keys on.
    explicit Database(const std::string& path, Mode mode = Mode::kReadWrite,
                      int busy_timeout_ms = 5000);

    sqlite3* handle() const { return db_.get(); }

    // Runs one or more statements with no result rows.
    void exec(const std::string& sql);

    // Prepared with SQLITE_PREPARE_PERSISTENT: for statements kept for the
    // lifetime of the connection.
    Statement prepare(std::string_view sql) const;

    std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_.get()); }
    int changes() const { return sqlite3_changes(db_.get()); }

private:
    struct Closer {
        void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
    };
    std::unique_ptr<sqlite3, Closer> db_;
};

class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);

    // Binding and stepping go through a Use, which resets on scope exit.
    class Use {
    public:
        explicit Use(Statement& s) : stmt_(s.stmt_.get()) {}
        ~Use() {
            sqlite3_reset(stmt_);
            sqlite3_clear_bindings(stmt_);
        }
        Use(const Use&) = delete;
        Use& operator=(const Use&) = delete;

        Use& bind(int index, std::int64_t v);
        Use& bind(int index, int v) { return bind(index, static_cast<std::int64_t>(v)); }
        Use& bind(int index, double v);
        Use& bind(int index, std::string_view v);
        Use& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
        Use& bind(int index, const std::string& v) { return bind(index, std::string_view(v)); }
        Use& bind_null(int index);
        template <typename T>
        Use& bind(int index, const std::optional<T>& v) {
            return v ? bind(index, *v) : bind_null(index);
        }

        // true: a row is ready; false: done. Throws on error.
        bool step();
        // Steps to completion of a statement that returns no rows.
        void run();

        std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
        int integer(int col) const { return sqlite3_column_int(stmt_, col); }
        double real(int col) const { return sqlite3_column_double(stmt_, col); }
        bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
        int type(int col) const { return sqlite3_column_type(stmt_, col); }
        std::string_view text(int col) const {
            auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
            return p ? std::string_view(p,
                                        static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
                     : std::string_view();
        }
        std::string str(int col) const { return std::string(text(col)); }

    private:
        void check(int rc, const char* what);
        sqlite3_stmt* stmt_;
    };

    Use use() { return Use(*this); }

private:
    struct Finalizer {
        void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
    };
    std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

// `'a', 'b'`: the domain's words (statuses, job states) as SQL literals for an IN
// list, so that SQL is written from their one definition and the planner still sees
// constants (an index on the column serves the IN list).
std::string sql_literals(std::span<const std::string_view> words);
std::string sql_literal(std::string_view word);

// BEGIN IMMEDIATE on construction (a write transaction from the start: a busy
// handler cannot rescue a read->write upgrade); rolls back unless commit() ran.
class WriteTransaction {
public:
    explicit WriteTransaction(Database& db);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

// BEGIN (deferred) for a consistent multi-statement read.
class ReadTransaction {
public:
    explicit ReadTransaction(Database& db);
    ~ReadTransaction();
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;

private:
    Database& db_;
};

}  // namespace redriva::db
