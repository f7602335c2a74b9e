#include "web/add_params.h"

#include <rapidjson/document.h>

#include <set>

#include "common/strings.h"
#include "domain/torrent_source.h"
#include "web/json_body.h"

namespace redriva::web {

namespace {

Failure bad(std::string message) {
    return Failure{std::move(message)};
}

// Adds one item unless its hash is there already (a list pasted twice adds once).
class Items {
public:
    explicit Items(AddRequest& out) : out_(out) {}

    std::optional<Failure> magnet(std::string_view text, std::size_t line) {
        auto magnet = parse_magnet(text);
        if (!magnet)
            return bad((line ? "Line " + std::to_string(line) + ": " : std::string()) +
                       magnet.error().message);
        db::NewItem item;
        item.hash = magnet->hash;
        item.filename = magnet->name;
        item.input = std::string(text);
        return push(std::move(item));
    }

    std::optional<Failure> torrent_file(const Upload& upload) {
        auto info = parse_torrent_file(upload.body);
        const std::string shown =
            upload.filename.empty() ? "the file" : "\"" + upload.filename + "\"";
        if (!info) return bad(shown + " is " + info.error().message);
        db::NewItem item;
        item.hash = info->hash;
        item.filename = info->name.empty() ? upload.filename : info->name;
        item.bytes = info->bytes;
        item.input = torrent_file_input(upload.body);
        return push(std::move(item));
    }

private:
    std::optional<Failure> push(db::NewItem item) {
        if (!seen_.insert(item.hash).second) return std::nullopt;
        if (out_.items.size() == kMaxAddItems)
            return bad("At most " + std::to_string(kMaxAddItems) + " torrents at once");
        out_.items.push_back(std::move(item));
        return std::nullopt;
    }

    AddRequest& out_;
    std::set<std::string> seen_;
};

std::optional<Failure> read_select(std::string_view value, AddRequest& out) {
    if (value.empty()) return std::nullopt;
    if (value != "auto" && value != "all" && value != "manual")
        return bad("\"select\" must be auto, all or manual");
    out.select = std::string(value);
    return std::nullopt;
}

Result<AddRequest> from_json(const Request& request) {
    rapidjson::Document doc;
    if (auto failure = read_json_object(request.body, doc)) return *failure;
    AddRequest out;
    if (const auto select = doc.FindMember("select"); select != doc.MemberEnd()) {
        if (!select->value.IsString()) return bad("\"select\" must be auto, all or manual");
        if (auto failure = read_select(select->value.GetString(), out)) return *failure;
    }
    const auto magnets = doc.FindMember("magnets");
    if (magnets == doc.MemberEnd() || !magnets->value.IsArray() || magnets->value.Empty())
        return bad("\"magnets\" must be a non-empty array of magnet links");
    if (magnets->value.Size() > kMaxAddItems)
        return bad("At most " + std::to_string(kMaxAddItems) + " torrents at once");
    Items items(out);
    std::size_t n = 0;
    for (const auto& m : magnets->value.GetArray()) {
        ++n;
        if (!m.IsString()) return bad("\"magnets\" must hold strings");
        if (auto failure = items.magnet(std::string_view(m.GetString(), m.GetStringLength()), n))
            return *failure;
    }
    return out;
}

Result<AddRequest> from_form(const Request& request) {
    AddRequest out;
    if (auto failure = read_select(request.form_value("select").value_or(""), out)) return *failure;
    Items items(out);
    std::string_view text = request.form_value("magnets").value_or("");
    std::size_t line_no = 0;
    while (!text.empty()) {
        const std::size_t eol = text.find('\n');
        const std::string_view line = trim(text.substr(0, eol));
        text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
        ++line_no;
        if (line.empty()) continue;
        if (auto failure = items.magnet(line, line_no)) return *failure;
    }
    for (const Upload& upload : request.uploads) {
        if (upload.field != "file") return bad("Unexpected file field \"" + upload.field + "\"");
        // A form whose file input was left empty still sends the part, empty.
        if (upload.filename.empty() && upload.body.empty()) continue;
        if (auto failure = items.torrent_file(upload)) return *failure;
    }
    return out;
}

}  // namespace

Result<AddRequest> parse_add_request(const Request& request) {
    const std::string_view type = request.content_type;
    const bool json = type.starts_with("application/json");
    if (!json && !type.starts_with("multipart/form-data") &&
        !type.starts_with("application/x-www-form-urlencoded"))
        return bad("Send JSON {\"magnets\": […]}, a form, or a multipart upload of .torrent files");
    auto parsed = json ? from_json(request) : from_form(request);
    if (parsed && parsed->items.empty())
        return bad("Nothing to add: paste magnet links or choose .torrent files");
    return parsed;
}

}  // namespace redriva::web
