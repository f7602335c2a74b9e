// What the server asks of the application: one handler per worker, built in the
// worker after the fork. The server (pool, worker loop, FastCGI I/O, listeners,
// metrics) knows nothing else of what it serves.
#pragma once

#include <functional>
#include <memory>

#include "server/fcgi_io.h"
#include "server/http.h"
#include "server/metrics.h"

namespace redriva::server {

class RequestHandler {
public:
    virtual ~RequestHandler() = default;
    // Never throws: every failure is an answer.
    virtual Response handle(const Request& request) noexcept = 0;
    // The answer to what the transport refused before it was a request (raw bytes,
    // over-long parts): a 4xx in the application's own form.
    virtual Response refused(const RequestError& error) noexcept = 0;
    // The longest body the route of `method path` takes (an upload's is larger).
    virtual std::size_t body_limit(const std::string& method,
                                   const std::string& path) const noexcept {
        (void)method;
        (void)path;
        return kMaxBodyBytes;
    }
};

// Builds a worker's handler in the worker, after the fork (a SQLite connection
// must never cross one). `metrics` is the pool's shared block, `slot` the worker's
// own place in it. Throws when the worker cannot start.
using HandlerFactory =
    std::function<std::unique_ptr<RequestHandler>(PoolMetrics* metrics, int slot)>;

}  // namespace redriva::server
