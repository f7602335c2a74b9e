// A request as the handlers see it, and the response they build. Everything is
// copied out of libfcgi's buffers (libfcgi frees them at the next accept).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/gzip.h"

namespace redriva::server {

// A file of a multipart form.
struct Upload {
    std::string field;     // the form field's name
    std::string filename;  // as the browser sent it (may be "")
    std::string content_type;
    std::string body;
};

struct Request {
    std::string method;                                      // GET, HEAD, POST…
    std::string path;                                        // percent-decoded, without the query
    std::string raw_uri;                                     // as received, for the log
    std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
    std::vector<std::pair<std::string, std::string>> form;   // decoded POST body (a form)
    std::vector<Upload> uploads;                             // a multipart form's files
    std::string body;                                        // the POST body as received
    std::string content_type;
    std::string cookie_header;
    std::string origin;
    std::string sec_fetch_site;
    std::string host;         // HTTP_HOST: Debian's fastcgi_params sends $host, without a port
    std::string server_port;  // SERVER_PORT, to rebuild the origin the browser sees
    std::string scheme = "http";
    std::string csrf_header;  // X-CSRF-Token
    std::string accept_language;
    std::string accept_encoding;
    std::string remote_addr;    // REMOTE_ADDR, for the log of failed logins
    std::string authorization;  // Authorization: a scraper's bearer token

    // The first value of a query parameter, if present.
    std::optional<std::string_view> param(std::string_view name) const;
    std::optional<std::string_view> form_value(std::string_view name) const;
    std::optional<std::string> cookie(std::string_view name) const;  // the first of the name
    // The cookie when the request carries exactly one of the name: a second one was
    // set by somebody else (another port of the host can set cookies that reach us).
    std::optional<std::string> sole_cookie(std::string_view name) const;
    std::vector<std::string_view> cookies(std::string_view name) const;  // every one, in order
    bool is_api() const { return path == "/api" || path.starts_with("/api/"); }
};

struct Response {
    int status = 200;
    std::string content_type = "text/html; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    // A cached answer's body compressed once, holes where a per-request token goes:
    // sent instead of `body` to a client that accepts gzip (web/app.cpp).
    std::shared_ptr<const GzipWithHoles> gzip;
    // Which of the application's routes answered, for the metrics; -1: none did.
    int route_index = -1;

    static Response json(int status, std::string body);
    static Response redirect(std::string location);  // 303 See Other
};

const char* status_reason(int status);

// Whether an Accept-Encoding header admits gzip: "gzip" or "*" listed without q=0
// (RFC 9110, 12.5.3), and not "gzip;q=0" whatever "*" says.
bool accepts_gzip(std::string_view accept_encoding);

// Percent-decoding ('+' is a space in a query). nullopt on a malformed escape,
// an encoded NUL, or a result that is not valid UTF-8: such requests get a 400.
std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space);

// Parses "a=1&b=x%20y". nullopt when a component cannot be decoded.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view qs);

}  // namespace redriva::server
