#include "server/pool.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <deque>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "common/clock.h"
#include "common/log.h"
#include "common/strings.h"
#include "common/unique_fd.h"
#include "server/metrics.h"
#include "server/worker.h"

namespace redriva::server {

namespace {

constexpr int kBacklog = 1024;

std::string errno_text() {
    return std::strerror(errno);
}

void set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
        throw std::runtime_error("cannot make the listening socket non-blocking: " + errno_text());
}

struct Process {
    pid_t pid;
    int slot;
    bool retiring;   // asked to stop (rolling restart or shutdown)
    bool timed_out;  // killed by the watchdog
    std::int64_t started_ms;
};

class Supervisor {
public:
    explicit Supervisor(const PoolOptions& options)
        : options_(options),
          config_(*options.config),
          // Twice the slots: during a rolling restart a worker and its
          // replacement both run, each counting in its own slot.
          metrics_(create_shared_metrics(options.workers * 2)) {}

    int run() {
        sigset_t set;
        pool_signal_set(&set);
        sigprocmask(SIG_BLOCK, &set, nullptr);
        log_info("pool starting: " + std::to_string(options_.workers) + " workers, max_requests " +
                 std::to_string(config_.max_requests) + ", request timeout " +
                 std::to_string(config_.request_timeout_s) + " s");
        for (int i = 0; i < options_.workers; ++i) spawn(i);

        while (true) {
            siginfo_t info{};
            timespec tick{0, 250'000'000};
            int sig = sigtimedwait(&set, &info, &tick);
            if (sig == SIGCHLD)
                reap();
            else if (sig == SIGTERM || sig == SIGINT || sig == SIGQUIT)
                begin_shutdown(sig);
            else if (sig == SIGHUP)
                begin_rolling_restart();
            if (stopping_) {
                if (processes_.empty()) break;
                if (monotonic_ms() > stop_deadline_ms_) kill_remaining();
                continue;
            }
            respawn_due();
            watchdog();
            advance_rolling_restart();
        }
        log_info("pool stopped");
        return 0;
    }

private:
    int free_twin(int slot) const {
        const int n = options_.workers;
        int twin = slot < n ? slot + n : slot - n;
        return slot_in_use(twin) ? -1 : twin;
    }

    bool slot_in_use(int slot) const {
        for (const auto& p : processes_)
            if (p.slot == slot) return true;
        return false;
    }

    void spawn(int slot) {
        pid_t pid = fork();
        if (pid < 0) {
            log_error("fork failed: " + errno_text());
            pending_.push_back({slot, monotonic_ms() + 1000});
            return;
        }
        if (pid == 0) {
            WorkerOptions w{&config_, options_.listen_fd, metrics_,
                            slot,     master_pid_,        &options_.make_handler};
            run_worker(w);
        }
        metrics_->slots[slot].pid.store(pid);
        processes_.push_back(Process{pid, slot, false, false, monotonic_ms()});
    }

    void reap() {
        int status = 0;
        pid_t pid;
        // Signals coalesce: one SIGCHLD may stand for several exits.
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
            auto it = processes_.begin();
            while (it != processes_.end() && it->pid != pid) ++it;
            if (it == processes_.end()) continue;
            Process p = *it;
            processes_.erase(it);
            WorkerSlot& slot = metrics_->slots[p.slot];
            slot.pid.store(0);
            slot.busy_since_ms.store(0);
            if (stopping_) continue;
            if (p.retiring) {
                if (rolling_current_pid_ == pid) rolling_current_pid_ = 0;
                continue;  // its replacement is already running
            }
            const bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
            if (clean) {
                metrics_->recycled.fetch_add(1);
            } else if (!p.timed_out) {
                metrics_->respawns.fetch_add(1);
                log_error("worker " + std::to_string(pid) + " died (" + describe(status) +
                          "); starting a new one");
            }
            // A worker that dies right after starting (bad database, say) is
            // restarted once a second, not in a tight fork loop.
            const bool crash_loop = !clean && monotonic_ms() - p.started_ms < 1000;
            pending_.push_back({p.slot, crash_loop ? monotonic_ms() + 1000 : 0});
        }
        respawn_due();
    }

    static std::string describe(int status) {
        if (WIFSIGNALED(status)) return std::string("signal ") + strsignal(WTERMSIG(status));
        if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
        return "unknown status";
    }

    void respawn_due() {
        const std::int64_t now = monotonic_ms();
        for (auto it = pending_.begin(); it != pending_.end();) {
            if (it->second <= now) {
                int slot = it->first;
                it = pending_.erase(it);
                spawn(slot);
            } else {
                ++it;
            }
        }
    }

    // php-fpm's request_terminate_timeout: a request that runs too long takes
    // its worker down with it, and the pool gets a fresh one.
    void watchdog() {
        const std::int64_t now = monotonic_ms();
        const std::int64_t limit_ms = std::int64_t{config_.request_timeout_s} * 1000;
        for (auto& p : processes_) {
            WorkerSlot& slot = metrics_->slots[p.slot];
            const std::int64_t busy = slot.busy_since_ms.load();
            if (p.timed_out || busy == 0 || now - busy <= limit_ms) continue;
            p.timed_out = true;
            metrics_->timeouts.fetch_add(1);
            std::string path(slot.current_path, strnlen(slot.current_path, kPathLength));
            log_warn("worker " + std::to_string(p.pid) + " killed: request " + path +
                     " has run for " + std::to_string((now - busy) / 1000) + " s (limit " +
                     std::to_string(config_.request_timeout_s) + " s)");
            kill(p.pid, SIGKILL);
        }
    }

    void begin_shutdown(int sig) {
        if (stopping_) return;
        stopping_ = true;
        log_info(std::string("pool stopping on ") + strsignal(sig) +
                 ": finishing requests in flight");
        // Enough for any request within the watchdog's limit to finish.
        stop_deadline_ms_ = monotonic_ms() + std::int64_t{config_.request_timeout_s} * 1000 + 2000;
        for (auto& p : processes_) {
            p.retiring = true;
            kill(p.pid, SIGTERM);
        }
    }

    void kill_remaining() {
        for (auto& p : processes_) {
            log_warn("worker " + std::to_string(p.pid) + " did not stop in time; killing it");
            kill(p.pid, SIGKILL);
        }
        stop_deadline_ms_ = monotonic_ms() + 60'000;
    }

    void begin_rolling_restart() {
        log_info("SIGHUP: replacing workers one at a time");
        rolling_queue_.clear();
        for (const auto& p : processes_)
            if (!p.retiring) rolling_queue_.push_back(p.pid);
    }

    // One worker at a time: start its replacement first, then ask it to stop;
    // the pool never has fewer than N workers accepting.
    void advance_rolling_restart() {
        if (rolling_current_pid_ != 0 || rolling_queue_.empty()) return;
        pid_t old_pid = rolling_queue_.front();
        rolling_queue_.pop_front();
        for (auto& p : processes_) {
            if (p.pid != old_pid || p.retiring) continue;
            int twin = free_twin(p.slot);
            if (twin < 0) return;
            p.retiring = true;
            spawn(twin);
            rolling_current_pid_ = old_pid;
            kill(old_pid, SIGTERM);
            return;
        }
    }

    const PoolOptions& options_;
    const Config& config_;
    const pid_t master_pid_ = getpid();
    PoolMetrics* metrics_;
    std::vector<Process> processes_;
    std::vector<std::pair<int, std::int64_t>> pending_;  // slot, respawn at (ms)
    std::deque<pid_t> rolling_queue_;
    pid_t rolling_current_pid_ = 0;
    bool stopping_ = false;
    std::int64_t stop_deadline_ms_ = 0;
};

}  // namespace

int open_unix_listener(const std::string& path, unsigned mode) {
    sockaddr_un addr{};
    if (path.size() >= sizeof addr.sun_path)
        throw std::runtime_error("socket path too long: " + path);
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);

    // A socket file left by a crashed pool is removed; a live one is not stolen.
    {
        UniqueFd probe(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
        if (!probe.valid()) throw std::runtime_error("socket: " + errno_text());
        if (connect(probe.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0)
            throw std::runtime_error("another process is already listening on " + path);
    }
    unlink(path.c_str());
    UniqueFd fd(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd.valid()) throw std::runtime_error("socket: " + errno_text());
    mode_t old_umask = umask(0077);
    int rc = bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    umask(old_umask);
    if (rc != 0) throw std::runtime_error("cannot bind " + path + ": " + errno_text());
    if (chmod(path.c_str(), mode) != 0)
        throw std::runtime_error("chmod " + path + ": " + errno_text());
    if (listen(fd.get(), kBacklog) != 0) throw std::runtime_error("listen: " + errno_text());
    set_nonblocking(fd.get());
    return fd.release();
}

int open_tcp_listener(const std::string& host_port) {
    auto colon = host_port.rfind(':');
    if (colon == std::string::npos) throw std::runtime_error("--listen expects HOST:PORT");
    std::string host = host_port.substr(0, colon);
    auto port = parse_int(host_port.substr(colon + 1));
    if (!port || *port < 1 || *port > 65535)
        throw std::runtime_error("invalid port in " + host_port);
    if (host.empty()) host = "127.0.0.1";
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(*port));
    if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1)
        throw std::runtime_error("--listen expects an IPv4 address, got " + host);
    UniqueFd fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd.valid()) throw std::runtime_error("socket: " + errno_text());
    int one = 1;
    setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
        throw std::runtime_error("cannot bind " + host_port + ": " + errno_text());
    if (listen(fd.get(), kBacklog) != 0) throw std::runtime_error("listen: " + errno_text());
    set_nonblocking(fd.get());
    return fd.release();
}

int inherited_listener() {
    int fd = 0;
    const char* listen_fds = std::getenv("LISTEN_FDS");
    const char* listen_pid = std::getenv("LISTEN_PID");
    if (listen_fds && listen_pid && std::string(listen_fds) == "1" &&
        parse_int(listen_pid).value_or(-1) == getpid())
        fd = 3;
    int accepting = 0;
    socklen_t len = sizeof accepting;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &len) != 0 || !accepting)
        throw std::runtime_error(
            "no --socket or --listen given, and fd " + std::to_string(fd) +
            " is not a listening socket (run under spawn-fcgi/systemd, or pass --socket PATH)");
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    set_nonblocking(fd);
    return fd;
}

int run_pool(const PoolOptions& options) {
    if (!options.pid_file.empty()) {
        std::ofstream(options.pid_file) << getpid() << '\n';
    }
    Supervisor supervisor(options);
    int code = supervisor.run();
    if (!options.socket_path.empty()) unlink(options.socket_path.c_str());
    if (!options.pid_file.empty()) unlink(options.pid_file.c_str());
    return code;
}

}  // namespace redriva::server
