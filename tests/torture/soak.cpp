// Soak: 32 connections for 10 minutes (30 s when quick) while a smart sync
// runs every 30 s (6 s) over a library that keeps changing. Zero 5xx, memory
// flat, the WAL bounded (checkpoints complete), and the web log rotating under
// the load without losing a line (its lines match nginx's access log).
#include <dirent.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <thread>

#include "fake_rd.h"
#include "load.h"
#include "stack.h"
#include "table.h"

namespace redriva::torture {

namespace {

using namespace e2e;
using namespace std::chrono;

// Lines of `path` whose text after "] " (the web log) or after the first '"'
// (nginx's access log) starts with "GET ".
std::int64_t request_lines(const std::string& path, bool nginx) {
    std::ifstream in(path);
    std::string line;
    std::int64_t n = 0;
    while (std::getline(in, line)) {
        const auto at = nginx ? line.find('"') : line.find("] ");
        if (at == std::string::npos) continue;
        n += line.compare(at + (nginx ? 1 : 2), 4, "GET ") == 0;
    }
    return n;
}

std::int64_t workers_rss_kb(const Stack& stack) {
    std::int64_t total = 0;
    for (pid_t p : children_of(stack.master_pid())) total += rss_kb(p);
    return total;
}

std::string mb(std::int64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    return text;
}

// The WAL's largest size, sampled every 20 ms on a thread of its own: the
// main loop waits while a sync runs, and the sync truncates the WAL when it
// ends, so samples taken between syncs would all read 0.
class WalWatch {
public:
    explicit WalWatch(std::string path) : path_(std::move(path)), thread_([this] { run(); }) {}
    ~WalWatch() {
        stop_ = true;
        thread_.join();
    }
    WalWatch(const WalWatch&) = delete;
    WalWatch& operator=(const WalWatch&) = delete;
    std::int64_t max() const { return max_.load(); }

private:
    void run() {
        while (!stop_) {
            const std::int64_t size = file_size(path_);
            if (size > max_) max_ = size;
            std::this_thread::sleep_for(milliseconds(20));
        }
    }
    std::string path_;
    std::atomic<bool> stop_{false};
    std::atomic<std::int64_t> max_{0};
    std::thread thread_;  // last: it starts once the members it reads exist
};

}  // namespace

BOOST_AUTO_TEST_SUITE(soak)

BOOST_AUTO_TEST_CASE(ten_minutes_of_load_with_a_sync_every_30_s) {
    const int duration_s = quick() ? 30 : 600;
    const int sync_every_s = quick() ? 6 : 30;
    constexpr int kConnections = 32;
    FakeRd fake({.library = quick() ? 1500 : 3000});
    StackOptions options;
    options.torrents = 100;
    options.env = {{"RD_TOKEN", fake.config().token},
                   {"REDRIVA_RD_API_URL", fake.api_url()},
                   {"REDRIVA_RD_RATE", "100000"},
                   {"REDRIVA_WORKERS", "4"},
                   // Small files, many rotations: the lines must all be there.
                   {"REDRIVA_LOG_MAX_BYTES", quick() ? "262144" : "4194304"},
                   {"REDRIVA_LOG_FILES", "100"},
                   // In the sanitized test build, AddressSanitizer keeps up to 256 MB of
                   // freed memory per process in quarantine, which reads as growth. A
                   // small quarantine lets the RSS show the program's own behaviour
                   // (a Release build ignores the variable).
                   {"ASAN_OPTIONS", "quarantine_size_mb=4:detect_leaks=0"}};
    Stack stack(options);
    SyncWorld world(fake);
    const EnvVars here = {{"REDRIVA_DATA_DIR", stack.data_dir()}};
    BOOST_REQUIRE_EQUAL(world.run({"fast"}, here, seconds(300)).code, 0);
    const auto ids = stack.truth().column("SELECT id FROM torrents ORDER BY rowid LIMIT 20");

    Load load(stack.url(""), reader_paths(ids), kConnections, duration_s);
    const auto start = steady_clock::now();
    const auto end = start + seconds(duration_s);
    std::int64_t rss_early = 0, rss_last = 0, wal_after_sync_max = 0;
    WalWatch wal(stack.database_path() + "-wal");
    int syncs = 0, failed_syncs = 0, round = 0;
    auto next_sync = start + seconds(sync_every_s);
    while (steady_clock::now() < end - seconds(2)) {
        std::this_thread::sleep_for(milliseconds(500));
        const auto elapsed = steady_clock::now() - start;
        // Memory once the caches have warmed up (a fifth in), and at the end.
        if (rss_early == 0 && elapsed >= seconds(duration_s / 5)) rss_early = workers_rss_kb(stack);
        rss_last = workers_rss_kb(stack);
        if (steady_clock::now() < next_sync) continue;
        next_sync += seconds(sync_every_s);
        // The library moves: new torrents, status changes, a removal.
        const auto listed = fake.list_ids();
        fake.add(10);
        for (std::size_t i = static_cast<std::size_t>(round % 7); i < 140; i += 7)
            fake.set(listed[i], round % 2 ? "downloading" : "downloaded", round % 2 ? 0.4 : 1);
        fake.remove(listed[200 + static_cast<std::size_t>(round)]);
        ++round;
        const SyncOutcome out = world.run({"smart"}, here, seconds(120));
        ++syncs;
        failed_syncs += out.code != 0;
        BOOST_TEST(out.code == 0, outcome_text(out));
        wal_after_sync_max =
            std::max(wal_after_sync_max, file_size(stack.database_path() + "-wal"));
    }
    const LoadResult result = load.wait();
    const std::int64_t wal_max = wal.max();
    // nginx flushes its access log every second.
    std::this_thread::sleep_for(seconds(3));

    std::int64_t web_lines = 0;
    int rotated = 0;
    if (DIR* dir = ::opendir(stack.data_dir().c_str())) {
        while (dirent* e = ::readdir(dir)) {
            const std::string name = e->d_name;
            if (name == "web.log" || name.starts_with("web.log.")) {
                web_lines += request_lines(stack.data_dir() + "/" + name, false);
                rotated += name != "web.log";
            }
        }
        ::closedir(dir);
    }
    const std::int64_t nginx_lines =
        request_lines(stack.data_dir() + "/run/nginx/access.log", true);
    expect_same(fake.truth(), database_truth(stack.database_path()));

    const bool no_failures = result.failed() == 0 && result.status_5xx == 0;
    const bool flat = rss_last <= rss_early + rss_early / 5 + 8 * 1024;
    const bool wal_bounded = wal_after_sync_max <= 4 * 1024 * 1024 && wal_max <= 64 * 1024 * 1024;
    const bool lines_kept = web_lines == nginx_lines && rotated >= 1;
    BOOST_TEST(no_failures, result.output);
    BOOST_TEST(flat, "workers' RSS " << rss_early << " kB -> " << rss_last << " kB");
    BOOST_TEST(wal_bounded, "WAL max " << wal_max << ", after a sync " << wal_after_sync_max);
    // The syncs write: a WAL never seen above 0 would mean the watch saw nothing.
    BOOST_TEST(wal_max > 0, "the WAL was never seen growing during " << syncs << " syncs");
    BOOST_TEST(web_lines == nginx_lines);
    BOOST_TEST(rotated >= 1);
    BOOST_TEST(syncs >= duration_s / sync_every_s - 1);
    record({"soak: smart sync every " + std::to_string(sync_every_s) + " s",
            result.describe(kConnections),
            std::to_string(syncs) + " syncs (" + std::to_string(failed_syncs) + " failed), " +
                std::to_string(rotated) + " log rotations",
            std::to_string(result.failed()) + " (" + std::to_string(result.status_5xx) + " x 5xx)",
            "workers RSS " + mb(rss_early * 1024) + " -> " + mb(rss_last * 1024) + ", WAL max " +
                mb(wal_max) + " (" + mb(wal_after_sync_max) + " after syncs), log lines " +
                thousands(web_lines) + " = nginx " + thousands(nginx_lines),
            no_failures && flat && wal_bounded && lines_kept && failed_syncs == 0});
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::torture
