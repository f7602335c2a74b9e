#include "server/fcgi_io.h"

#include <cstring>

#include "common/strings.h"
#include "server/multipart.h"

namespace redriva::server {

namespace {

std::string param(FCGX_Request& r, const char* name) {
    const char* v = FCGX_GetParam(name, r.envp);
    return v ? std::string(v) : std::string();
}

}  // namespace

// No listening socket for libfcgi (-1): when a handshake fails, FCGX_Accept_r
// would otherwise accept the next connection itself, outside our epoll loop.
FcgiExchange::FcgiExchange() {
    FCGX_InitRequest(&request_, -1, 0);
}

FcgiExchange::~FcgiExchange() {
    if (active_) FCGX_Finish_r(&request_);
    FCGX_Free(&request_, 1);
}

bool FcgiExchange::start(int connection_fd) {
    // We accept connections ourselves (ppoll with the signal mask, see worker.cpp)
    // and hand the socket to libfcgi: with ipcFd set, FCGX_Accept_r skips its own
    // accept(). keepConnection=1 stops the "finish previous request" step at the
    // top of FCGX_Accept_r from closing the socket we just gave it; the begin
    // record from nginx then sets the real flag (0: no fastcgi_keep_conn).
    request_.ipcFd = connection_fd;
    request_.keepConnection = 1;
    if (FCGX_Accept_r(&request_) != 0) {
        FCGX_Free(&request_, 1);
        return false;
    }
    active_ = true;
    return true;
}

Result<Request, RequestError> FcgiExchange::read_request(const BodyLimit& body_limit) {
    Request r;
    r.method = param(request_, "REQUEST_METHOD");
    r.raw_uri = param(request_, "REQUEST_URI");
    const auto question = r.raw_uri.find('?');
    const std::string raw_path = r.raw_uri.substr(0, question);
    const bool api = raw_path.starts_with("/api/") || raw_path == "/api";
    auto path = percent_decode(raw_path, false);
    if (!path)
        return RequestError{400, "The address is not valid percent-encoded UTF-8.", api, r.method,
                            r.raw_uri};
    r.path = std::move(*path);
    if (question != std::string::npos) {
        auto query = parse_query(std::string_view(r.raw_uri).substr(question + 1));
        if (!query)
            return RequestError{400, "The query string is not valid percent-encoded UTF-8.", api,
                                r.method, r.raw_uri};
        r.query = std::move(*query);
    }
    r.cookie_header = param(request_, "HTTP_COOKIE");
    r.origin = param(request_, "HTTP_ORIGIN");
    r.sec_fetch_site = param(request_, "HTTP_SEC_FETCH_SITE");
    r.host = param(request_, "HTTP_HOST");
    r.server_port = param(request_, "SERVER_PORT");
    r.csrf_header = param(request_, "HTTP_X_CSRF_TOKEN");
    r.accept_language = param(request_, "HTTP_ACCEPT_LANGUAGE");
    r.accept_encoding = param(request_, "HTTP_ACCEPT_ENCODING");
    r.remote_addr = param(request_, "REMOTE_ADDR");
    r.authorization = param(request_, "HTTP_AUTHORIZATION");
    if (param(request_, "HTTPS") == "on") r.scheme = "https";

    const std::string length_text = param(request_, "CONTENT_LENGTH");
    if (!length_text.empty()) {
        auto length = parse_int(length_text);
        if (!length || *length < 0)
            return RequestError{400, "Invalid Content-Length.", api, r.method, r.raw_uri};
        if (static_cast<std::size_t>(*length) > body_limit(r.method, r.path))
            return RequestError{413, "The request body is too large.", api, r.method, r.raw_uri};
        std::string body(static_cast<std::size_t>(*length), '\0');
        int got =
            *length > 0 ? FCGX_GetStr(body.data(), static_cast<int>(body.size()), request_.in) : 0;
        body.resize(static_cast<std::size_t>(got < 0 ? 0 : got));
        r.content_type = param(request_, "CONTENT_TYPE");
        if (r.content_type.starts_with("application/x-www-form-urlencoded")) {
            auto form = parse_query(body);
            if (!form)
                return RequestError{400, "The form body is not valid percent-encoded UTF-8.", api,
                                    r.method, r.raw_uri};
            r.form = std::move(*form);
        } else if (auto boundary = multipart_boundary(r.content_type)) {
            auto parts = parse_multipart(body, *boundary);
            if (!parts)
                return RequestError{
                    400,
                    "The form is not valid multipart/form-data: " + parts.error().message + ".",
                    api, r.method, r.raw_uri};
            for (auto& part : *parts) {
                if (part.filename)
                    r.uploads.push_back({std::move(part.name), std::move(*part.filename),
                                         std::move(part.content_type), std::move(part.body)});
                else if (is_valid_utf8(part.body))
                    r.form.emplace_back(std::move(part.name), std::move(part.body));
                else
                    return RequestError{400, "A field of the form is not UTF-8.", api, r.method,
                                        r.raw_uri};
            }
            body.clear();  // the files are in uploads: no second copy of 10 MB
        }
        r.body = std::move(body);
    }
    return r;
}

void FcgiExchange::write(const Response& response, bool head_only) {
    std::string head;
    head.reserve(256);
    head += "Status: ";
    head += std::to_string(response.status);
    head += ' ';
    head += status_reason(response.status);
    head += "\r\nContent-Type: ";
    head += response.content_type;
    head += "\r\nContent-Length: ";
    head += std::to_string(response.body.size());
    head += "\r\n";
    for (const auto& [name, value] : response.headers) {
        head += name;
        head += ": ";
        head += value;
        head += "\r\n";
    }
    head += "\r\n";
    FCGX_PutStr(head.data(), static_cast<int>(head.size()), request_.out);
    if (!head_only && !response.body.empty())
        FCGX_PutStr(response.body.data(), static_cast<int>(response.body.size()), request_.out);
}

bool FcgiExchange::input_consumed() {
    // nginx ends the input with an empty stdin record, sent with the request (it
    // buffers a request's body before passing it on): reading it here does not wait.
    return FCGX_HasSeenEOF(request_.in) == EOF || FCGX_GetChar(request_.in) == EOF;
}

void FcgiExchange::finish() {
    if (!active_) return;
    // One request per connection, whatever the peer asked (FCGI_KEEP_CONN): the
    // next start() replaces ipcFd, which must not leak a live connection.
    request_.keepConnection = 0;
    // libfcgi closes with shutdown(SHUT_WR), then waits until nginx closes its end,
    // draining what nginx still sends: on TCP, closing with unread input would reset
    // the connection and could lose the response. Here the socket is a Unix one (the
    // response is in nginx's queue once written), and when the request's input has
    // been read to its end nothing more will come: close at once. The wait was a
    // context switch and three system calls per request, with the worker idle: it
    // took half of a cached page's throughput. A request whose body was refused
    // unread keeps the draining close.
    if (input_consumed()) request_.detached = 1;
    FCGX_Finish_r(&request_);
    active_ = false;
}

}  // namespace redriva::server
