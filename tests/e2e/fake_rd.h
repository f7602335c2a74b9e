// The sync's end-to-end world: the bundled fake Real-Debrid server run as a child
// process on a free port, redriva-sync run as a child process over a temporary data
// dir, and the fake's truth (its list and every torrent's info, read over its API)
// compared with what the sync wrote to the database.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "stack.h"

namespace redriva::e2e {

// ---------------------------------------------------------------- processes

// A temporary directory, removed with everything in it by the destructor.
class TempDir {
public:
    explicit TempDir(const std::string& prefix = "redriva-sync-e2e");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return path_; }
    void keep() { keep_ = true; }

private:
    std::string path_;
    bool keep_ = false;
};

using EnvVars = std::vector<std::pair<std::string, std::string>>;

// Starts `argv` with the test's environment minus every REDRIVA_* and RD_* variable,
// plus `env`; stdin from /dev/null, stdout and stderr appended to the named files.
// No shell.
pid_t spawn_process(const std::vector<std::string>& argv, const EnvVars& env,
                    const std::string& stdout_path, const std::string& stderr_path);

// Runs ARGV with stdout and stderr on a new pseudo-terminal and returns all it printed
// there (a terminal's line discipline turns "\n" into "\r\n").
struct TerminalRun {
    int code = -1;
    std::string output;
};
TerminalRun run_on_terminal(const std::vector<std::string>& argv, const EnvVars& env);

// Waits for `pid`: its exit code, 128 + the signal when a signal ended it, or
// nullopt when it was still running after `limit` (it is left running).
std::optional<int> wait_process(pid_t pid, std::chrono::milliseconds limit);

// SIGKILLs `pid` and reaps it.
void kill_process(pid_t pid);

std::string read_text_file(const std::string& path);

// ---------------------------------------------------------------- fake-rd

struct FakeRdConfig {
    int library = 300;
    std::uint64_t seed = 11;
    std::int64_t now_unix = 1'750'000'000;  // fixed: the same seed gives the same library
    std::string token = "e2e-sync-token-0123456789";
    int rate = 0;  // requests per window before 429; 0 = no limit
    std::int64_t window_ms = 60'000;
    std::string latency = "";  // "MIN-MAX" (ms) or ""
    double fail_rate = 0;
    std::string bad_json = "";  // "ID,ID"
    double hang_rate = 0;       // share of requests that hang for hang_ms
    int hang_ms = 60'000;
    double reset_rate = 0;  // share of connections reset
    int premium_days = 30;  // the account's premium left; 0: a free account
};

// One torrent as the fake serves it, flattened to comparable text.
struct TruthTorrent {
    std::string list;     // the list entry's fields
    std::string status;   // from the list
    std::string details;  // the info's fields, files and links ("" when not read)
};
using Truth = std::map<std::string, TruthTorrent>;  // by id

class FakeRd {
public:
    explicit FakeRd(const FakeRdConfig& config = {});
    ~FakeRd();
    FakeRd(const FakeRd&) = delete;
    FakeRd& operator=(const FakeRd&) = delete;

    const FakeRdConfig& config() const { return config_; }
    int port() const { return port_; }
    std::string api_url() const;  // http://127.0.0.1:PORT/rest/1.0
    const HttpClient& http() const { return http_; }

    // GET /control/stats as a parsed object; one of its integer fields.
    rapidjson::Document stats() const;
    std::int64_t stat(const char* name) const;
    // GET /control/log: the path of every /rest/1.0 request, in order.
    std::vector<std::string> logged_paths() const;
    void reset_log() const;  // also resets the request counters
    std::vector<std::string> add(int n) const;
    void remove(const std::string& id) const;
    void set(const std::string& id, const std::string& status, double progress) const;
    // POST /control/rules?QUERY: which hashes are cached, the slot limit, the names
    // refused with 451, how long a magnet converts (fake_library.h, ActionRules).
    void rules(const std::string& query) const;

    // The list (every page) and, with `details`, every torrent's info but those in
    // `no_details`, read with the token (retrying 429/503/resets). These requests
    // count in the stats.
    Truth truth(bool details = true, const std::set<std::string>& no_details = {}) const;
    std::vector<std::string> list_ids() const;

private:
    // GET a /rest/1.0 target with the token until it answers neither 429 nor 5xx.
    HttpResponse api_get(const std::string& target) const;

    FakeRdConfig config_;
    TempDir dir_{"redriva-fakerd-e2e"};
    pid_t pid_ = -1;
    int port_ = 0;
    HttpClient http_{""};
};

// ---------------------------------------------------------------- redriva-sync

struct SyncOutcome {
    int code = -1;
    std::string err;  // everything it wrote to stderr
    std::string out;  // and to stdout
    double seconds = 0;
};

// A data dir for redriva-sync and the environment that points it at a fake.
class SyncWorld {
public:
    explicit SyncWorld(const FakeRd& fake);

    // Variables set on every run (overridable per run).
    EnvVars env;

    const std::string& data_dir() const { return dir_.path(); }
    std::string database_path() const { return dir_.path() + "/redriva.db"; }

    // Runs `redriva-sync ARGS` to its end (failing the test after `limit`).
    SyncOutcome run(const std::vector<std::string>& args, const EnvVars& extra = {},
                    std::chrono::milliseconds limit = std::chrono::seconds(60)) const;
    // Starts it; the caller waits or kills. stderr goes to `stderr_path(tag)`, stdout
    // to `stdout_path(tag)`.
    pid_t start(const std::vector<std::string>& args, const std::string& tag,
                const EnvVars& extra = {}) const;
    std::string stderr_path(const std::string& tag) const;
    std::string stdout_path(const std::string& tag) const;
    // Runs it with stdout and stderr on a pseudo-terminal.
    TerminalRun run_on_terminal(const std::vector<std::string>& args,
                                const EnvVars& extra = {}) const;

private:
    EnvVars with(const EnvVars& extra) const;

    TempDir dir_;
    std::string logs_;
};

// What the sync wrote, flattened the same way as the fake's truth.
Truth database_truth(const std::string& database_path);

// Compares the two; every difference (up to a few) becomes a failed check. With
// `details` false, details must be absent from `db` altogether.
void expect_same(const Truth& fake, const Truth& db, bool details = true);

// "exit N: <stderr>", for failure messages.
std::string outcome_text(const SyncOutcome& out);

// PRAGMA integrity_check over a read-write connection (it recovers a WAL left
// behind, as the next sync would): {"ok"} for a sound file.
std::vector<std::string> integrity_check(const std::string& path);

// Starts `redriva-sync ARGS`, SIGKILLs it after `pause_ms`, then checks the
// database (integrity_check) and that a smart sync converges to the fake's
// truth of that moment, with no job left "running". Returns whether the killed
// job was caught running (the next run must then have marked it failed).
bool kill_then_converge(const FakeRd& fake, const SyncWorld& world,
                        const std::vector<std::string>& args, int pause_ms);

}  // namespace redriva::e2e
