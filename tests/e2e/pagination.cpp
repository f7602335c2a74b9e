// Pagination, sorting, status filters and search of /api/torrents and /torrents,
// against the same questions asked of the database.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <set>

#include "stack.h"

namespace redriva::e2e {

namespace {

constexpr const char* kDefaultOrder = "t.added_on DESC, t.id DESC";

struct ApiPage {
    std::vector<std::string> ids;
    std::int64_t page = 0, page_size = 0, total_pages = 0, total_count = 0;
    bool has_prev = false, has_next = false;
};

ApiPage api_page(const std::string& query) {
    HttpResponse r = http().get("/api/torrents?" + query);
    BOOST_REQUIRE_MESSAGE(r.status == 200, "/api/torrents?" + query + " -> " +
                                               std::to_string(r.status) + " " + r.body);
    auto doc = parse_json(r.body);
    ApiPage p;
    for (const auto& item : doc["torrents"].GetArray()) p.ids.push_back(json_string(item["id"]));
    const auto& pg = doc["pagination"];
    p.page = pg["page"].GetInt64();
    p.page_size = pg["page_size"].GetInt64();
    p.total_pages = pg["total_pages"].GetInt64();
    p.total_count = pg["total_count"].GetInt64();
    p.has_prev = pg["has_prev"].GetBool();
    p.has_next = pg["has_next"].GetBool();
    return p;
}

std::vector<std::string> sql_ids(const std::string& where, const std::string& order,
                                 const std::vector<SqlValue>& args = {}, int limit = -1,
                                 std::int64_t offset = 0) {
    std::string sql = "SELECT t.id FROM torrents t WHERE " + where + " ORDER BY " + order;
    if (limit >= 0) sql += " LIMIT " + std::to_string(limit) + " OFFSET " + std::to_string(offset);
    return truth().column(sql, args);
}

// Every id of a filter, page by page (500 a page).
std::vector<std::string> all_api_ids(const std::string& query) {
    std::vector<std::string> ids;
    for (int page = 1;; ++page) {
        ApiPage p = api_page(query + "&page_size=500&page=" + std::to_string(page));
        ids.insert(ids.end(), p.ids.begin(), p.ids.end());
        if (!p.has_next || page > 100) break;
    }
    return ids;
}

// What library_queries.cpp's search selects: name words as FTS prefixes, a hash
// prefix, or the exact id (upper-cased).
std::vector<std::string> search_truth(const std::string& fts_match,
                                      const std::optional<std::string>& hash_prefix,
                                      const std::string& upper_id) {
    std::vector<SqlValue> args = {fts_match};
    std::string where =
        "(t.rowid IN (SELECT rowid FROM torrents_fts WHERE torrents_fts MATCH ?) OR t.id = ?";
    args.push_back(upper_id);
    if (hash_prefix) {
        where += " OR (t.hash >= ? AND t.hash < ?)";
        args.push_back(*hash_prefix);
        args.push_back(*hash_prefix + "z");
    }
    where += ")";
    return sql_ids(where, kDefaultOrder, args);
}

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}
std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The words of a name as FTS5's unicode61 tokenizer and the server see them (runs
// of ASCII letters/digits and non-ASCII bytes), keeping those of ASCII letters only.
std::vector<std::string> letter_words(const std::string& name) {
    std::vector<std::string> words;
    std::string current;
    bool letters_only = true;
    for (char ch : name + " ") {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c >= 0x80) {
            current += ch;
            letters_only = letters_only && std::isalpha(c);
            continue;
        }
        if (!current.empty() && letters_only) words.push_back(current);
        current.clear();
        letters_only = true;
    }
    return words;
}

// A word (5+ ASCII letters) of a real name that selects between 3 and 300 torrents.
std::string selective_word() {
    std::set<std::string> tried;
    for (const auto& name :
         truth().column("SELECT filename FROM torrents ORDER BY added_on DESC, id DESC")) {
        for (const auto& word : letter_words(name)) {
            if (word.size() < 5 || !tried.insert(lower(word)).second) continue;
            auto n = truth().integer("SELECT count(*) FROM torrents_fts WHERE torrents_fts MATCH ?",
                                     {"\"" + word + "\"*"});
            if (n >= 3 && n <= 300) return word;
        }
    }
    return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pagination)

BOOST_AUTO_TEST_CASE(page_arithmetic) {
    const std::int64_t count = truth().integer("SELECT count(*) FROM torrents");
    BOOST_REQUIRE(count == 3000);
    for (std::int64_t size : {1, 7, 50, 500}) {
        const std::int64_t pages = (count + size - 1) / size;
        for (std::int64_t page : {std::int64_t{1}, std::int64_t{2}, (pages + 1) / 2, pages,
                                  pages + 1, std::int64_t{1'000'000}}) {
            BOOST_TEST_CONTEXT("page_size " << size << " page " << page) {
                ApiPage p =
                    api_page("page_size=" + std::to_string(size) + "&page=" + std::to_string(page));
                BOOST_TEST(p.page == page);
                BOOST_TEST(p.page_size == size);
                BOOST_TEST(p.total_count == count);
                BOOST_TEST(p.total_pages == pages);
                BOOST_TEST(p.has_prev == (page > 1));
                BOOST_TEST(p.has_next == (page < pages));
                const std::int64_t first = (page - 1) * size;
                const std::int64_t expected_rows =
                    first >= count ? 0 : std::min(size, count - first);
                BOOST_TEST(static_cast<std::int64_t>(p.ids.size()) == expected_rows);
                if (expected_rows > 0)
                    BOOST_TEST(p.ids ==
                               sql_ids("1", kDefaultOrder, {}, static_cast<int>(size), first));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(default_page_size_is_50) {
    ApiPage p = api_page("");
    BOOST_TEST(p.page == 1);
    BOOST_TEST(p.page_size == 50);
    BOOST_TEST(p.ids.size() == 50u);
}

BOOST_AUTO_TEST_CASE(all_pages_give_every_id_once_in_order) {
    const auto api = all_api_ids("x=1");
    const auto sql = sql_ids("1", kDefaultOrder);
    BOOST_TEST(api.size() == sql.size());
    BOOST_TEST(std::set<std::string>(api.begin(), api.end()).size() == api.size());
    BOOST_TEST(api == sql);
}

BOOST_AUTO_TEST_CASE(every_sort_and_order) {
    struct Sort {
        const char* name;
        const char* column;
        bool default_descending;
    };
    const Sort sorts[] = {{"added", "t.added_on", true},
                          {"name", "t.filename COLLATE NOCASE", false},
                          {"size", "t.bytes", true},
                          {"status", "t.status", false},
                          {"progress", "t.progress", true}};
    for (const auto& sort : sorts) {
        for (const char* order : {"asc", "desc", ""}) {
            const bool desc = order[0] == '\0' ? sort.default_descending : order[0] == 'd';
            const std::string dir = desc ? " DESC" : " ASC";
            const std::string by = std::string(sort.column) + dir + ", t.id" + dir;
            std::string query = std::string("sort=") + sort.name;
            if (order[0] != '\0') query += std::string("&order=") + order;
            BOOST_TEST_CONTEXT(query) {
                BOOST_TEST(api_page(query).ids == sql_ids("1", by, {}, 50, 0));
                BOOST_TEST(api_page(query + "&page=7&page_size=100").ids ==
                           sql_ids("1", by, {}, 100, 600));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(status_filters) {
    auto statuses = truth().column("SELECT DISTINCT status FROM torrents ORDER BY 1");
    BOOST_REQUIRE(statuses.size() >= 8u);
    std::vector<std::pair<std::string, std::string>> filters;
    for (const auto& s : statuses) filters.emplace_back(s, "t.status = '" + s + "'");
    filters.emplace_back("active",
                         "t.status IN ('magnet_conversion','waiting_files_selection','queued',"
                         "'downloading','compressing','uploading')");
    filters.emplace_back("errors", "t.status IN ('magnet_error','error','virus','dead')");
    for (const auto& [status, where] : filters) {
        BOOST_TEST_CONTEXT("status=" << status) {
            const auto expected = sql_ids(where, kDefaultOrder);
            BOOST_REQUIRE(!expected.empty());
            ApiPage first = api_page("status=" + status + "&page_size=500");
            BOOST_TEST(first.total_count == static_cast<std::int64_t>(expected.size()));
            const auto all = all_api_ids("status=" + status);
            BOOST_TEST(all == expected);
        }
    }
    // A status that exists but no torrent has: an empty list, not an error.
    ApiPage none = api_page("status=uploading&q=zzzzzzzzqqqq");
    BOOST_TEST(none.total_count == 0);
    BOOST_TEST(none.total_pages == 0);
    BOOST_TEST(!none.has_next);
}

BOOST_AUTO_TEST_CASE(name_search_equals_fts_truth) {
    const std::string word = selective_word();
    BOOST_REQUIRE(!word.empty());
    BOOST_TEST_MESSAGE("search word: " << word);
    for (const std::string& q : {word, lower(word), upper(word), "  " + word + " "}) {
        BOOST_TEST_CONTEXT("q=" << q) {
            const auto expected = search_truth("\"" + word + "\"*", std::nullopt, upper(word));
            const auto got = all_api_ids("q=" + url_encode(q));
            BOOST_TEST(got == expected);
            // Independently of FTS: every result's name holds the word (any case).
            for (const auto& id : got) {
                auto name = truth().column("SELECT filename FROM torrents WHERE id = ?", {id});
                BOOST_TEST(lower(name.at(0)).find(lower(word)) != std::string::npos);
            }
        }
    }
    // A prefix of the word finds at least what the word finds.
    const std::string prefix = word.substr(0, 4);
    const auto wide = all_api_ids("q=" + url_encode(prefix));
    BOOST_TEST(wide == search_truth("\"" + prefix + "\"*", std::nullopt, upper(prefix)));
    for (const auto& id : all_api_ids("q=" + url_encode(word)))
        BOOST_TEST(std::count(wide.begin(), wide.end(), id) == 1);

    // Two words of one name: both must match (AND).
    auto name = truth().column(
        "SELECT filename FROM torrents WHERE rowid IN (SELECT rowid FROM torrents_fts WHERE "
        "torrents_fts MATCH ?) ORDER BY added_on DESC, id DESC LIMIT 1",
        {"\"" + word + "\"*"});
    BOOST_REQUIRE(!name.empty());
    std::string other;
    for (const auto& w : letter_words(name[0]))
        if (w.size() >= 3 && lower(w) != lower(word) && other.empty()) other = w;
    if (!other.empty()) {
        BOOST_TEST_CONTEXT("q=" << word << " " << other) {
            const auto got = all_api_ids("q=" + url_encode(word + " " + other));
            BOOST_TEST(got == search_truth("\"" + word + "\"* \"" + other + "\"*", std::nullopt,
                                           upper(word + " " + other)));
            BOOST_TEST(!got.empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(search_combines_with_status_and_sort) {
    const std::string word = selective_word();
    BOOST_REQUIRE(!word.empty());
    const auto got =
        all_api_ids("q=" + url_encode(word) + "&status=downloaded&sort=name&order=asc");
    const auto expected = sql_ids(
        "t.status = 'downloaded' AND (t.rowid IN (SELECT rowid FROM torrents_fts WHERE "
        "torrents_fts MATCH ?) OR t.id = ?)",
        "t.filename COLLATE NOCASE ASC, t.id ASC", {"\"" + word + "\"*", upper(word)});
    BOOST_TEST(got == expected);
}

BOOST_AUTO_TEST_CASE(hash_prefix_and_id_find_their_torrent) {
    auto rows = truth().rows("SELECT id, hash FROM torrents ORDER BY rowid LIMIT 3 OFFSET 100");
    BOOST_REQUIRE(rows.size() == 3u);
    for (const auto& row : rows) {
        const std::string id = *row[0], hash = *row[1];
        for (std::size_t len : {4u, 6u, 40u}) {
            const std::string prefix = hash.substr(0, len);
            for (const std::string& q : {prefix, upper(prefix)}) {
                BOOST_TEST_CONTEXT("q=" << q) {
                    const auto got = all_api_ids("q=" + q);
                    BOOST_TEST(std::count(got.begin(), got.end(), id) == 1);
                    BOOST_TEST(got == search_truth("\"" + q + "\"*", lower(prefix), upper(q)));
                }
            }
        }
        BOOST_TEST_CONTEXT("q=<id> " << id) {
            const auto got = all_api_ids("q=" + lower(id));
            BOOST_TEST(std::count(got.begin(), got.end(), id) == 1);
        }
    }
}

BOOST_AUTO_TEST_CASE(html_list_shows_the_api_first_page) {
    const std::string word = selective_word();
    for (const std::string& query :
         {std::string(""), std::string("status=downloaded"), std::string("sort=name&order=asc"),
          std::string("status=errors&sort=size"), std::string("page=3&sort=progress"),
          "q=" + url_encode(word)}) {
        BOOST_TEST_CONTEXT("/torrents?" << query) {
            HttpResponse r = http().get("/torrents?" + query);
            BOOST_REQUIRE(r.status == 200);
            const auto html_ids = linked_torrent_ids(r.body);
            const auto api_ids = api_page(query).ids;
            BOOST_TEST(!api_ids.empty());
            BOOST_TEST(html_ids == api_ids);
        }
    }
    // The search page lists the same results.
    HttpResponse s = http().get("/search?q=" + url_encode(word));
    BOOST_REQUIRE(s.status == 200);
    BOOST_TEST(linked_torrent_ids(s.body) == api_page("q=" + url_encode(word)).ids);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
