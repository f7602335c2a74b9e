// fake-rd: the fake Real-Debrid server for tests, benchmarks and the demo mode.
#include <sys/stat.h>
#include <CLI/CLI.hpp>

#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "common/clock.h"
#include "common/strings.h"
#include "fakerd/fake_rd_server.h"

namespace {

using redriva::fakerd::FakeRdOptions;

// "MIN-MAX" or "N" (milliseconds).
bool parse_latency(const std::string& text, int& min_ms, int& max_ms) {
    auto dash = text.find('-');
    auto lo = redriva::parse_int(redriva::trim(std::string_view(text).substr(0, dash)));
    auto hi = dash == std::string::npos
                  ? lo
                  : redriva::parse_int(redriva::trim(std::string_view(text).substr(dash + 1)));
    if (!lo || !hi || *lo < 0 || *hi < *lo || *hi > 600'000) return false;
    min_ms = static_cast<int>(*lo);
    max_ms = static_cast<int>(*hi);
    return true;
}

// Written to a temporary name, then renamed: a reader never sees half a port.
void write_port_file(const std::string& path, int port) {
    std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << port << '\n';
        if (!out.flush()) throw std::runtime_error("cannot write " + tmp);
    }
    std::filesystem::rename(tmp, path);
}

}  // namespace

int main(int argc, char** argv) {
    // The library, the job history and the logs are the user's: what we create is
    // not readable by other local users (0640 files, 0750 directories).
    ::umask(027);
    FakeRdOptions options;
    int port = 0;
    std::string latency;
    std::string bad_json;
    std::string port_file;
    std::int64_t now = options.now_unix;

    CLI::App app{
        "fake-rd: a local fake of the Real-Debrid REST API (/rest/1.0) with a generated "
        "library, RD's sliding 60-second rate limit and injectable faults.\n"
        "Test control API (no token): POST /control/add?n=N, /control/delete?id=, "
        "/control/set?id=&status=&progress=&links=a,b, /control/reset-log; "
        "GET /control/log, /control/stats."};
    app.add_option("--port", port, "TCP port on 127.0.0.1 (0 = pick a free one)")
        ->check(CLI::Range(0, 65535));
    app.add_option("--library", options.library_size, "number of generated torrents")
        ->capture_default_str();
    app.add_option("--seed", options.seed, "generator seed (same seed, same library)")
        ->capture_default_str();
    app.add_option("--now", now, "the generator's 'now' as unix time (0 = the current time)")
        ->capture_default_str();
    app.add_option("--token", options.token, "the API token clients must send")
        ->capture_default_str();
    app.add_option("--premium-days", options.premium_days,
                   "premium days left on the account (0: a free account)")
        ->check(CLI::Range(0, 3650))
        ->capture_default_str();
    app.add_option("--rate", options.rate_limit, "requests per window before 429 (0 = no limit)")
        ->capture_default_str();
    app.add_option("--window-ms", options.rate_window_ms, "rate window length in ms")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{3'600'000}))
        ->capture_default_str();
    app.add_option("--latency", latency, "added latency per request: MIN-MAX or N (ms)");
    app.add_option("--fail-rate", options.fail_rate, "share of 503 service_unavailable")
        ->check(CLI::Range(0.0, 1.0));
    app.add_option("--hang-rate", options.hang_rate, "share of requests that hang")
        ->check(CLI::Range(0.0, 1.0));
    app.add_option("--hang-ms", options.hang_ms, "how long a hang lasts (ms)")
        ->capture_default_str();
    app.add_option("--reset-rate", options.reset_rate, "share of connections reset (RST)")
        ->check(CLI::Range(0.0, 1.0));
    app.add_option("--bad-json", bad_json,
                   "ids whose /torrents/info returns truncated JSON: ID,ID");
    app.add_option("--fault-seed", options.fault_seed, "seed of the latency and fault draws")
        ->capture_default_str();
    app.add_option("--threads", options.threads, "server threads (one per open connection)")
        ->check(CLI::Range(1, 4096))
        ->capture_default_str();
    app.add_option("--port-file", port_file, "write the chosen port to this file");
    CLI11_PARSE(app, argc, argv);

    if (!latency.empty() &&
        !parse_latency(latency, options.latency_min_ms, options.latency_max_ms)) {
        std::cerr << "fake-rd: --latency wants MIN-MAX or N in milliseconds\n";
        return 2;
    }
    if (options.fail_rate + options.hang_rate + options.reset_rate > 1.0) {
        std::cerr << "fake-rd: --fail-rate + --hang-rate + --reset-rate must not exceed 1\n";
        return 2;
    }
    for (std::string_view rest = bad_json; !rest.empty();) {
        auto comma = rest.find(',');
        auto id = redriva::trim(rest.substr(0, comma));
        if (!id.empty()) options.bad_json_ids.emplace(id);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    options.now_unix = now == 0 ? redriva::unix_now() : now;

    // The server's threads inherit this mask; the main thread takes the signals.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    try {
        redriva::fakerd::FakeRdServer server(options);
        int bound = server.start(port);
        if (!port_file.empty()) write_port_file(port_file, bound);
        std::cout << "fake-rd listening on http://127.0.0.1:" << bound << "/rest/1.0 ("
                  << server.library().size() << " torrents)" << std::endl;
        int sig = 0;
        sigwait(&signals, &sig);
        server.stop();
    } catch (const std::exception& e) {
        std::cerr << e.what() << '\n';
        return 1;
    }
    return 0;
}
