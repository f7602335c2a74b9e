// Load for the torture scenarios: wrk (Debian's) with N connections, each
// request on a new connection (so keep-alive races do not count as failures
// of ours), rotating over the dashboard's pages and API routes, counting 4xx
// and 5xx itself; and small /proc readers for the pool's processes.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace redriva::torture {

struct LoadResult {
    std::int64_t requests = 0;  // completed
    std::int64_t non_2xx = 0;   // wrk's "Non-2xx or 3xx responses"
    std::int64_t errors = 0;    // connect, read, write and timeout errors
    std::int64_t status_5xx = 0;
    std::int64_t status_4xx = 0;
    double seconds = 0;
    std::string output;  // wrk's report, for failure messages

    std::int64_t failed() const { return non_2xx + errors; }
    std::string describe(int connections) const;  // "32 conn, 30 s, 81,234 req"
};

class Load {
public:
    // Starts wrk against `base_url` (http://127.0.0.1:PORT) for `seconds`.
    Load(const std::string& base_url, const std::vector<std::string>& paths, int connections,
         int seconds);
    ~Load();
    Load(const Load&) = delete;
    Load& operator=(const Load&) = delete;

    // Waits for wrk to finish and parses its report.
    LoadResult wait();

private:
    std::string dir_;
    pid_t pid_ = -1;
    int seconds_;
};

// The paths a reader's browser asks for: pages, lists, details, API.
std::vector<std::string> reader_paths(const std::vector<std::string>& torrent_ids);

// The pool master's worker processes (its children), from /proc.
std::vector<pid_t> children_of(pid_t parent);
// Resident memory in kB (VmRSS), 0 when the process is gone.
std::int64_t rss_kb(pid_t pid);
std::int64_t file_size(const std::string& path);  // 0 when missing

// "12,345".
std::string thousands(std::int64_t n);

}  // namespace redriva::torture
