// multipart/form-data (RFC 7578): the body of a form that uploads a file (the add
// page's .torrent upload, the API's). The transport reads it as it reads an
// urlencoded form: text fields into Request::form, files into Request::uploads.
// Strict: a part without a name, a boundary that never closes or headers that are
// not headers make the whole body a 400, never a guess.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace redriva::server {

struct FormPart {
    std::string name;
    std::optional<std::string> filename;  // set for a file field (may be "")
    std::string content_type;             // "" when the part does not say
    std::string body;
};

// Enough for the add page's thousand .torrent files and its fields.
inline constexpr std::size_t kMaxFormParts = 1100;

// The boundary of a "multipart/form-data; boundary=…" Content-Type; nullopt for
// another type or a boundary RFC 2046 does not allow.
std::optional<std::string> multipart_boundary(std::string_view content_type);

Result<std::vector<FormPart>> parse_multipart(std::string_view body, std::string_view boundary);

}  // namespace redriva::server
