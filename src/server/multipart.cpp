#include "server/multipart.h"

#include "common/strings.h"

namespace redriva::server {

namespace {

constexpr std::size_t kMaxHeaderBytes = 8 * 1024;

std::string_view trim_blanks(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

// `; key=value` or `; key="value"` parameters of a header value, in order.
// nullopt when a quoted value does not close.
std::optional<std::vector<std::pair<std::string, std::string>>> header_params(
    std::string_view rest) {
    std::vector<std::pair<std::string, std::string>> params;
    while (!rest.empty()) {
        rest = trim_blanks(rest);
        if (rest.empty()) break;
        if (rest.front() != ';') return std::nullopt;
        rest = trim_blanks(rest.substr(1));
        const std::size_t eq = rest.find('=');
        if (eq == std::string_view::npos) return std::nullopt;
        std::string key(trim_blanks(rest.substr(0, eq)));
        for (char& c : key) c = ascii_lower(c);
        rest = trim_blanks(rest.substr(eq + 1));
        std::string value;
        if (!rest.empty() && rest.front() == '"') {
            std::size_t i = 1;
            for (; i < rest.size() && rest[i] != '"'; ++i) {
                if (rest[i] == '\\' && i + 1 < rest.size()) ++i;
                value.push_back(rest[i]);
            }
            if (i >= rest.size()) return std::nullopt;
            rest = rest.substr(i + 1);
        } else {
            const std::size_t end = rest.find(';');
            value = std::string(trim_blanks(rest.substr(0, end)));
            rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
        }
        params.emplace_back(std::move(key), std::move(value));
    }
    return params;
}

Result<FormPart> read_part(std::string_view part) {
    const std::size_t head_end = part.find("\r\n\r\n");
    if (head_end == std::string_view::npos || head_end > kMaxHeaderBytes)
        return Failure{"a part of the form has no header block"};
    FormPart out;
    bool disposition = false;
    std::string_view headers = part.substr(0, head_end);
    while (!headers.empty()) {
        const std::size_t eol = headers.find("\r\n");
        const std::string_view line = headers.substr(0, eol);
        headers = eol == std::string_view::npos ? std::string_view{} : headers.substr(eol + 2);
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0)
            return Failure{"a part of the form has a malformed header"};
        const std::string_view name = line.substr(0, colon);
        const std::string_view value = trim_blanks(line.substr(colon + 1));
        if (iequals(name, "Content-Type")) {
            out.content_type = std::string(value);
        } else if (iequals(name, "Content-Disposition")) {
            const std::size_t semi = value.find(';');
            if (!iequals(trim_blanks(value.substr(0, semi)), "form-data"))
                return Failure{"a part of the form is not form-data"};
            auto params = header_params(semi == std::string_view::npos ? "" : value.substr(semi));
            if (!params) return Failure{"a part of the form has a malformed disposition"};
            for (auto& [key, v] : *params) {
                if (key == "name")
                    out.name = std::move(v);
                else if (key == "filename")
                    out.filename = std::move(v);
            }
            disposition = true;
        }
    }
    if (!disposition || out.name.empty()) return Failure{"a part of the form has no name"};
    if (!is_valid_utf8(out.name) || (out.filename && !is_valid_utf8(*out.filename)))
        return Failure{"a field or file name of the form is not UTF-8"};
    out.body = std::string(part.substr(head_end + 4));
    return out;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
    const std::size_t semi = content_type.find(';');
    if (!iequals(trim_blanks(content_type.substr(0, semi)), "multipart/form-data"))
        return std::nullopt;
    if (semi == std::string_view::npos) return std::nullopt;
    auto params = header_params(content_type.substr(semi));
    if (!params) return std::nullopt;
    for (const auto& [key, value] : *params) {
        if (key != "boundary") continue;
        if (value.empty() || value.size() > 70 || value.back() == ' ') return std::nullopt;
        for (char c : value)
            if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e)
                return std::nullopt;
        return value;
    }
    return std::nullopt;
}

Result<std::vector<FormPart>> parse_multipart(std::string_view body, std::string_view boundary) {
    const std::string first = "--" + std::string(boundary);
    const std::string delimiter = "\r\n" + first;
    // A preamble is allowed (and ignored) before the first delimiter.
    std::size_t at;
    if (body.starts_with(first))
        at = first.size();
    else if (const std::size_t found = body.find(delimiter); found != std::string_view::npos)
        at = found + delimiter.size();
    else
        return Failure{"the form's boundary never appears"};
    std::vector<FormPart> parts;
    for (;;) {
        const std::string_view after = body.substr(at);
        if (after.starts_with("--")) return parts;  // the close delimiter; an epilogue may follow
        // Transport padding (spaces, tabs) may sit before the line break.
        std::size_t eol = 0;
        while (eol < after.size() && (after[eol] == ' ' || after[eol] == '\t')) ++eol;
        if (after.substr(eol, 2) != "\r\n") return Failure{"the form's boundary line is malformed"};
        const std::size_t start = at + eol + 2;
        const std::size_t end = body.find(delimiter, start);
        if (end == std::string_view::npos) return Failure{"the form ends before its last boundary"};
        if (parts.size() == kMaxFormParts) return Failure{"the form has too many parts"};
        auto part = read_part(body.substr(start, end - start));
        if (!part) return part.error();
        parts.push_back(std::move(*part));
        at = end + delimiter.size();
    }
}

}  // namespace redriva::server
