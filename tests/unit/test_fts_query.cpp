#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "db/library_queries.h"
#include "db/schema.h"
#include "db/torrent_store.h"
#include "temp_database.h"

using namespace redriva;

namespace {

// Search text a user (or an attacker) may type: FTS5 syntax of every kind.
const std::vector<std::string> kHostileInputs = {
    "",
    " ",
    "\"",
    "\"\"",
    "\"unterminated",
    "a\"b",
    "*",
    "**",
    "matri*",
    "*matrix",
    "NEAR",
    "NEAR(a b)",
    "NEAR(a b, 2)",
    "a NEAR/2 b",
    "AND",
    "OR",
    "NOT",
    "a AND b",
    "a OR b",
    "NOT a",
    "a NOT",
    "AND OR NOT",
    "filename:matrix",
    ":",
    "-filename:x",
    "{filename}:x",
    "^",
    "^start",
    "a^b",
    "(",
    ")",
    "(a OR b",
    "a) OR (b",
    "()",
    "+",
    "-",
    "-matrix",
    "a + b",
    "'",
    "' OR '1'='1'; DROP TABLE torrents; --",
    "\\",
    "%",
    "_",
    "@#$%&!?.,;/|<>[]{}=~`",
    "<script>alert(1)</script>",
    "\xF0\x9F\x8E\xAC",                       // 🎬
    "\xF0\x9F\x8E\xAC\xF0\x9F\x8D\xBF fire",  // 🎬🍿 fire
    "\xE2\x80\x94",                           // em dash only
    "\xE2\x80\x9C"
    "quoted"
    "\xE2\x80\x9D",  // typographic quotes
    "Am\xC3\xA9lie",
    "\xE5\x8D\x83\xE3\x81\xA8\xE5\x8D\x83\xE5\xB0\x8B",
    "Cafe\xCC\x81",
    "\xE2\x80\xAE"
    "vkm.exe",
    "zero\xE2\x80\x8Bwidth",
    std::string("nul\0byte", 8),
    "\t\r\n",
    "\xFF\xFE broken utf8",
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen",
    std::string(500, 'a'),
    std::string(200, '"'),
    "1080p",
    "0123456789abcdef",
};

struct FtsFixture {
    test::TempDatabasePath tmp;
    db::Database database = db::open_database(tmp.path());

    FtsFixture() {
        db::TorrentStore store(database);
        const char* names[] = {"The.Matrix.1999.1080p.BluRay-GROUP", "<script>alert(1)</script>",
                               "Le Fabuleux Destin d'Am\xC3\xA9lie Poulain",
                               "Movie Night \xF0\x9F\x8E\xAC\xF0\x9F\x8D\xBF Fire 2023",
                               "NEAR AND OR NOT filename"};
        int n = 0;
        for (const char* name : names) {
            TorrentListEntry e;
            e.id = "ID" + std::to_string(n++);
            e.filename = name;
            e.status = "downloaded";
            e.added = "2024-01-01T00:00:00.000Z";
            store.upsert_list_entry(e, "2024-01-01T00:00:00.000Z");
        }
    }

    std::vector<std::int64_t> match(const std::string& fts) {
        auto stmt = database.prepare("SELECT rowid FROM torrents_fts WHERE torrents_fts MATCH ?1");
        auto use = stmt.use();
        use.bind(1, fts);
        std::vector<std::int64_t> out;
        while (use.step()) out.push_back(use.int64(0));
        return out;
    }

    std::vector<std::string> names_for(const std::string& text) {
        std::vector<std::string> out;
        for (auto rowid : match(db::fts_query(text))) {
            auto stmt = database.prepare("SELECT filename FROM torrents WHERE rowid = ?1");
            auto use = stmt.use();
            use.bind(1, rowid);
            if (use.step()) out.push_back(use.str(0));
        }
        return out;
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(fts_query, FtsFixture)

BOOST_AUTO_TEST_CASE(words_become_quoted_prefix_terms) {
    BOOST_TEST(db::fts_query("matrix") == "\"matrix\"*");
    BOOST_TEST(db::fts_query("The Matrix") == "\"The\"* \"Matrix\"*");
    BOOST_TEST(db::fts_query("  the.matrix-1999  ") == "\"the\"* \"matrix\"* \"1999\"*");
    BOOST_TEST(db::fts_query("a\"b") == "\"a\"* \"b\"*");
    BOOST_TEST(db::fts_query("NEAR(a b)") == "\"NEAR\"* \"a\"* \"b\"*");
    BOOST_TEST(db::fts_query("filename:x^y*") == "\"filename\"* \"x\"* \"y\"*");
    BOOST_TEST(db::fts_query("Am\xC3\xA9lie") == "\"Am\xC3\xA9lie\"*");
    BOOST_TEST(db::fts_query("") == "");
    BOOST_TEST(db::fts_query("\"*:^()-+") == "");
}

BOOST_AUTO_TEST_CASE(at_most_sixteen_words) {
    std::string many;
    for (int i = 0; i < 40; ++i) {
        many += 'w';
        many += std::to_string(i);
        many += ' ';
    }
    const std::string q = db::fts_query(many);
    BOOST_TEST(std::count(q.begin(), q.end(), '*') == 16);
    BOOST_TEST(q.find("\"w15\"*") != std::string::npos);
    BOOST_TEST(q.find("w16") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(no_double_quote_survives_inside_a_term) {
    for (const auto& input : kHostileInputs) {
        const std::string q = db::fts_query(input);
        // Quotes only open and close terms: an even count, each term `"…"*`.
        BOOST_TEST_CONTEXT("input '" << input << "' -> " << q) {
            BOOST_TEST(std::count(q.begin(), q.end(), '"') % 2 == 0);
            std::size_t pos = 0;
            while (pos < q.size()) {
                BOOST_REQUIRE(q[pos] == '"');
                auto close = q.find('"', pos + 1);
                BOOST_REQUIRE(close != std::string::npos);
                BOOST_REQUIRE(close + 1 < q.size());
                BOOST_TEST(q[close + 1] == '*');
                pos = close + 2;
                if (pos < q.size()) {
                    BOOST_TEST(q[pos] == ' ');
                    ++pos;
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(every_hostile_input_is_a_valid_fts5_query) {
    for (const auto& input : kHostileInputs) {
        const std::string q = db::fts_query(input);
        BOOST_TEST_CONTEXT("input '" << input << "' -> '" << q << "'") {
            if (q.empty()) continue;  // the caller never runs an empty query (next test)
            BOOST_CHECK_NO_THROW(match(q));
        }
    }
}

BOOST_AUTO_TEST_CASE(every_hostile_input_goes_through_the_list_query) {
    db::LibraryQueries queries(database);
    for (const auto& input : kHostileInputs) {
        BOOST_TEST_CONTEXT("input '" << input << "'") {
            db::ListFilter filter;
            filter.query = input;
            BOOST_CHECK_NO_THROW(queries.ordered_rowids(filter));
            filter.status = "errors";
            filter.sort = db::SortKey::kName;
            BOOST_CHECK_NO_THROW(queries.ordered_rowids(filter));
        }
    }
}

BOOST_AUTO_TEST_CASE(queries_find_what_they_should) {
    using Names = std::vector<std::string>;
    BOOST_TEST((names_for("matri") == Names{"The.Matrix.1999.1080p.BluRay-GROUP"}));
    BOOST_TEST((names_for("the MATRIX 1999") == Names{"The.Matrix.1999.1080p.BluRay-GROUP"}));
    BOOST_TEST((names_for("<script>") == Names{"<script>alert(1)</script>"}));
    BOOST_TEST((names_for("alert(1)") == Names{"<script>alert(1)</script>"}));
    BOOST_TEST((names_for("amelie") == Names{"Le Fabuleux Destin d'Am\xC3\xA9lie Poulain"}));
    BOOST_TEST((names_for("NEAR AND") == Names{"NEAR AND OR NOT filename"}));
    BOOST_TEST((names_for("filename:NOT") == Names{"NEAR AND OR NOT filename"}));
    BOOST_TEST(names_for("matrix nothere").empty());
}

BOOST_AUTO_TEST_CASE(hash_prefix_accepts_4_to_40_hex) {
    BOOST_TEST(db::hash_prefix("abcd").value_or("?") == "abcd");
    BOOST_TEST(db::hash_prefix("ABCD").value_or("?") == "abcd");
    BOOST_TEST(db::hash_prefix("0123456789").value_or("?") == "0123456789");
    BOOST_TEST(db::hash_prefix("  DeadBeef  ").value_or("?") == "deadbeef");
    const std::string full(40, 'f');
    BOOST_TEST(db::hash_prefix(full).value_or("?") == full);
    const std::string mixed = "0123456789ABCDEFabcdef0123456789ABCDEF01";
    BOOST_TEST(db::hash_prefix(mixed).value_or("?") == "0123456789abcdefabcdef0123456789abcdef01");
}

BOOST_AUTO_TEST_CASE(hash_prefix_rejects_the_rest) {
    for (const std::string& bad :
         {std::string(""), std::string("a"), std::string("abc"), std::string(41, 'a'),
          std::string("abcg"), std::string("ab cd"), std::string("0x1234"), std::string("abcd*"),
          std::string("abcd\""), std::string("matrix"), std::string("\xC3\xA9\xC3\xA9"),
          std::string("    "), std::string("abcd\t")}) {
        BOOST_TEST_CONTEXT("'" << bad << "'") {
            BOOST_TEST(!db::hash_prefix(bad).has_value());
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
