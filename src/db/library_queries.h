// Every read the dashboard makes of the torrent library. One instance per
// worker: statements are prepared once and reset after each use.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "db/sqlite.h"
#include "domain/torrent.h"

namespace redriva::db {

struct LibraryStats {
    std::int64_t total_torrents = 0;
    std::int64_t total_details = 0;
    double coverage = 0;  // percent of torrents with details, one decimal
    std::int64_t active_count = 0;
    std::int64_t error_count = 0;
    std::int64_t recent_24h = 0;
    std::int64_t total_size = 0;
    std::vector<std::pair<std::string, std::int64_t>> status_counts;  // by count, desc
};

enum class SortKey { kAdded, kName, kSize, kStatus, kProgress };

// A row's place in a list's order: the sort column's value as SQLite stores it, and
// the id that breaks ties. compare_in_order() orders two of them as the list's
// ORDER BY does.
struct SortValue {
    int type =
        SQLITE_NULL;  // SQLITE_NULL, SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT or SQLITE_BLOB
    std::int64_t integer = 0;
    double real = 0;
    std::string text;  // text or blob bytes
    std::string id;
};
// < 0, 0, > 0 as `a` comes before, with, after `b` in `ORDER BY <sort> <dir>, id <dir>`.
int compare_in_order(const SortValue& a, const SortValue& b, SortKey sort, bool descending);

// What a list shows: a status (or a status group), a search text, an order.
struct ListFilter {
    std::string status;  // "", one of kStatuses, or a group: "active", "errors"
    std::string query;   // search text as the user typed it
    SortKey sort = SortKey::kAdded;
    bool descending = true;

    // A stable string naming this filter, for caches.
    std::string cache_key() const;
};

// A row of the torrent list (list fields plus two from the details).
struct TorrentRow {
    std::int64_t rowid = 0;
    std::string id, filename, status, added_on, host, hash, error;
    std::int64_t bytes = 0;
    double progress = 0;
    std::optional<std::int64_t> files_count;  // null until details are fetched
};

struct TorrentDetail {
    TorrentRow row;
    std::optional<std::int64_t> split, speed, seeders;
    std::optional<std::string> ended;
    std::vector<std::string> links;
    bool has_details = false;
    std::string name, original_filename, details_status, fetched_at, synced_at;
    std::int64_t original_bytes = 0;
    std::vector<TorrentFile> files;
};

// Turns user search text into an FTS5 query that cannot be a syntax error:
// each word becomes a quoted prefix term ("word"*), joined by AND. Empty when
// the text has no word.
std::string fts_query(std::string_view text);

// A lower-case hexadecimal prefix (4 to 40 chars) if `text` looks like one.
std::optional<std::string> hash_prefix(std::string_view text);

class LibraryQueries {
public:
    explicit LibraryQueries(Database& db);

    // Changes whenever another connection commits (PRAGMA data_version).
    std::int64_t data_version();
    // Moves with every change to torrents or their details (triggers), not with
    // job progress or log lines.
    std::int64_t library_version();

    // Moves with every change to what a list shows, filters or sorts on (the change
    // log's newest entry), not with details a list does not show.
    std::int64_t list_version();
    // The distinct rowids changed after list version `version`; nullopt when the log
    // no longer reaches back that far, or more than `limit` rows changed.
    std::optional<std::vector<std::int64_t>> rows_changed_since(std::int64_t version,
                                                                std::size_t limit);

    LibraryStats stats(std::int64_t now_unix);

    // The rowids of every torrent the filter selects, in display order; with
    // `changed_since`, only among the rows changed after that list version.
    // `sampled`, when given, receives the sort value of every `sample_every`th row
    // (index, value), read from the same query.
    struct SampledValue {
        std::size_t index = 0;
        SortValue value;
    };
    std::vector<std::int64_t> ordered_rowids(const ListFilter& filter,
                                             std::optional<std::int64_t> changed_since = {},
                                             std::vector<SampledValue>* sampled = nullptr,
                                             std::size_t sample_every = 1);
    // What orders a row in `sort`: its sort column and its id.
    std::optional<SortValue> sort_value(SortKey sort, std::int64_t rowid);

    std::optional<TorrentRow> row_by_rowid(std::int64_t rowid);
    std::optional<TorrentDetail> detail(const std::string& id);

    // Added-on months ("2025-07") with counts, oldest first (for charts).
    std::vector<std::pair<std::string, std::int64_t>> growth_by_month();

    // Per status: how many torrents and their total size, most numerous first (charts).
    struct StatusTotal {
        std::string status;
        std::int64_t count = 0;
        std::int64_t bytes = 0;
    };
    std::vector<StatusTotal> status_totals();

    std::optional<std::string> meta(const std::string& key);
    Database& database() { return db_; }
    bool schema_ok();

private:
    Statement& cached(const std::string& sql);

    Database& db_;
    Statement data_version_;
    Statement stats_;
    Statement details_count_;
    Statement recent_;
    Statement status_counts_;
    Statement row_;
    Statement detail_;
    Statement files_;
    Statement meta_;
    Statement growth_;
    Statement status_totals_;
    Statement list_version_;
    Statement oldest_change_;
    Statement changes_since_;
    std::unordered_map<std::string, Statement> dynamic_;
};

}  // namespace redriva::db
