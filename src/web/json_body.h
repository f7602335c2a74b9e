// A request body that must be one JSON object (the API's actions and adds).
#pragma once

#include <optional>
#include <string_view>

#include <rapidjson/document.h>

#include "common/result.h"

namespace redriva::web {

// Parses `body` into `doc`, iteratively: a 10 MB "[[[[…" cannot overflow a worker's
// stack. Why not, in words for a 400, when it is not JSON or not an object.
std::optional<Failure> read_json_object(std::string_view body, rapidjson::Document& doc);

}  // namespace redriva::web
