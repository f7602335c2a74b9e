// libFuzzer target: search text through fts_query() into a real SQLite FTS5
// MATCH. No text may make SQLite fail (a 500): quotes, '*', NEAR, AND/OR/NOT,
// ':', '^', parentheses and invalid bytes are all just text.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "common/strings.h"
#include "db/library_queries.h"
#include "db/schema.h"
#include "db/torrent_store.h"

using namespace redriva;

namespace {

struct Library {
    std::string path = "/tmp/redriva-fuzz-search-" + std::to_string(::getpid()) + ".db";
    std::unique_ptr<db::Database> database;
    std::unique_ptr<db::Statement> match;

    Library() {
        ::unlink(path.c_str());
        database = std::make_unique<db::Database>(db::open_database(path));
        db::TorrentStore store(*database);
        const char* names[] = {"The.Matrix.1999.1080p", "NEAR AND OR NOT", "a:b ^c (d) \"e\" *f",
                               "Am\xC3\xA9lie", "\xF0\x9F\x8E\xAC Movie Night"};
        int n = 0;
        for (const char* name : names) {
            TorrentListEntry e;
            e.id = "ID" + std::to_string(n++);
            e.filename = name;
            e.status = "downloaded";
            e.added = "2024-01-01T00:00:00.000Z";
            store.upsert_list_entry(e, "2024-01-01T00:00:00.000Z");
        }
        match = std::make_unique<db::Statement>(
            database->prepare("SELECT count(*) FROM torrents_fts WHERE torrents_fts MATCH ?1"));
    }
    ~Library() { ::unlink(path.c_str()); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Library library;
    std::string text(reinterpret_cast<const char*>(data), size);
    if (!is_valid_utf8(text) || text.find('\0') != std::string::npos)
        return 0;  // the URL decoder refuses these before any query (fuzz_query)
    const std::string query = db::fts_query(text);
    if (query.empty()) return 0;  // no searchable word: the list is not filtered
    auto use = library.match->use();
    use.bind(1, query);
    while (use.step()) {
    }  // throws db::Error, and so aborts the fuzzer, on any FTS5 syntax error
    return 0;
}
