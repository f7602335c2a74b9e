#include "web/action_params.h"

#include <rapidjson/document.h>

#include "common/strings.h"
#include "domain/status.h"
#include "web/handlers.h"
#include "web/json_body.h"
#include "web/list_params.h"

namespace redriva::web {

namespace {

Failure bad(std::string message) {
    return Failure{std::move(message)};
}

// The actions a bulk request may name (the others act on one torrent or add).
std::optional<ActionKind> bulk_action(std::string_view name) {
    const auto kind = parse_action_kind(name);
    if (kind == ActionKind::kDelete || kind == ActionKind::kRepair || kind == ActionKind::kCheck)
        return kind;
    return std::nullopt;
}

// {"per_minute": 1..600} of a check (torrents a minute; 60 when absent).
Result<std::string> check_params(std::optional<std::int64_t> per_minute) {
    if (!per_minute) return std::string("{}");
    if (*per_minute < 1 || *per_minute > 600)
        return Failure{"\"per_minute\" must be from 1 to 600 torrents a minute"};
    return R"({"per_minute":)" + std::to_string(*per_minute) + "}";
}

// {"allow_download": bool} of a repair, as the job's params; a failure for a value
// of another type.
Result<std::string> repair_params(const rapidjson::Value& doc) {
    const auto allow = doc.FindMember("allow_download");
    if (allow == doc.MemberEnd()) return std::string("{}");
    if (!allow->value.IsBool()) return Failure{"\"allow_download\" must be true or false"};
    return std::string(allow->value.GetBool() ? R"({"allow_download":true})" : "{}");
}

}  // namespace

Result<BulkRequest> parse_bulk_request(const Request& request, bool need_confirm) {
    if (!request.content_type.starts_with("application/json"))
        return bad("Send the request as JSON (Content-Type: application/json)");
    rapidjson::Document doc;
    if (auto failure = read_json_object(request.body, doc)) return *failure;

    BulkRequest out;
    const auto action = doc.FindMember("action");
    if (action == doc.MemberEnd() || !action->value.IsString())
        return bad("\"action\" is required: \"delete\", \"repair\" or \"check\"");
    const std::string_view name(action->value.GetString(), action->value.GetStringLength());
    const auto kind = bulk_action(name);
    if (!kind)
        return bad("Unknown action \"" + std::string(name) +
                   "\": use \"delete\", \"repair\" or \"check\"");
    out.action = *kind;
    if (out.action == ActionKind::kRepair) {
        auto params = repair_params(doc);
        if (!params) return params.error();
        out.params = std::move(*params);
    }
    if (out.action == ActionKind::kCheck) {
        std::optional<std::int64_t> per_minute;
        if (const auto it = doc.FindMember("per_minute"); it != doc.MemberEnd()) {
            if (!it->value.IsInt64()) return bad("\"per_minute\" must be a number");
            per_minute = it->value.GetInt64();
        }
        auto params = check_params(per_minute);
        if (!params) return params.error();
        out.params = std::move(*params);
    }

    const auto ids = doc.FindMember("ids");
    const auto filter = doc.FindMember("filter");
    const bool has_ids = ids != doc.MemberEnd();
    const bool has_filter = filter != doc.MemberEnd();
    if (has_ids == has_filter) return bad("Give either \"ids\" or \"filter\", not both");
    if (has_ids) {
        if (!ids->value.IsArray() || ids->value.Empty())
            return bad("\"ids\" must be a non-empty array of torrent ids");
        if (ids->value.Size() > kMaxBulkIds)
            return bad("At most " + std::to_string(kMaxBulkIds) + " ids at once");
        for (const auto& id : ids->value.GetArray()) {
            if (!id.IsString()) return bad("\"ids\" must hold strings");
            std::string text(id.GetString(), id.GetStringLength());
            if (!is_torrent_id(text))
                return bad("Not a torrent id: \"" + text.substr(0, 40) + "\"");
            out.ids.push_back(std::move(text));
        }
    } else {
        if (!filter->value.IsObject()) return bad("\"filter\" must be an object {status, q}");
        db::ListFilter f;
        for (const auto& m : filter->value.GetObject()) {
            const std::string_view key(m.name.GetString(), m.name.GetStringLength());
            if (!m.value.IsString())
                return bad("\"filter." + std::string(key) + "\" must be a string");
            std::string value(m.value.GetString(), m.value.GetStringLength());
            if (key == "status") {
                if (!value.empty() && !is_known_status(value) && !status_group(value))
                    return bad("Unknown status \"" + value.substr(0, 40) + "\"");
                f.status = std::move(value);
            } else if (key == "q") {
                if (value.size() > kMaxQueryLength)
                    return bad("\"filter.q\" is longer than " + std::to_string(kMaxQueryLength) +
                               " characters");
                f.query = std::string(trim(value));
            } else {
                return bad("Unknown filter \"" + std::string(key).substr(0, 40) +
                           "\": use status and q");
            }
        }
        // A filter that selects everything is refused, whoever asks: the whole
        // library is never one click (or one script line) away from deletion.
        if (f.status.empty() && f.query.empty())
            return bad("An empty filter would select the whole library: refused");
        out.filter = std::move(f);
    }

    const auto confirm = doc.FindMember("confirm");
    if (confirm != doc.MemberEnd()) {
        if (!confirm->value.IsInt64() || confirm->value.GetInt64() < 0)
            return bad("\"confirm\" must be the count the preview showed");
        out.confirm = confirm->value.GetInt64();
    }
    if (need_confirm && !out.confirm)
        return bad("\"confirm\" is required: the count the preview showed");
    return out;
}

Result<BulkRequest> parse_bulk_form(const Request& request, bool need_confirm) {
    BulkRequest out;
    const std::string action(request.form_value("action").value_or(""));
    const auto kind = bulk_action(action);
    if (!kind) return bad("Unknown action \"" + action.substr(0, 40) + "\"");
    out.action = *kind;
    for (const auto& [name, value] : request.form) {
        if (name != "id") continue;
        if (!is_torrent_id(value)) return bad("Not a torrent id: \"" + value.substr(0, 40) + "\"");
        if (out.ids.size() == kMaxBulkIds)
            return bad("At most " + std::to_string(kMaxBulkIds) + " torrents at once");
        out.ids.push_back(value);
    }
    if (out.ids.empty()) {
        db::ListFilter f;
        f.status = std::string(request.form_value("status").value_or(""));
        f.query = std::string(trim(request.form_value("q").value_or("")));
        if (!f.status.empty() && !is_known_status(f.status) && !status_group(f.status))
            return bad("Unknown status \"" + f.status.substr(0, 40) + "\"");
        if (f.query.size() > kMaxQueryLength) return bad("The search text is too long");
        if (f.status.empty() && f.query.empty())
            return bad(
                "Tick some torrents, or filter the list first: the whole library is never "
                "one click away");
        out.filter = std::move(f);
    }
    if (out.action == ActionKind::kRepair && request.form_value("allow_download") == "1")
        out.params = R"({"allow_download":true})";
    if (out.action == ActionKind::kCheck) {
        std::optional<std::int64_t> per_minute;
        if (auto value = request.form_value("per_minute"); value && !value->empty()) {
            per_minute = parse_int(*value);
            if (!per_minute) return bad("The pace must be a number of torrents a minute");
        }
        auto params = check_params(per_minute);
        if (!params) return params.error();
        out.params = std::move(*params);
    }
    if (auto confirm = request.form_value("confirm")) {
        const auto n = parse_int(*confirm);
        if (!n || *n < 0) return bad("The confirmation is not a count");
        out.confirm = *n;
    }
    if (need_confirm && !out.confirm) return bad("The confirmation's count is missing");
    return out;
}

namespace {

// An action's optional JSON options into `doc` (an empty object for an empty body);
// why not, for a body that is not a JSON object.
std::optional<Failure> read_options(const Request& request, rapidjson::Document& doc) {
    doc.SetObject();
    if (trim(request.body).empty()) return std::nullopt;
    if (!request.content_type.starts_with("application/json"))
        return bad("Send the options as JSON (Content-Type: application/json)");
    return read_json_object(request.body, doc);
}

}  // namespace

Result<std::string> parse_repair_options(const Request& request) {
    rapidjson::Document doc;
    if (auto failure = read_options(request, doc)) return *failure;
    return repair_params(doc);
}

namespace {

constexpr std::size_t kMaxFiles = 10'000;

// {"file_ids":[…]} of the ids given, as a job's params.
std::string file_ids_params(const std::vector<std::int64_t>& ids) {
    std::string params = R"({"file_ids":[)";
    for (std::int64_t id : ids) {
        if (params.back() != '[') params += ',';
        params += std::to_string(id);
    }
    return params + "]}";
}

// The "file_ids" of a JSON body; an empty list when absent.
Result<std::vector<std::int64_t>> json_file_ids(const rapidjson::Document& doc) {
    std::vector<std::int64_t> out;
    const auto ids = doc.FindMember("file_ids");
    if (ids == doc.MemberEnd()) return out;
    if (!ids->value.IsArray() || ids->value.Empty() || ids->value.Size() > kMaxFiles)
        return bad("\"file_ids\" must be a non-empty array of file ids");
    for (const auto& id : ids->value.GetArray()) {
        if (!id.IsInt64() || id.GetInt64() < 1)
            return bad("\"file_ids\" must hold file ids (integers from 1)");
        out.push_back(id.GetInt64());
    }
    return out;
}

}  // namespace

Result<std::string> parse_links_options(const Request& request) {
    rapidjson::Document doc;
    if (auto failure = read_options(request, doc)) return *failure;
    auto ids = json_file_ids(doc);
    if (!ids) return ids.error();
    return ids->empty() ? std::string("{}") : file_ids_params(*ids);
}

std::string SelectOptions::params() const {
    return file_ids.empty() ? R"({"select":")" + select + "\"}" : file_ids_params(file_ids);
}

Result<SelectOptions> parse_select_options(const Request& request) {
    SelectOptions out;
    if (request.content_type.starts_with("application/x-www-form-urlencoded")) {
        for (const auto& [name, value] : request.form) {
            if (name != "file_id") continue;
            const auto id = parse_int(value);
            if (!id || *id < 1) return bad("Not a file id: \"" + value.substr(0, 20) + "\"");
            if (out.file_ids.size() == kMaxFiles) return bad("Too many files");
            out.file_ids.push_back(*id);
        }
        if (out.file_ids.empty()) return bad("Tick at least one file");
        return out;
    }
    rapidjson::Document doc;
    if (auto failure = read_options(request, doc)) return *failure;
    auto ids = json_file_ids(doc);
    if (!ids) return ids.error();
    const auto select = doc.FindMember("select");
    if (!ids->empty()) {
        if (select != doc.MemberEnd()) return bad("Give either \"file_ids\" or \"select\"");
        out.file_ids = std::move(*ids);
        return out;
    }
    if (select == doc.MemberEnd())
        return bad("Give \"file_ids\": [...] or \"select\": \"auto\" or \"all\"");
    const std::string_view value =
        select->value.IsString() ? std::string_view(select->value.GetString()) : "";
    if (value != "auto" && value != "all") return bad("\"select\" must be \"auto\" or \"all\"");
    out.select = std::string(value);
    return out;
}

std::optional<std::int64_t> parse_job_id(std::string_view text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    for (char c : text)
        if (c < '0' || c > '9') return std::nullopt;
    auto id = parse_int(text);
    if (!id || *id < 1) return std::nullopt;
    return id;
}

Result<Paging> parse_paging(const Request& request) {
    Paging p;
    if (auto page = request.param("page")) {
        auto v = parse_int(*page);
        if (!v || *v < 1 || *v > kMaxPage) return bad("page must be an integer from 1");
        p.page = static_cast<int>(*v);
    }
    if (auto size = request.param("page_size")) {
        auto v = parse_int(*size);
        if (!v || *v < 1 || *v > kMaxPageSize) return bad("page_size must be from 1 to 500");
        p.page_size = static_cast<int>(*v);
    }
    return p;
}

}  // namespace redriva::web
