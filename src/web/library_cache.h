// The worker's view of the library: LibraryQueries behind caches that stay
// valid exactly until the database changes. The generation moves when
// PRAGMA data_version reports another connection's commit, or when this worker
// wrote itself (data_version does not count a connection's own commits).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "db/library_queries.h"
#include "db/list_order.h"
#include "web/list_params.h"
#include "web/lru_cache.h"

namespace redriva::web {

struct TorrentPage {
    ListParams params;
    PageWindow window;
    std::int64_t total_count = 0;
    std::vector<db::TorrentRow> rows;
};

class CachedLibrary {
public:
    explicit CachedLibrary(db::Database& db);

    // Three generations, checked once per request. `state` moves with any commit
    // (another connection's, seen through PRAGMA data_version, or this worker's
    // own): job state, log lines. `library` moves only when torrents or their
    // details changed, so pages survive a sync's progress updates. `list` moves only
    // when what a list shows changed, so lists survive a sync rewriting details.
    struct Generations {
        std::uint64_t state = 0;
        std::uint64_t library = 0;
        std::uint64_t list = 0;
    };
    Generations refresh();
    void note_own_write() { ++generations_.state; }

    // Stats also expire after a minute: "added in the last 24 h" moves with time.
    std::shared_ptr<const db::LibraryStats> stats(std::int64_t now_unix);

    // One page of a list: the ordered rowids of the filter come from the cache
    // (computed once, then brought up to date with the rows a commit changed), so
    // page 1900 costs what page 1 costs, and a commit costs what it changed.
    TorrentPage page(const ListParams& params);

    // The library is generated demo data (meta demo = 1); cached per generation.
    bool demo();

    // A figure computed from the torrents' rows (what lists show), kept until the
    // list generation moves: `compute` runs at most once per generation, not after
    // every commit of a sync that rewrites details.
    struct ListFigure {
        std::uint64_t generation = 0;
        std::int64_t value = 0;
    };
    std::int64_t list_figure(ListFigure& figure, const std::function<std::int64_t()>& compute);

    std::optional<db::TorrentDetail> detail(const std::string& id) { return queries_.detail(id); }
    db::LibraryQueries& queries() { return queries_; }

private:
    db::LibraryQueries queries_;
    Generations generations_{1, 1, 1};
    std::int64_t last_data_version_ = -1;
    std::int64_t last_library_version_ = -1;
    std::int64_t last_list_version_ = -1;
    std::shared_ptr<const db::LibraryStats> stats_;
    std::uint64_t stats_generation_ = 0;
    std::int64_t stats_minute_ = -1;
    // By filter; each entry knows its list version (never cleared as a whole).
    LruCache<db::OrderedRows> orders_;
    bool demo_ = false;
    std::uint64_t demo_generation_ = 0;
};

}  // namespace redriva::web
