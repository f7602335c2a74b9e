#include "db/library_queries.h"

#include <algorithm>

#include "common/clock.h"
#include "common/strings.h"
#include "db/json_array.h"
#include "domain/status.h"

namespace redriva::db {

namespace {

constexpr const char* kRowColumns =
    "t.rowid, t.id, t.filename, t.status, t.bytes, t.added_on, t.progress, t.host, t.hash, "
    "d.files_count, coalesce(d.error, '')";

TorrentRow read_row(const Statement::Use& use) {
    TorrentRow row;
    row.rowid = use.int64(0);
    row.id = use.str(1);
    row.filename = use.str(2);
    row.status = use.str(3);
    row.bytes = use.int64(4);
    row.added_on = use.str(5);
    row.progress = use.real(6);
    row.host = use.str(7);
    row.hash = use.str(8);
    if (!use.is_null(9)) row.files_count = use.int64(9);
    row.error = use.str(10);
    return row;
}

// The statuses a filter names: a group's, one status, or none (no filter).
std::vector<std::string_view> statuses_of(std::string_view filter) {
    if (auto group = status_group(filter)) return {group->begin(), group->end()};
    if (filter.empty()) return {};
    return {filter};
}

const char* sort_column_name(SortKey key) {
    switch (key) {
        case SortKey::kAdded: return "t.added_on";
        case SortKey::kName: return "t.filename";
        case SortKey::kSize: return "t.bytes";
        case SortKey::kStatus: return "t.status";
        case SortKey::kProgress: return "t.progress";
    }
    return "t.added_on";
}

// The ORDER BY term; compare_in_order() must agree with it.
std::string sort_column(SortKey key) {
    return std::string(sort_column_name(key)) + (key == SortKey::kName ? " COLLATE NOCASE" : "");
}

// SQLite's NOCASE: ASCII letters folded, every other byte as it is.
int compare_nocase(std::string_view a, std::string_view b) {
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        const auto x = static_cast<unsigned char>(ascii_lower(a[i]));
        const auto y = static_cast<unsigned char>(ascii_lower(b[i]));
        if (x != y) return x < y ? -1 : 1;
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

int three_way(auto a, auto b) {
    return a < b ? -1 : (b < a ? 1 : 0);
}

// SQLite's order of two values: NULL, then numbers (integers and reals compared as
// numbers), then text (by the collation), then blobs (bytes).
int compare_values(const SortValue& a, const SortValue& b, bool nocase) {
    const auto rank = [](int type) {
        return type == SQLITE_NULL                                ? 0
               : (type == SQLITE_INTEGER || type == SQLITE_FLOAT) ? 1
               : type == SQLITE_TEXT                              ? 2
                                                                  : 3;
    };
    if (rank(a.type) != rank(b.type)) return three_way(rank(a.type), rank(b.type));
    switch (rank(a.type)) {
        case 0: return 0;
        case 1:
            if (a.type == SQLITE_INTEGER && b.type == SQLITE_INTEGER)
                return three_way(a.integer, b.integer);
            return three_way(a.type == SQLITE_INTEGER ? static_cast<double>(a.integer) : a.real,
                             b.type == SQLITE_INTEGER ? static_cast<double>(b.integer) : b.real);
        case 2: return nocase ? compare_nocase(a.text, b.text) : three_way(a.text, b.text);
        default: return three_way(a.text, b.text);
    }
}

bool is_ascii_word_char(unsigned char c) {
    return is_ascii_alnum(static_cast<char>(c)) || c >= 0x80;
}

std::optional<std::int64_t> optional_int(const Statement::Use& use, int col) {
    if (use.is_null(col)) return std::nullopt;
    return use.int64(col);
}

}  // namespace

std::string ListFilter::cache_key() const {
    std::string key = status;
    key += '\x1f';
    key += query;
    key += '\x1f';
    key += static_cast<char>('0' + static_cast<int>(sort));
    key += descending ? 'd' : 'a';
    return key;
}

int compare_in_order(const SortValue& a, const SortValue& b, SortKey sort, bool descending) {
    int c = compare_values(a, b, sort == SortKey::kName);
    if (c == 0) c = three_way(a.id, b.id);
    return descending ? -c : c;
}

std::string fts_query(std::string_view text) {
    // Words are runs of ASCII letters/digits and non-ASCII bytes; every other
    // ASCII character (quotes, '*', ':', '^', parentheses, '-') separates words,
    // so no FTS5 operator survives. Each word becomes a quoted prefix term.
    constexpr std::size_t kMaxWords = 16;
    std::string out;
    std::size_t words = 0, i = 0;
    while (i < text.size() && words < kMaxWords) {
        while (i < text.size() && !is_ascii_word_char(static_cast<unsigned char>(text[i]))) ++i;
        std::size_t start = i;
        while (i < text.size() && is_ascii_word_char(static_cast<unsigned char>(text[i]))) ++i;
        if (i == start) break;
        if (!out.empty()) out += ' ';
        out += '"';
        out += text.substr(start, i - start);
        out += "\"*";
        ++words;
    }
    return out;
}

std::optional<std::string> hash_prefix(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    if (text.size() < 4 || text.size() > 40) return std::nullopt;
    std::string out;
    for (char c : text) {
        if (!is_ascii_hex(c)) return std::nullopt;
        out += ascii_lower(c);
    }
    return out;
}

LibraryQueries::LibraryQueries(Database& db)
    : db_(db),
      data_version_(db.prepare("PRAGMA data_version")),
      stats_(db.prepare(
          "SELECT coalesce(sum(torrents), 0), coalesce(sum(bytes), 0) FROM torrent_totals")),
      details_count_(db.prepare("SELECT count(*) FROM torrent_details")),
      recent_(db.prepare("SELECT count(*) FROM torrents WHERE added_on >= ?")),
      status_counts_(db.prepare("SELECT status, torrents FROM torrent_totals WHERE torrents > 0"
                                " ORDER BY 2 DESC, 1")),
      row_(db.prepare(std::string("SELECT ") + kRowColumns +
                      " FROM torrents t LEFT JOIN torrent_details d ON d.id = t.id"
                      " WHERE t.rowid = ?")),
      detail_(db.prepare(std::string("SELECT ") + kRowColumns +
                         ", t.split, t.speed, t.seeders, t.ended, t.links, t.synced_at,"
                         " d.id IS NOT NULL, coalesce(d.name, ''), coalesce(d.status, ''),"
                         " coalesce(d.original_filename, ''), coalesce(d.original_bytes, 0),"
                         " coalesce(d.links, '[]'), coalesce(d.fetched_at, '')"
                         " FROM torrents t LEFT JOIN torrent_details d ON d.id = t.id"
                         " WHERE t.id = ?")),
      files_(db.prepare("SELECT file_id, path, bytes, selected FROM torrent_files"
                        " WHERE torrent_id = ? ORDER BY file_id")),
      meta_(db.prepare("SELECT value FROM meta WHERE key = ?")),
      growth_(db.prepare("SELECT substr(added_on, 1, 7) AS month, count(*) FROM torrents"
                         " GROUP BY month ORDER BY month")),
      status_totals_(db.prepare("SELECT status, torrents, bytes FROM torrent_totals"
                                " WHERE torrents > 0 ORDER BY 2 DESC, 1")),
      list_version_(db.prepare("SELECT max(seq) FROM torrent_changes")),
      oldest_change_(db.prepare("SELECT min(seq) FROM torrent_changes")),
      changes_since_(
          db.prepare("SELECT DISTINCT row FROM torrent_changes WHERE seq > ?1 LIMIT ?2")) {}

std::int64_t LibraryQueries::data_version() {
    auto use = data_version_.use();
    return use.step() ? use.int64(0) : 0;
}

LibraryStats LibraryQueries::stats(std::int64_t now_unix) {
    LibraryStats s;
    ReadTransaction snapshot(db_);  // every figure from the same database state
    {
        auto use = stats_.use();
        if (use.step()) s.total_torrents = use.int64(0), s.total_size = use.int64(1);
    }
    {
        auto use = details_count_.use();
        if (use.step()) s.total_details = use.int64(0);
    }
    {
        auto use = recent_.use();
        use.bind(1, iso8601_utc(now_unix - 86400));
        if (use.step()) s.recent_24h = use.int64(0);
    }
    {
        auto use = status_counts_.use();
        while (use.step()) {
            std::string status = use.str(0);
            std::int64_t n = use.int64(1);
            if (is_in_progress(status)) s.active_count += n;
            if (is_failed(status)) s.error_count += n;
            s.status_counts.emplace_back(std::move(status), n);
        }
    }
    if (s.total_torrents > 0) {
        double pct =
            100.0 * static_cast<double>(s.total_details) / static_cast<double>(s.total_torrents);
        s.coverage = static_cast<double>(static_cast<std::int64_t>(pct * 10 + 0.5)) / 10;
    }
    return s;
}

Statement& LibraryQueries::cached(const std::string& sql) {
    auto it = dynamic_.find(sql);
    if (it == dynamic_.end()) it = dynamic_.emplace(sql, db_.prepare(sql)).first;
    return it->second;
}

std::int64_t LibraryQueries::list_version() {
    auto use = list_version_.use();
    return use.step() ? use.int64(0) : 0;
}

std::optional<std::vector<std::int64_t>> LibraryQueries::rows_changed_since(std::int64_t version,
                                                                            std::size_t limit) {
    {
        // The log keeps its newest entry, so an empty gap is never mistaken for none.
        auto use = oldest_change_.use();
        if (!use.step() || use.is_null(0) || use.int64(0) > version + 1) return std::nullopt;
    }
    std::vector<std::int64_t> rows;
    auto use = changes_since_.use();
    use.bind(1, version);
    use.bind(2, static_cast<std::int64_t>(limit) + 1);
    while (use.step()) rows.push_back(use.int64(0));
    if (rows.size() > limit) return std::nullopt;
    return rows;
}

namespace {
// A sort value from columns `at` (the sort column, raw) and `at + 1` (the id).
SortValue read_sort_value(Statement::Use& use, int at) {
    SortValue v;
    v.type = use.type(at);
    if (v.type == SQLITE_INTEGER) v.integer = use.int64(at);
    if (v.type == SQLITE_FLOAT) v.real = use.real(at);
    if (v.type == SQLITE_TEXT || v.type == SQLITE_BLOB) v.text = use.str(at);
    v.id = use.str(at + 1);
    return v;
}
}  // namespace

std::optional<SortValue> LibraryQueries::sort_value(SortKey sort, std::int64_t rowid) {
    // sort_column() without its collation: the comparison applies it.
    auto use = cached(std::string("SELECT ") + sort_column_name(sort) +
                      ", t.id FROM torrents t WHERE t.rowid = ?")
                   .use();
    use.bind(1, rowid);
    if (!use.step()) return std::nullopt;
    return read_sort_value(use, 0);
}

std::vector<std::int64_t> LibraryQueries::ordered_rowids(const ListFilter& filter,
                                                         std::optional<std::int64_t> changed_since,
                                                         std::vector<SampledValue>* sampled,
                                                         std::size_t sample_every) {
    const auto statuses = statuses_of(filter.status);
    const std::string fts = fts_query(filter.query);
    const auto hash = hash_prefix(filter.query);
    const bool searching = !trim(filter.query).empty();

    // Among the changed rows, those drive the query (CROSS JOIN fixes the order of the
    // loops): the planner would otherwise walk the sort's index over the whole library.
    std::string sql = "SELECT t.rowid";
    if (sampled) sql += std::string(", ") + sort_column_name(filter.sort) + ", t.id";
    sql += changed_since ? " FROM (SELECT DISTINCT row FROM torrent_changes WHERE seq > ?) c"
                           " CROSS JOIN torrents t ON t.rowid = c.row WHERE 1"
                         : " FROM torrents t WHERE 1";
    if (!statuses.empty()) {
        sql += " AND t.status IN (?";
        for (std::size_t i = 1; i < statuses.size(); ++i) sql += ",?";
        sql += ")";
    }
    if (searching) {
        sql +=
            " AND (t.rowid IN (SELECT rowid FROM torrents_fts WHERE torrents_fts MATCH ?)"
            " OR (t.hash >= ? AND t.hash < ?) OR t.id = ?)";
    }
    const char* dir = filter.descending ? " DESC" : " ASC";
    sql += std::string(" ORDER BY ") + sort_column(filter.sort) + dir + ", t.id" + dir;

    std::vector<std::int64_t> ids;
    auto use = cached(sql).use();
    int index = 1;
    if (changed_since) use.bind(index++, *changed_since);
    for (auto status : statuses) use.bind(index++, status);
    if (searching) {
        // An FTS query that matches nothing when the text has no word.
        use.bind(index++, fts.empty() ? std::string("\"\"") : fts);
        if (hash) {
            use.bind(index++, *hash);
            use.bind(index++, *hash + "z");
        } else {
            use.bind_null(index++);
            use.bind_null(index++);
        }
        std::string upper;
        for (char c : filter.query) upper += ascii_upper(c);
        use.bind(index++, upper);
    }
    const std::size_t every = std::max<std::size_t>(sample_every, 1);
    while (use.step()) {
        if (sampled && ids.size() % every == 0)
            sampled->push_back(SampledValue{ids.size(), read_sort_value(use, 1)});
        ids.push_back(use.int64(0));
    }
    return ids;
}

std::int64_t LibraryQueries::library_version() {
    auto value = meta("library_version");
    return value ? parse_int(*value).value_or(0) : 0;
}

std::optional<TorrentRow> LibraryQueries::row_by_rowid(std::int64_t rowid) {
    auto use = row_.use();
    use.bind(1, rowid);
    if (!use.step()) return std::nullopt;
    return read_row(use);
}

std::optional<TorrentDetail> LibraryQueries::detail(const std::string& id) {
    TorrentDetail d;
    ReadTransaction snapshot(db_);
    {
        auto use = detail_.use();
        use.bind(1, id);
        if (!use.step()) return std::nullopt;
        d.row = read_row(use);
        d.split = optional_int(use, 11);
        d.speed = optional_int(use, 12);
        d.seeders = optional_int(use, 13);
        if (!use.is_null(14)) d.ended = use.str(14);
        d.links = decode_string_array(use.text(15));
        d.synced_at = use.str(16);
        d.has_details = use.integer(17) != 0;
        d.name = use.str(18);
        d.details_status = use.str(19);
        d.original_filename = use.str(20);
        d.original_bytes = use.int64(21);
        // The info call's links are newer than the list's when details exist.
        if (d.has_details) d.links = decode_string_array(use.text(22));
        d.fetched_at = use.str(23);
    }
    auto use = files_.use();
    use.bind(1, id);
    while (use.step())
        d.files.push_back(TorrentFile{use.int64(0), use.str(1), use.int64(2), use.integer(3) != 0});
    return d;
}

std::vector<std::pair<std::string, std::int64_t>> LibraryQueries::growth_by_month() {
    std::vector<std::pair<std::string, std::int64_t>> out;
    auto use = growth_.use();
    while (use.step()) out.emplace_back(use.str(0), use.int64(1));
    return out;
}

std::vector<LibraryQueries::StatusTotal> LibraryQueries::status_totals() {
    std::vector<StatusTotal> out;
    auto use = status_totals_.use();
    while (use.step()) out.push_back(StatusTotal{use.str(0), use.int64(1), use.int64(2)});
    return out;
}

std::optional<std::string> LibraryQueries::meta(const std::string& key) {
    auto use = meta_.use();
    use.bind(1, key);
    if (!use.step()) return std::nullopt;
    return use.str(0);
}

bool LibraryQueries::schema_ok() {
    auto use = cached("SELECT count(*) FROM meta").use();
    return use.step();
}

}  // namespace redriva::db
