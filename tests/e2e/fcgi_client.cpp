#include "fcgi_client.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "common/strings.h"

namespace redriva::e2e {

namespace {

// The record types and role of the FastCGI specification.
constexpr std::uint8_t kBeginRequest = 1;
constexpr std::uint8_t kEndRequest = 3;
constexpr std::uint8_t kParams = 4;
constexpr std::uint8_t kStdin = 5;
constexpr std::uint8_t kStdout = 6;
constexpr std::uint16_t kResponder = 1;
constexpr std::uint16_t kRequestId = 1;

void append_record(std::string& out, std::uint8_t type, const std::string& content) {
    std::size_t at = 0;
    do {  // an empty record ends a stream
        const std::size_t n = std::min<std::size_t>(content.size() - at, 65535);
        out += static_cast<char>(1);  // version
        out += static_cast<char>(type);
        out += static_cast<char>(kRequestId >> 8);
        out += static_cast<char>(kRequestId & 0xff);
        out += static_cast<char>(n >> 8);
        out += static_cast<char>(n & 0xff);
        out += '\0';  // padding
        out += '\0';  // reserved
        out.append(content, at, n);
        at += n;
    } while (at < content.size());
}

void append_length(std::string& out, std::size_t n) {
    if (n < 128) {
        out += static_cast<char>(n);
        return;
    }
    out += static_cast<char>(0x80 | ((n >> 24) & 0x7f));
    out += static_cast<char>((n >> 16) & 0xff);
    out += static_cast<char>((n >> 8) & 0xff);
    out += static_cast<char>(n & 0xff);
}

bool read_exactly(int fd, char* buffer, std::size_t n) {
    while (n > 0) {
        const ssize_t got = ::read(fd, buffer, n);
        if (got <= 0) return false;
        buffer += got;
        n -= static_cast<std::size_t>(got);
    }
    return true;
}

// "Status: 401 Unauthorized\r\nContent-Type: …\r\n\r\nbody" into an HttpResponse.
HttpResponse parse_cgi(const std::string& out) {
    HttpResponse r;
    const std::size_t end = out.find("\r\n\r\n");
    if (end == std::string::npos) {
        r.error = "no header block in the answer";
        return r;
    }
    r.status = 200;
    std::size_t at = 0;
    while (at < end) {
        std::size_t eol = out.find("\r\n", at);
        const std::string line = out.substr(at, eol - at);
        at = eol + 2;
        const std::size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = line.substr(0, colon);
        for (char& c : name) c = ascii_lower(c);
        const std::string value(trim(std::string_view(line).substr(colon + 1)));
        if (name == "status") r.status = std::stol(value);
        if (name == "content-type") r.content_type = value;
        r.headers.emplace_back(name, value);
    }
    r.body = out.substr(end + 4);
    return r;
}

}  // namespace

HttpResponse fcgi_request(const std::string& socket_path,
                          const std::vector<std::pair<std::string, std::string>>& params,
                          const std::string& body) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error("socket() failed");
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, socket_path.c_str(), sizeof addr.sun_path - 1);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        throw std::runtime_error("cannot connect to " + socket_path);
    }
    std::string begin(8, '\0');
    begin[0] = static_cast<char>(kResponder >> 8);
    begin[1] = static_cast<char>(kResponder & 0xff);
    std::string pairs;
    for (const auto& [name, value] : params) {
        append_length(pairs, name.size());
        append_length(pairs, value.size());
        pairs += name;
        pairs += value;
    }
    std::string wire;
    append_record(wire, kBeginRequest, begin);
    if (!pairs.empty()) append_record(wire, kParams, pairs);
    append_record(wire, kParams, "");
    if (!body.empty()) append_record(wire, kStdin, body);
    append_record(wire, kStdin, "");
    for (std::size_t at = 0; at < wire.size();) {
        const ssize_t sent = ::write(fd, wire.data() + at, wire.size() - at);
        if (sent <= 0) break;
        at += static_cast<std::size_t>(sent);
    }
    std::string out;
    for (;;) {
        char header[8];
        if (!read_exactly(fd, header, sizeof header)) break;
        const auto type = static_cast<std::uint8_t>(header[1]);
        const std::size_t length =
            (static_cast<std::uint8_t>(header[4]) << 8) | static_cast<std::uint8_t>(header[5]);
        const std::size_t padding = static_cast<std::uint8_t>(header[6]);
        std::string content(length + padding, '\0');
        if (!read_exactly(fd, content.data(), content.size())) break;
        if (type == kStdout) out.append(content, 0, length);
        if (type == kEndRequest) break;
    }
    ::close(fd);
    return parse_cgi(out);
}

HttpResponse fcgi_get(const std::string& socket_path, const std::string& target,
                      const std::string& remote_addr,
                      const std::vector<std::pair<std::string, std::string>>& extra) {
    const std::size_t q = target.find('?');
    std::vector<std::pair<std::string, std::string>> params = {
        {"REQUEST_METHOD", "GET"},
        {"REQUEST_URI", target},
        {"DOCUMENT_URI", target.substr(0, q)},
        {"QUERY_STRING", q == std::string::npos ? "" : target.substr(q + 1)},
        {"SERVER_PROTOCOL", "HTTP/1.1"},
        {"REMOTE_ADDR", remote_addr},
        {"HTTP_HOST", "redriva.example"},
        {"SERVER_PORT", "80"},
    };
    params.insert(params.end(), extra.begin(), extra.end());
    return fcgi_request(socket_path, params);
}

}  // namespace redriva::e2e
