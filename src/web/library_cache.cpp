#include "web/library_cache.h"

namespace redriva::web {

namespace {
// A full ordered list of 100k torrents is 800 KB; a few dozen filters fit.
constexpr std::size_t kOrderEntries = 64;
constexpr std::size_t kOrderBytes = 48 * 1024 * 1024;
}  // namespace

CachedLibrary::CachedLibrary(db::Database& db)
    : queries_(db), orders_(kOrderEntries, kOrderBytes) {}

CachedLibrary::Generations CachedLibrary::refresh() {
    const std::int64_t data_version = queries_.data_version();
    if (data_version != last_data_version_) {
        last_data_version_ = data_version;
        ++generations_.state;
        const std::int64_t library_version = queries_.library_version();
        if (library_version != last_library_version_) {
            last_library_version_ = library_version;
            ++generations_.library;
        }
        const std::int64_t list_version = queries_.list_version();
        if (list_version != last_list_version_) {
            last_list_version_ = list_version;
            ++generations_.list;
        }
    }
    return generations_;
}

std::shared_ptr<const db::LibraryStats> CachedLibrary::stats(std::int64_t now_unix) {
    const std::int64_t minute = now_unix / 60;
    if (!stats_ || stats_generation_ != generations_.library || stats_minute_ != minute) {
        stats_ = std::make_shared<const db::LibraryStats>(queries_.stats(now_unix));
        stats_generation_ = generations_.library;
        stats_minute_ = minute;
    }
    return stats_;
}

bool CachedLibrary::demo() {
    if (demo_generation_ != generations_.state) {
        auto value = queries_.meta("demo");
        demo_ = value && *value == "1";
        demo_generation_ = generations_.state;
    }
    return demo_;
}

std::int64_t CachedLibrary::list_figure(ListFigure& figure,
                                        const std::function<std::int64_t()>& compute) {
    if (figure.generation != generations_.list) {
        figure.value = compute();
        figure.generation = generations_.list;
    }
    return figure.value;
}

TorrentPage CachedLibrary::page(const ListParams& params) {
    // One read transaction for the whole page: one snapshot, and one round of
    // file locking instead of one per row.
    db::ReadTransaction snapshot(queries_.database());
    const std::string key = params.filter.cache_key();
    auto previous = orders_.get(key);
    auto order = db::current_order(queries_, params.filter, previous);
    if (order != previous) orders_.put(key, order, order->bytes() + key.size());
    const std::vector<std::int64_t>* ids = &order->ids;
    TorrentPage page;
    page.params = params;
    page.total_count = static_cast<std::int64_t>(ids->size());
    page.window = page_window(page.total_count, params.page, params.page_size);
    page.rows.reserve(static_cast<std::size_t>(page.window.count));
    for (std::int64_t i = 0; i < page.window.count; ++i) {
        // The list was read under this generation; a row missing now means the
        // generation moved mid-request, and the next request recomputes.
        if (auto row = queries_.row_by_rowid(
                (*ids)[static_cast<std::size_t>(page.window.first_index + i)]))
            page.rows.push_back(std::move(*row));
    }
    return page;
}

}  // namespace redriva::web
