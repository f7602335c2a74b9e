// Storage failing under the sync: the disk fills up in the middle of a fast
// sync (a small tmpfs data dir), then the database is read-only for the sync.
// Each time: a clear error, an intact database, a web that keeps serving what
// it has, and a sync that finishes the work once the storage is back.
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <boost/test/results_collector.hpp>
#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "fake_rd.h"
#include "load.h"
#include "stack.h"
#include "table.h"

namespace redriva::torture {

namespace {

using namespace e2e;

// A tmpfs of `megabytes` mounted on a new temporary directory; unmounted and
// removed at the end. mounted() is false where mounting is not permitted.
class SmallDisk {
public:
    explicit SmallDisk(int megabytes) {
        char tmpl[] = "/tmp/redriva-torture-disk-XXXXXX";
        if (!::mkdtemp(tmpl)) return;
        path_ = tmpl;
        const std::string options = "size=" + std::to_string(megabytes) + "m,mode=0755";
        mounted_ = ::mount("tmpfs", path_.c_str(), "tmpfs", 0, options.c_str()) == 0;
        if (!mounted_) error_ = std::strerror(errno);
    }
    ~SmallDisk() {
        if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
        if (!path_.empty()) std::system(("rm -rf '" + path_ + "'").c_str());
    }
    bool mounted() const { return mounted_; }
    const std::string& error() const { return error_; }
    const std::string& path() const { return path_; }
    std::int64_t free_bytes() const {
        struct statvfs st {};
        if (::statvfs(path_.c_str(), &st) != 0) return 0;
        return static_cast<std::int64_t>(st.f_bavail) * static_cast<std::int64_t>(st.f_frsize);
    }

private:
    std::string path_, error_;
    bool mounted_ = false;
};

// A copy of a program that any user can run, wherever the checkout lives: a
// checkout in a directory only its owner can enter (a clone under /root or in
// `mktemp -d`) has binaries that another user cannot reach.
class CopyForAnyUser {
public:
    explicit CopyForAnyUser(const std::string& program) {
        char tmpl[] = "/tmp/redriva-torture-bin-XXXXXX";
        if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
        dir_ = tmpl;
        ::chmod(dir_.c_str(), 0755);
        path_ = dir_ + "/" + std::filesystem::path(program).filename().string();
        std::filesystem::copy_file(program, path_);
        ::chmod(path_.c_str(), 0755);
    }
    ~CopyForAnyUser() {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    CopyForAnyUser(const CopyForAnyUser&) = delete;
    CopyForAnyUser& operator=(const CopyForAnyUser&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string dir_, path_;
};

// Writes `bytes` of filler to take the space away.
void fill(const std::string& path, std::int64_t bytes) {
    std::ofstream out(path, std::ios::binary);
    const std::string block(1 << 20, 'x');
    for (std::int64_t left = bytes; left > 0; left -= static_cast<std::int64_t>(block.size()))
        out.write(block.data(), static_cast<std::streamsize>(std::min<std::int64_t>(
                                    left, static_cast<std::int64_t>(block.size()))));
}

// GETs the reader's pages; how many did not answer 200.
int failed_reads(const Stack& stack, const std::vector<std::string>& paths, int rounds) {
    int failed = 0;
    for (int i = 0; i < rounds; ++i)
        for (const auto& p : paths) failed += stack.http().get(p).status != 200;
    return failed;
}

std::size_t failures_so_far() {
    using namespace boost::unit_test;
    return results_collector.results(framework::current_test_case().p_id).p_assertions_failed;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(storage_faults)

BOOST_AUTO_TEST_CASE(disk_full_then_a_read_only_database) {
    SmallDisk disk(64);
    if (!disk.mounted()) {
        BOOST_TEST_MESSAGE("tmpfs cannot be mounted here (" << disk.error() << "): skipped");
        record({"disk full / read-only", "-", "-", "-",
                "SKIPPED: mounting a tmpfs is not permitted (" + disk.error() + ")", true});
        return;
    }
    const int library = quick() ? 4000 : 8000;
    FakeRd fake({.library = library});
    StackOptions options;
    options.torrents = 300;
    options.parent_dir = disk.path();
    options.env = {{"RD_TOKEN", fake.config().token},
                   {"REDRIVA_RD_API_URL", fake.api_url()},
                   {"REDRIVA_RD_RATE", "100000"}};
    Stack stack(options);
    SyncWorld world(fake);
    const EnvVars here = {{"REDRIVA_DATA_DIR", stack.data_dir()}};
    // The reader's pages, with torrents of the library as it is now (a sync
    // replaces the generated one).
    auto reader = [&] {
        const auto ids = stack.truth().column("SELECT id FROM torrents ORDER BY rowid LIMIT 2");
        return std::vector<std::string>{"/",
                                        "/torrents",
                                        "/torrents?page=2",
                                        "/api/stats",
                                        "/api/torrents",
                                        "/torrents/" + ids.at(0),
                                        "/api/torrents/" + ids.at(1),
                                        "/search?q=the"};
    };
    std::vector<std::string> paths = reader();

    // 1. The disk fills up in the middle of a fast sync.
    const std::string filler = disk.path() + "/filler";
    fill(filler, disk.free_bytes() - 3 * 1024 * 1024);
    const SyncOutcome full = world.run({"fast"}, here, std::chrono::seconds(180));
    const bool clear = full.code == 1 && full.err.find("disk is full") != std::string::npos;
    BOOST_TEST(clear, outcome_text(full));
    const bool intact = integrity_check(stack.database_path()) == std::vector<std::string>{"ok"};
    BOOST_TEST(intact);
    paths = reader();
    const int failed_full = failed_reads(stack, paths, 5);
    BOOST_TEST(failed_full == 0);
    // A sync requested now gets an answer too (queued, or a clear 503), never a 500.
    const long queued_status = stack.http().post("/api/sync/smart", "").status;
    BOOST_TEST(queued_status != 500);

    // 2. Space comes back: the next run finishes the work.
    std::remove(filler.c_str());
    std::size_t before = failures_so_far();
    SyncOutcome after = world.run({"smart"}, here, std::chrono::seconds(180));
    BOOST_TEST(after.code == 0, outcome_text(after));
    expect_same(fake.truth(), database_truth(stack.database_path()));
    const bool recovered = failures_so_far() == before;
    record({"disk full during a fast sync", "fast, " + thousands(library) + " torrents, 3 MB free",
            "ENOSPC",
            std::to_string(failed_full) + " of " + std::to_string(5 * paths.size()) + " reads",
            std::string(clear ? "exit 1 'database or disk is full'" : "UNCLEAR error") +
                (intact ? ", integrity ok" : ", CORRUPT") + ", POST " +
                std::to_string(queued_status) +
                (recovered ? ", converged once freed" : ", NOT converged"),
            clear && intact && failed_full == 0 && queued_status != 500 && recovered});

    // 3. A database the sync may not write (restored by root with the wrong
    // owner, say): the sync runs as `nobody`, the web keeps serving. `nobody`
    // gets what reading needs and no more: its own copy of the binary, the
    // data dir to enter and the database to read.
    fake.add(50);
    const CopyForAnyUser sync(REDRIVA_BUILD_DIR "/redriva-sync");
    ::chmod(stack.data_dir().c_str(), 0711);
    // Files are created 0640: `nobody` is given read access to the database and,
    // since reading a WAL database reads them too, to its -wal and -shm.
    for (const char* suffix : {"", "-wal", "-shm"})
        ::chmod((stack.database_path() + suffix).c_str(), 0644);
    const pid_t pid =
        spawn_process({"/usr/sbin/runuser", "-u", "nobody", "--", sync.path(), "smart"},
                      {{"REDRIVA_DATA_DIR", stack.data_dir()},
                       {"RD_TOKEN", fake.config().token},
                       {"REDRIVA_RD_API_URL", fake.api_url()}},
                      world.data_dir() + "/ro.out", world.data_dir() + "/ro.err");
    const auto ro_code = wait_process(pid, std::chrono::seconds(60));
    const std::string ro_err = read_text_file(world.data_dir() + "/ro.err");
    const bool ro_clear =
        ro_code && *ro_code == 1 && ro_err.find("read-only for this user") != std::string::npos;
    BOOST_TEST(ro_clear, ro_err);
    paths = reader();
    const int failed_ro = failed_reads(stack, paths, 5);
    BOOST_TEST(failed_ro == 0);
    const bool ro_intact = integrity_check(stack.database_path()) == std::vector<std::string>{"ok"};
    BOOST_TEST(ro_intact);
    before = failures_so_far();
    after = world.run({"smart"}, here, std::chrono::seconds(180));
    BOOST_TEST(after.code == 0, outcome_text(after));
    expect_same(fake.truth(), database_truth(stack.database_path()));
    const bool ro_recovered = failures_so_far() == before;
    record({"read-only database (sync as another user)",
            "smart, " + thousands(library + 50) + " torrents", "SQLITE_READONLY",
            std::to_string(failed_ro) + " of " + std::to_string(5 * paths.size()) + " reads",
            std::string(ro_clear ? "exit 1 'read-only for this user'" : "UNCLEAR error") +
                (ro_intact ? ", integrity ok" : ", CORRUPT") +
                (ro_recovered ? ", converged as the owner" : ", NOT converged"),
            ro_clear && failed_ro == 0 && ro_intact && ro_recovered});
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::torture
