// One FastCGI connection as a request/response pair, over libfcgi.
#pragma once

#include <fcgiapp.h>

#include <functional>
#include <string>

#include "common/result.h"
#include "server/http.h"

namespace redriva::server {

// A request body's limit: small for every route but the uploads (the handler says
// which, see RequestHandler::body_limit), as nginx's client_max_body_size does.
inline constexpr std::size_t kMaxBodyBytes = 64 * 1024;
inline constexpr std::size_t kMaxUploadBytes = 10 * 1024 * 1024;

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

    // Copies everything out of libfcgi's buffers (they die at finish()). A body
    // longer than `body_limit(method, path)` is refused (413) unread.
    using BodyLimit =
        std::function<std::size_t(const std::string& method, const std::string& path)>;
    Result<Request, RequestError> read_request(const BodyLimit& body_limit);

    void write(const Response& response, bool head_only);

    // Ends the request and closes the connection (no fastcgi_keep_conn).
    void finish();

private:
    // The request's input has been read to its end (nothing more will come).
    bool input_consumed();

    FCGX_Request request_{};
    bool active_ = false;
};

}  // namespace redriva::server
