// A realistic, reproducible Real-Debrid library for the demo mode, the fake RD
// server, tests and benchmarks.
//
// The same seed gives the same library on every platform: the generator draws raw
// 64-bit words from std::mt19937_64 (whose output the standard fixes) and shapes
// them itself, because the std:: distributions differ between standard libraries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "db/sqlite.h"
#include "domain/torrent.h"

namespace redriva::demo {

class LibraryGenerator {
public:
    // `library_size` is the number of torrents the caller means to draw: it spreads
    // "a few dozen added in the last 24 hours" over the library whatever its size.
    // next() may still be called any number of times.
    LibraryGenerator(std::uint64_t seed, std::int64_t now_unix, std::size_t library_size);

    // The next torrent, as GET /torrents/info would describe it. Ids never repeat
    // within one generator.
    TorrentInfo next();

    // next(), n times: for tests and small libraries.
    std::vector<TorrentInfo> generate(std::size_t n);

    // The names that try to break the pages (markup, quotes, template syntax,
    // bidi controls, very long...). About 3% of generated torrents use one of them,
    // alone or inside a release name.
    static std::vector<std::string> hostile_names();

private:
    struct Release;

    std::string make_id();
    std::string make_hash();
    std::string make_link();
    std::string_view pick_status();
    std::int64_t pick_added(std::string_view status);
    Release make_release();
    Release make_movie(bool rar);
    Release make_episode();
    Release make_season();
    Release make_hostile();
    std::string make_title();
    std::int64_t make_size(double log2_mean, double log2_sd);

    std::mt19937_64 rng_;
    std::size_t hostile_made_ = 0;  // hostile torrents made so far (see make_hostile)
    std::int64_t now_;
    std::size_t library_size_;
    std::size_t recent_count_;
    std::uint64_t index_ = 0;
    std::uint64_t id_counter_ = 0;  // the last id's 12 low digits, as a number
};

struct LibraryFillStats {
    std::size_t torrents = 0;
    std::size_t details = 0;  // torrents with a torrent_details row
    std::size_t files = 0;
};

// Writes `n` generated torrents into `db`: a list row for each, details and files
// for about `details_coverage` of them (a real library always has a few whose
// details the sync has not fetched yet). Commits every 2000 torrents.
LibraryFillStats fill_database(db::Database& db, std::size_t n, std::uint64_t seed,
                               std::int64_t now_unix, double details_coverage = 0.97);

}  // namespace redriva::demo
