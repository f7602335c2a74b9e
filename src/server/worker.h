// A worker process: accept a FastCGI connection, serve it, repeat.
#pragma once

#include <sys/types.h>

#include "common/config.h"
#include "server/handler.h"
#include "server/metrics.h"

namespace redriva::server {

struct WorkerOptions {
    const Config* config = nullptr;
    int listen_fd = -1;  // non-blocking listening socket shared by the pool
    PoolMetrics* metrics = nullptr;
    int slot = 0;
    pid_t master_pid = 0;
    const HandlerFactory* make_handler = nullptr;
};

// Runs in a freshly forked child and never returns: exits 0 after a graceful
// stop (SIGTERM/SIGINT/SIGQUIT, or max_requests served), 1 when it cannot start.
[[noreturn]] void run_worker(const WorkerOptions& options);

// The signals the pool manages; blocked in the master, and in a worker except
// while it waits for a connection.
void pool_signal_set(sigset_t* set);

}  // namespace redriva::server
