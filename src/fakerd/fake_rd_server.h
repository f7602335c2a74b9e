// fake-rd: a local stand-in for the Real-Debrid REST API (tests, benchmarks, demo).
//
// Every /rest/1.0 request goes through one pipeline, in the pre-routing handler:
//   count it in the rate window (429 when over) -> latency -> injected fault
//   (reset / hang / 503) -> token check (401) -> the endpoint's handler.
// /control/* (loopback only, no token, not counted) lets tests change the library
// and read the request log and statistics.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "fakerd/fake_library.h"
#include "fakerd/rate_window.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace redriva::fakerd {

struct FakeRdOptions {
    std::size_t library_size = 100;
    std::uint64_t seed = 1;
    std::int64_t now_unix = 1753785000;  // fixed, so that a seed names one library
    std::string token = "demo-token";
    std::size_t rate_limit = 250;  // requests per window; 0 = no limit
    std::int64_t rate_window_ms = 60'000;
    RateWindow::Clock clock;  // for the rate window; default monotonic_ms
    int latency_min_ms = 0;
    int latency_max_ms = 0;
    double fail_rate = 0;   // share of 503 service_unavailable
    double hang_rate = 0;   // share of requests that hang for hang_ms (or until stop)
    double reset_rate = 0;  // share of connections reset without a response
    std::int64_t hang_ms = 60'000;
    std::set<std::string> bad_json_ids;  // /torrents/info of these returns truncated JSON
    std::uint64_t fault_seed = 1;        // latency and fault draws
    int threads = 64;                    // keep-alive connections each hold one while open
    int premium_days = 30;               // /user's premium left; 0 or less: a free account
};

struct FakeRdStats {
    std::uint64_t requests = 0;     // /rest/1.0 requests, refused ones included
    std::uint64_t too_many = 0;     // 429
    std::uint64_t unavailable = 0;  // injected 503
    std::uint64_t hangs = 0;
    std::uint64_t resets = 0;
    std::uint64_t unauthorized = 0;  // 401
    std::uint64_t slots_full = 0;    // 509 (addMagnet, addTorrent, selectFiles)
    std::size_t max_in_window = 0;   // most requests seen in one rate window
};

struct LogEntry {
    std::string method;
    std::string path;
    std::string query;       // the parameters, re-encoded as k=v&k=v (form fields included)
    int status = 0;          // 0: connection reset without a response
    std::int64_t ms = 0;     // time spent serving it
    std::int64_t at_ms = 0;  // since the server started
    // A request is logged just after its response is written (httplib's logger).
};

class FakeRdServer {
public:
    explicit FakeRdServer(FakeRdOptions options);
    ~FakeRdServer();
    FakeRdServer(const FakeRdServer&) = delete;
    FakeRdServer& operator=(const FakeRdServer&) = delete;

    // Binds 127.0.0.1:port (0: a free port) and serves from a background thread.
    // Returns the bound port; throws std::runtime_error when binding fails.
    int start(int port = 0);
    // Wakes hanging requests, stops listening, joins. Idempotent.
    void stop();
    int port() const { return port_; }

    FakeLibrary& library() { return library_; }
    FakeRdStats stats() const;
    std::vector<LogEntry> log() const;
    void reset_log();

private:
    enum class Fault { kNone, kUnavailable, kHang, kReset };

    void install_routes();
    bool run_pipeline(const httplib::Request& req, httplib::Response& res);
    void sleep_interruptible(std::int64_t ms);
    int draw_latency_ms();
    Fault draw_fault();
    void record(const httplib::Request& req, int status, std::int64_t started_ms);

    void handle_user(const httplib::Request& req, httplib::Response& res);
    void handle_list(const httplib::Request& req, httplib::Response& res);
    void handle_info(const httplib::Request& req, httplib::Response& res);
    void handle_traffic(const httplib::Request& req, httplib::Response& res);
    void handle_unrestrict_check(const httplib::Request& req, httplib::Response& res);
    void handle_add_magnet(const httplib::Request& req, httplib::Response& res);
    void handle_add_torrent(const httplib::Request& req, httplib::Response& res);
    void send_added(httplib::Response& res, const AddMagnetResult& added);
    void send_slots_full(httplib::Response& res);
    void handle_select_files(const httplib::Request& req, httplib::Response& res);
    void handle_delete(const httplib::Request& req, httplib::Response& res);
    void handle_active_count(const httplib::Request& req, httplib::Response& res);
    void handle_unrestrict(const httplib::Request& req, httplib::Response& res);
    void handle_control(const httplib::Request& req, httplib::Response& res);

    FakeRdOptions options_;
    FakeLibrary library_;
    RateWindow window_;
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
    int port_ = 0;
    std::int64_t started_ms_ = 0;

    std::mutex stop_mutex_;
    std::condition_variable stop_cv_;
    bool stopping_ = false;

    mutable std::mutex mutex_;  // rng_, stats_, log_
    std::mt19937_64 rng_;
    FakeRdStats stats_;
    std::vector<LogEntry> log_;
};

}  // namespace redriva::fakerd
