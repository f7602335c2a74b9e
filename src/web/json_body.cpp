#include "web/json_body.h"

#include <string>

#include <rapidjson/error/en.h>

namespace redriva::web {

std::optional<Failure> read_json_object(std::string_view body, rapidjson::Document& doc) {
    doc.Parse<rapidjson::kParseIterativeFlag>(body.data(), body.size());
    if (doc.HasParseError())
        return Failure{std::string("The body is not valid JSON: ") +
                       rapidjson::GetParseError_En(doc.GetParseError())};
    if (!doc.IsObject()) return Failure{"The body must be a JSON object"};
    return std::nullopt;
}

}  // namespace redriva::web
