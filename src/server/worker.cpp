#include "server/worker.h"

#include <fcgiapp.h>
#include <malloc.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <string>

#include "common/clock.h"
#include "common/log.h"
#include "common/unique_fd.h"
#include "server/fcgi_io.h"

namespace redriva::server {

namespace {

volatile sig_atomic_t g_stop = 0;

void on_stop_signal(int) {
    g_stop = 1;
}

void install_worker_signals(pid_t master) {
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: the signal must interrupt ppoll
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGQUIT, &sa, nullptr);
    signal(SIGHUP, SIG_IGN);
    signal(SIGCHLD, SIG_DFL);
    signal(SIGPIPE, SIG_IGN);  // nginx may close first; the write fails instead
    // A worker must not outlive its master (kill -9 of the master).
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != master) _exit(0);  // the master died before prctl took effect
}

void log_request(const Config& config, const std::string& method, const std::string& uri,
                 int status, std::int64_t micros, std::size_t bytes) {
    char line[64];
    std::snprintf(line, sizeof line, " %d %.2fms %zuB", status,
                  static_cast<double>(micros) / 1000.0, bytes);
    std::string text = method + " " + uri + line;
    if (micros / 1000 >= config.slow_request_ms)
        log(LogLevel::kWarn, "slow request: " + text);
    else
        log(LogLevel::kInfo, text);
}

}  // namespace

void pool_signal_set(sigset_t* set) {
    sigemptyset(set);
    sigaddset(set, SIGCHLD);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGQUIT);
    sigaddset(set, SIGHUP);
}

void run_worker(const WorkerOptions& options) {
    const Config& config = *options.config;
    WorkerSlot& slot = options.metrics->slots[options.slot];
    install_worker_signals(options.master_pid);
    // Signals stay blocked while a request is served, so a stop never cuts one
    // short; ppoll() below unblocks them atomically while the worker is idle.
    sigset_t blocked, idle_mask;
    pool_signal_set(&blocked);
    sigprocmask(SIG_BLOCK, &blocked, &idle_mask);
    for (int s : {SIGTERM, SIGINT, SIGQUIT}) sigdelset(&idle_mask, s);

    // Each request allocates and frees a few hundred KB; without these glibc
    // returns the top of the heap to the kernel after every request (brk churn).
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
    mallopt(M_TOP_PAD, 4 * 1024 * 1024);
    mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);

    slot.started_ms.store(monotonic_ms());
    slot.generation_requests.store(0);
    slot.busy_since_ms.store(0);

    try {
        // Built after the fork: a SQLite handle never crosses one.
        const std::unique_ptr<RequestHandler> app =
            (*options.make_handler)(options.metrics, options.slot);
        FCGX_Init();
        FcgiExchange exchange;
        std::uint64_t served = 0;

        // EPOLLEXCLUSIVE: a new connection wakes one idle worker, not all of them
        // (a plain poll on a shared socket wakes the whole pool for each one).
        const UniqueFd epoll(epoll_create1(EPOLL_CLOEXEC));
        epoll_event interest{};
        interest.events = EPOLLIN | EPOLLEXCLUSIVE;
        interest.data.fd = options.listen_fd;
        if (!epoll.valid() ||
            epoll_ctl(epoll.get(), EPOLL_CTL_ADD, options.listen_fd, &interest) != 0)
            throw std::runtime_error(std::string("epoll: ") + std::strerror(errno));

        while (!g_stop) {
            // Connections are accepted only here, with the stop signals unblocked
            // atomically for the wait: a stop either interrupts the wait or is
            // seen before the next one, never lost in between.
            epoll_event event{};
            int ready = epoll_pwait(epoll.get(), &event, 1, -1, &idle_mask);
            if (ready < 0) {
                if (errno == EINTR) continue;
                log_error(std::string("worker: epoll_pwait failed: ") + std::strerror(errno));
                _exit(1);
            }
            // Another worker may still win the race for this connection: EAGAIN
            // is normal.
            int connection = accept4(options.listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
            if (connection < 0) {
                if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                    // Out of descriptors or memory: epoll would wake us at once
                    // again; breathe instead of spinning.
                    log_error(std::string("worker: accept failed: ") + std::strerror(errno));
                    usleep(100'000);
                }
                continue;
            }
            slot.current_path[0] = '\0';

            const std::int64_t started_us = monotonic_us();
            slot.busy_since_ms.store(started_us / 1000);
            if (!exchange.start(connection)) {
                slot.busy_since_ms.store(0);
                continue;
            }
            auto parsed =
                exchange.read_request([&app](const std::string& method, const std::string& path) {
                    return app->body_limit(method, path);
                });
            std::string method = "?", uri = "?";
            Response response;
            bool head = false;
            if (parsed) {
                const Request& request = *parsed;
                method = request.method;
                uri = request.raw_uri;
                std::strncpy(slot.current_path, uri.c_str(), kPathLength - 1);
                head = request.method == "HEAD";
                response = app->handle(request);
            } else {
                const RequestError& refused = parsed.error();
                method = refused.method;
                uri = refused.raw_uri;
                response = app->refused(refused);
            }
            exchange.write(response, head);
            exchange.finish();

            const std::int64_t elapsed = monotonic_us() - started_us;
            slot.busy_since_ms.store(0);
            slot.requests.fetch_add(1, std::memory_order_relaxed);
            slot.generation_requests.fetch_add(1, std::memory_order_relaxed);
            slot.total_us.fetch_add(static_cast<std::uint64_t>(elapsed), std::memory_order_relaxed);
            if (response.status >= 500) slot.errors.fetch_add(1, std::memory_order_relaxed);
            record_request(*options.metrics, response.route_index, response.status, elapsed);
            log_request(config, method, uri, response.status, elapsed, response.body.size());

            if (config.max_requests > 0 &&
                ++served >= static_cast<std::uint64_t>(config.max_requests))
                break;  // recycled: the master starts a fresh worker in this slot
        }
    } catch (const std::exception& e) {
        log_error(std::string("worker cannot continue: ") + e.what());
        _exit(1);
    }
    _exit(0);
}

}  // namespace redriva::server
