// redriva-generate: fills a database with a generated Real-Debrid library, for the
// demo mode, the tests and the benchmarks.
#include <sys/stat.h>
#include <CLI/CLI.hpp>

#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>

#include "common/clock.h"
#include "db/schema.h"
#include "db/torrent_store.h"
#include "demo/library_generator.h"

namespace {

// Ten times the benchmark library, about 2 GB of database: a typo ("-5", an extra
// zero or two) is refused rather than left to fill the disk.
constexpr std::int64_t kMaxTorrents = 1'000'000;

struct Options {
    std::string db_path;
    std::int64_t torrents = 0;
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

    // A bulk load. Statement journals go to memory rather than to temporary files
    // (every statement that fires the search trigger opens one); the cache holds the
    // indexes being filled at random places; and no fsync per checkpoint: a library
    // cut short by a crash is regenerated, not repaired. One sync at the end (below)
    // makes the finished file durable.
    db.exec("PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536; PRAGMA synchronous=OFF");

    std::int64_t started = redriva::monotonic_ms();
    std::int64_t now = redriva::unix_now();
    redriva::demo::LibraryFillStats stats = redriva::demo::fill_database(
        db, static_cast<std::size_t>(opt.torrents), opt.seed, now, opt.coverage);
    {
        redriva::db::WriteTransaction tx(db);
        store.set_meta("generated_at", redriva::iso8601_utc(now));
        store.set_meta("generator_seed", std::to_string(opt.seed));
        // Always written, so that --replace without --demo clears an earlier flag.
        store.set_meta("demo", opt.demo ? "1" : "0");
        tx.commit();
    }
    // Synced, everything in the main file and an empty WAL: the file is complete on its
    // own if it is copied, and the first reader does not wade through a large WAL.
    db.exec("PRAGMA synchronous=NORMAL");
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    double seconds = static_cast<double>(redriva::monotonic_ms() - started) / 1000;
    std::printf(
        "redriva-generate: %zu torrents (%zu with details, %zu files) written to %s in "
        "%.2f s (seed %llu%s)\n",
        stats.torrents, stats.details, stats.files, opt.db_path.c_str(), seconds,
        static_cast<unsigned long long>(opt.seed), opt.demo ? ", demo" : "");
    return 0;
}

// A JSON string literal: quotes, backslashes and control characters escaped,
// every other byte (UTF-8 included) as it is.
std::string json_string(const std::string& text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
            out += escaped;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
    // The library, the job history and the logs are the user's: what we create is
    // not readable by other local users (0640 files, 0750 directories).
    ::umask(027);
    CLI::App app{"Fill a Redriva database with a generated Real-Debrid library."};
    Options opt;
    app.add_option("--db", opt.db_path, "SQLite database file (created and migrated; required)");
    // Parsed as signed: an unsigned option would take "-5" as 2^64 - 5 and start
    // writing forever.
    app.add_option("--torrents", opt.torrents, "number of torrents to generate (required)")
        ->check(CLI::Range(std::int64_t{0}, kMaxTorrents));
    app.add_option("--seed", opt.seed, "seed: the same seed gives the same library")
        ->capture_default_str();
    app.add_option("--coverage", opt.coverage, "fraction of torrents that get details and files")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    app.add_flag("--demo", opt.demo, "label the library as demo data (meta demo=1)");
    app.add_flag("--replace", opt.replace, "delete the torrents already in the database");
    bool print_hostile = false;
    app.add_flag("--hostile-names", print_hostile,
                 "print the names made to break pages (a JSON array; the browser tests read it)");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // CLI11 has one exit code per kind of error; ours is 2 for every usage error.
        return app.exit(e) == 0 ? 0 : 2;
    }
    if (print_hostile) {
        std::string json = "[";
        for (const std::string& name : redriva::demo::LibraryGenerator::hostile_names())
            json += (json.size() > 1 ? ",\n" : "\n") + json_string(name);
        std::printf("%s\n]\n", json.c_str());
        return 0;
    }
    if (opt.db_path.empty() || app.count("--torrents") == 0) {
        std::fprintf(stderr, "redriva-generate: --db and --torrents are required (see --help)\n");
        return 2;
    }

    try {
        return generate(opt);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "redriva-generate: error: %s\n", e.what());
        return 1;
    }
}
