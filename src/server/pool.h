// The master of the worker pool: forks N workers on one listening socket,
// replaces a worker that dies or is recycled, kills one stuck on a request past
// the limit, drains on SIGTERM, and rolls the workers one by one on SIGHUP.
#pragma once

#include <string>

#include "common/config.h"
#include "server/handler.h"

namespace redriva::server {

struct PoolOptions {
    const Config* config = nullptr;
    int listen_fd = -1;
    int workers = 1;
    std::string socket_path;  // unlinked at exit when we created it
    std::string pid_file;
    HandlerFactory make_handler;  // called in each worker
};

// Returns the process exit code.
int run_pool(const PoolOptions& options);

// Opens the listening socket: a unix socket at `path` (mode `mode`), or TCP
// "host:port". Throws with a readable message (e.g. another pool is listening).
int open_unix_listener(const std::string& path, unsigned mode);
int open_tcp_listener(const std::string& host_port);
// fd 0 (spawn-fcgi) or systemd's fd 3 (LISTEN_FDS=1) when it is a listening socket.
int inherited_listener();

}  // namespace redriva::server
