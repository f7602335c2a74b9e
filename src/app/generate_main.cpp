// redriva-generate: fills a database with a generated Real-Debrid library, for the
// demo mode, the tests and the benchmarks.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>

#include "common/clock.h"
#include "db/library_generator.h"
#include "db/schema.h"
#include "db/torrent_store.h"

namespace {

struct Options {
    std::string db_path;
    std::size_t torrents = 0;
    std::uint64_t seed = 42;
    double coverage = 0.97;
    bool demo = false;
    bool replace = false;
};

int generate(const Options& opt) {
    redriva::db::Database db = redriva::db::open_database(opt.db_path);
    redriva::db::TorrentStore store(db);
    if (std::int64_t existing = store.count_torrents(); existing > 0) {
        if (!opt.replace) {
            std::fprintf(stderr,
                         "redriva-generate: %s already holds %lld torrents; pass --replace to "
                         "delete them first\n",
                         opt.db_path.c_str(), static_cast<long long>(existing));
            return 1;
        }
        redriva::db::WriteTransaction tx(db);
        store.remove_all_torrents();
        tx.commit();
    }

    std::int64_t started = redriva::monotonic_ms();
    std::int64_t now = redriva::unix_now();
    redriva::LibraryFillStats stats =
        redriva::fill_database(db, opt.torrents, opt.seed, now, opt.coverage);
    {
        redriva::db::WriteTransaction tx(db);
        store.set_meta("generated_at", redriva::iso8601_utc(now));
        store.set_meta("generator_seed", std::to_string(opt.seed));
        if (opt.demo) store.set_meta("demo", "1");
        tx.commit();
    }
    double seconds = static_cast<double>(redriva::monotonic_ms() - started) / 1000;
    std::printf("redriva-generate: %zu torrents (%zu with details, %zu files) written to %s in "
                "%.2f s (seed %llu%s)\n",
                stats.torrents, stats.details, stats.files, opt.db_path.c_str(), seconds,
                static_cast<unsigned long long>(opt.seed), opt.demo ? ", demo" : "");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Fill a Redriva database with a generated Real-Debrid library."};
    Options opt;
    app.add_option("--db", opt.db_path, "SQLite database file (created and migrated)")
        ->required();
    app.add_option("--torrents", opt.torrents, "number of torrents to generate")->required();
    app.add_option("--seed", opt.seed, "seed: the same seed gives the same library")
        ->capture_default_str();
    app.add_option("--coverage", opt.coverage,
                   "fraction of torrents that get details and files")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    app.add_flag("--demo", opt.demo, "mark the database as demo data (meta demo=1)");
    app.add_flag("--replace", opt.replace, "delete the torrents already in the database");
    CLI11_PARSE(app, argc, argv);

    try {
        return generate(opt);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "redriva-generate: error: %s\n", e.what());
        return 1;
    }
}
