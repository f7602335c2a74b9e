#include "server/http.h"

#include <optional>

#include "common/strings.h"

namespace redriva::server {

namespace {
std::optional<std::string_view> find_value(
    const std::vector<std::pair<std::string, std::string>>& list, std::string_view name) {
    for (const auto& [k, v] : list)
        if (k == name) return std::string_view(v);
    return std::nullopt;
}

}  // namespace

std::optional<std::string_view> Request::param(std::string_view name) const {
    return find_value(query, name);
}

std::optional<std::string_view> Request::form_value(std::string_view name) const {
    return find_value(form, name);
}

std::vector<std::string_view> Request::cookies(std::string_view name) const {
    std::vector<std::string_view> values;
    std::string_view rest = cookie_header;
    while (!rest.empty()) {
        auto semi = rest.find(';');
        std::string_view pair = trim(rest.substr(0, semi));
        rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
        auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name)
            values.push_back(pair.substr(eq + 1));
    }
    return values;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
    const auto values = cookies(name);
    if (values.empty()) return std::nullopt;
    return std::string(values.front());
}

std::optional<std::string> Request::sole_cookie(std::string_view name) const {
    const auto values = cookies(name);
    if (values.size() != 1) return std::nullopt;
    return std::string(values.front());
}

Response Response::json(int status, std::string body) {
    Response r;
    r.status = status;
    r.content_type = "application/json";
    r.body = std::move(body);
    return r;
}

Response Response::redirect(std::string location) {
    Response r;
    r.status = 303;
    r.headers.emplace_back("Location", std::move(location));
    r.content_type = "text/plain; charset=utf-8";
    r.body = "See Other\n";
    return r;
}

const char* status_reason(int status) {
    switch (status) {
        case 200: return "OK";
        case 202: return "Accepted";
        case 204: return "No Content";
        case 303: return "See Other";
        case 304: return "Not Modified";
        case 400: return "Bad Request";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 409: return "Conflict";
        case 413: return "Payload Too Large";
        case 500: return "Internal Server Error";
        case 503: return "Service Unavailable";
        default: return "Unknown";
    }
}

std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '%') {
            if (i + 2 >= in.size()) return std::nullopt;
            int hi = hex_digit_value(in[i + 1]), lo = hex_digit_value(in[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            char decoded = static_cast<char>(hi * 16 + lo);
            if (decoded == '\0') return std::nullopt;
            out.push_back(decoded);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else if (c == '\0') {
            return std::nullopt;
        } else {
            out.push_back(c);
        }
    }
    if (!is_valid_utf8(out)) return std::nullopt;
    return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view qs) {
    std::vector<std::pair<std::string, std::string>> out;
    while (!qs.empty()) {
        auto amp = qs.find('&');
        std::string_view part = qs.substr(0, amp);
        qs = amp == std::string_view::npos ? std::string_view() : qs.substr(amp + 1);
        if (part.empty()) continue;
        auto eq = part.find('=');
        auto key = percent_decode(part.substr(0, eq), true);
        auto value = percent_decode(eq == std::string_view::npos ? "" : part.substr(eq + 1), true);
        if (!key || !value) return std::nullopt;
        out.emplace_back(std::move(*key), std::move(*value));
    }
    return out;
}

namespace {

bool same_token(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

}  // namespace

bool accepts_gzip(std::string_view accept_encoding) {
    // Each coding: a token, then parameters; q is the only one that matters here.
    std::optional<bool> gzip, any;
    while (!accept_encoding.empty()) {
        const std::size_t comma = accept_encoding.find(',');
        std::string_view item = accept_encoding.substr(0, comma);
        accept_encoding = comma == std::string_view::npos ? std::string_view()
                                                          : accept_encoding.substr(comma + 1);
        const std::size_t semi = item.find(';');
        const std::string_view coding = trim(item.substr(0, semi));
        bool refused = false;
        if (semi != std::string_view::npos) {
            std::string_view params = item.substr(semi + 1);
            // "q=0", "q=0.0", "q=0.000": refused; any other weight admits it.
            const std::size_t q = params.find("q=");
            if (q != std::string_view::npos) {
                std::string_view weight = trim(params.substr(q + 2));
                weight = weight.substr(0, weight.find(';'));
                refused =
                    !weight.empty() && weight.find_first_not_of("0.") == std::string_view::npos;
            }
        }
        if (same_token(coding, "gzip") || same_token(coding, "x-gzip"))
            gzip = !refused;
        else if (coding == "*")
            any = !refused;
    }
    return gzip.value_or(any.value_or(false));
}

}  // namespace redriva::server
