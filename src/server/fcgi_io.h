// One FastCGI connection as a request/response pair, over libfcgi.
#pragma once

#include <fcgiapp.h>

#include <string>

#include "common/result.h"
#include "server/http.h"

namespace redriva::server {

inline constexpr std::size_t kMaxBodyBytes = 64 * 1024;

// Why a request could not be turned into a Request (answered 400/413 directly).
struct RequestError {
    int status;
    std::string message;
    bool api;
    std::string method, raw_uri;  // for the log line
};

class FcgiExchange {
public:
    FcgiExchange();
    ~FcgiExchange();
    FcgiExchange(const FcgiExchange&) = delete;
    FcgiExchange& operator=(const FcgiExchange&) = delete;

    // Reads the FastCGI begin-request and params of a connection this process
    // accepted itself. false when the peer sent nothing usable (the connection
    // is then closed).
    bool start(int connection_fd);

    // Copies everything out of libfcgi's buffers (they die at finish()).
    Result<Request, RequestError> read_request();

    void write(const Response& response, bool head_only);

    // Ends the request and closes the connection (no fastcgi_keep_conn).
    void finish();

private:
    FCGX_Request request_{};
    bool active_ = false;
};

}  // namespace redriva::server
