// The end-to-end tests' world: a real stack (nginx + the redriva-web pool, started
// by scripts/run --detach) over a generated database in a temporary data dir, an
// HTTP client over libcurl, and a read-only connection to the same database to
// compute the expected answers ("SQL truth").
#pragma once

#include <rapidjson/document.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "common/strings.h"
#include "db/sqlite.h"

namespace redriva::e2e {

// A TCP port free on 127.0.0.1 when asked.
int free_port();

// ---------------------------------------------------------------- HTTP client

struct HttpResponse {
    long status = 0;           // 0: no HTTP answer (connection error, timeout)
    std::string error;         // curl's message when status is 0
    std::string content_type;  // as sent, e.g. "text/html; charset=utf-8"
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
    std::string body;
    double seconds = 0;  // wall time of the exchange

    // The first header of that (lower-case) name, or "".
    std::string header(std::string_view name) const;
    bool has_header(std::string_view name) const;
    bool is_html() const;
    bool is_json() const;
};

struct HttpOptions {
    std::vector<std::string> headers;  // "Name: value"
    std::string cookie;                // sent as the Cookie header when not empty
    long timeout_ms = 20'000;
};

// One request per call on a fresh connection. `target` is a path with its query
// ("/api/stats?x=1"), sent as-is (no dot-segment normalisation).
class HttpClient {
public:
    explicit HttpClient(std::string base_url) : base_(std::move(base_url)) {}

    HttpResponse get(std::string_view target, const HttpOptions& options = {}) const;
    HttpResponse head(std::string_view target, const HttpOptions& options = {}) const;
    HttpResponse post(std::string_view target, std::string_view body,
                      const HttpOptions& options = {}) const;
    HttpResponse request(std::string_view method, std::string_view target,
                         std::optional<std::string_view> body, const HttpOptions& options) const;

    const std::string& base_url() const { return base_; }

private:
    std::string base_;
};

using redriva::url_encode;  // common/strings.h

// ---------------------------------------------------------------- JSON

// Parses with full double precision; the test fails (BOOST_REQUIRE) on bad JSON.
rapidjson::Document parse_json(const std::string& body);
std::vector<std::string> member_names(const rapidjson::Value& object);
std::string json_string(const rapidjson::Value& value);  // "" unless a string

// ---------------------------------------------------------------- SQL truth

using SqlValue = std::optional<std::string>;  // NULL or the column as text
using SqlRow = std::vector<SqlValue>;

// A read-only connection to a stack's database.
class TruthDb {
public:
    explicit TruthDb(const std::string& path);

    // Every row of `sql` with `args` bound in order (each as text, or NULL).
    std::vector<SqlRow> rows(const std::string& sql, const std::vector<SqlValue>& args = {});
    // The first column of every row (NULL as "").
    std::vector<std::string> column(const std::string& sql, const std::vector<SqlValue>& args = {});
    // The first column of the first row as an integer (0 when none).
    std::int64_t integer(const std::string& sql, const std::vector<SqlValue>& args = {});

private:
    db::Database db_;
};

// ---------------------------------------------------------------- the stack

struct StackOptions {
    int torrents = 3000;
    std::uint64_t seed = 7;
    int workers = 2;
    // Demo mode, as a user without RD_TOKEN gets it: scripts/run starts fake-rd
    // with `torrents` torrents and syncs from it (no generated database), and
    // queued jobs start redriva-sync at once.
    bool demo = false;
    // Settings for scripts/run that replace the defaults (RD_TOKEN, REDRIVA_RD_API_URL…).
    std::vector<std::pair<std::string, std::string>> env;
    // Where the temporary data dir is made (a small tmpfs, for disk-full tests).
    std::string parent_dir = "/tmp";
};

// A stack in its own temporary data dir on its own free port. Stopped (and the
// dir removed unless `keep_dir`) by stop() or the destructor.
class Stack {
public:
    explicit Stack(const StackOptions& options = {});
    ~Stack();
    Stack(const Stack&) = delete;
    Stack& operator=(const Stack&) = delete;

    void stop();
    void keep_dir() { keep_dir_ = true; }

    const std::string& data_dir() const { return dir_; }
    int port() const { return port_; }
    std::string url(std::string_view target = "/") const;
    const HttpClient& http() const { return http_; }
    TruthDb& truth() { return *truth_; }

    std::string database_path() const { return dir_ + "/redriva.db"; }
    std::string web_log_path() const { return dir_ + "/web.log"; }
    // The pool master's pid, from the pid file scripts/lib.sh names.
    int master_pid() const;

    // Runs scripts/<script> (run gets --detach, deploy --skip-tests) with this
    // stack's settings; its exit code, its output appended to `log_name`.
    int run_script(const std::string& script, const std::string& log_name) const;

private:
    std::string dir_;
    int port_ = 0;
    HttpClient http_{""};
    std::unique_ptr<TruthDb> truth_;
    bool running_ = false;
    bool keep_dir_ = false;
    bool demo_ = false;
    int torrents_ = 0;
    std::vector<std::pair<std::string, std::string>> env_;
};

// The stack shared by every test case (the global fixture's, tests/e2e/main.cpp).
Stack& stack();
void set_shared_stack(Stack* shared);
inline const HttpClient& http() {
    return stack().http();
}
inline TruthDb& truth() {
    return stack().truth();
}

// ---------------------------------------------------------------- helpers

// Every `prefix…"` in `text`: what follows `prefix` up to the next double quote.
std::vector<std::string> quoted_after(const std::string& text, std::string_view prefix);

// The ids linked from a page's torrent table ("/torrents/<id>"), in order.
std::vector<std::string> linked_torrent_ids(const std::string& html);

// What CTemplate's HTML auto-escaping makes of a text.
std::string html_escape(std::string_view text);

// ISO 8601 UTC as the database stores it ("2025-07-29T10:30:00.000Z").
std::string iso8601(std::int64_t unix_seconds);
std::int64_t unix_now();

// Waits until `stack` has no job queued or running and its last job is `id`:
// the job itself ended, not merely its first commits (a smart sync writes the
// list before the details).
bool job_finished(const Stack& stack, std::int64_t id,
                  std::chrono::seconds limit = std::chrono::seconds(60));

// Polls GET /api/jobs/<job> (an action job) until it has ended; its last answer. A
// failed check when it did not end within 30 s.
rapidjson::Document wait_job(const Stack& stack, std::int64_t job);

// Retries `probe` every 50 ms until it returns true or `limit` passes.
template <typename Probe>
bool eventually(std::chrono::milliseconds limit, Probe probe) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (true) {
        if (probe()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

}  // namespace redriva::e2e
