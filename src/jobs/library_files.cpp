#include "jobs/library_files.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <cstdio>
#include <unordered_set>

#include "common/strings.h"
#include "domain/torrent_source.h"

namespace redriva::jobs {

ExportWriter::ExportWriter(Format format) : format_(format) {
    out_ = format_ == Format::kDmm ? "[" : std::string(kCsvHeader) + "\r\n";
}

std::string csv_field(std::string_view text) {
    std::string cell(text);
    if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@'))
        cell.insert(cell.begin(), '\'');
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string quoted = "\"";
    for (char c : cell) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

void ExportWriter::add(const db::ExportRow& row) {
    if (format_ == Format::kDmm) {
        rapidjson::StringBuffer b;
        json::Writer w(b);
        w.StartObject();
        json::member(w, "filename", row.filename);
        json::member(w, "hash", row.hash);
        json::member(w, "bytes", row.bytes);
        w.EndObject();
        if (!first_) out_ += ",\n";
        out_ += json::text(b);
    } else {
        char progress[32];
        std::snprintf(progress, sizeof progress, "%g", row.progress);
        out_ += csv_field(row.id) + ',' + csv_field(row.filename) + ',' + csv_field(row.hash) +
                ',' + csv_field(row.status) + ',' + std::to_string(row.bytes) + ',' +
                csv_field(row.added_on) + ',' + progress + ',' + std::to_string(row.links_count) +
                "\r\n";
    }
    first_ = false;
}

std::string ExportWriter::finish() {
    if (format_ == Format::kDmm) out_ += "]\n";
    return std::move(out_);
}

Result<std::vector<db::NewItem>> parse_hash_list(std::string_view body) {
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseIterativeFlag>(body.data(), body.size());
    if (doc.HasParseError())
        return Failure{std::string("The file is not valid JSON: ") +
                       rapidjson::GetParseError_En(doc.GetParseError())};
    if (!doc.IsArray())
        return Failure{"The file must be a JSON array of {\"filename\", \"hash\"} (.dmm.json)"};
    if (doc.Size() > kMaxImportItems)
        return Failure{"At most " + std::to_string(kMaxImportItems) + " torrents at once"};
    std::vector<db::NewItem> items;
    std::unordered_set<std::string> seen;
    std::size_t n = 0;
    for (const auto& entry : doc.GetArray()) {
        ++n;
        const std::string where = "Entry " + std::to_string(n) + ": ";
        if (!entry.IsObject()) return Failure{where + "not an object"};
        const auto hash = entry.FindMember("hash");
        if (hash == entry.MemberEnd() || !hash->value.IsString())
            return Failure{where + "no \"hash\""};
        std::string h(hash->value.GetString(), hash->value.GetStringLength());
        if (!is_info_hash(h)) return Failure{where + "the hash is not 40 hexadecimal digits"};
        for (char& c : h) c = ascii_lower(c);
        db::NewItem item;
        if (const auto name = entry.FindMember("filename");
            name != entry.MemberEnd() && name->value.IsString())
            item.filename.assign(name->value.GetString(), name->value.GetStringLength());
        if (!is_valid_utf8(item.filename)) item.filename.clear();
        if (!seen.insert(h).second) continue;
        item.input = magnet_of_hash(h);
        item.hash = std::move(h);
        items.push_back(std::move(item));
    }
    if (items.empty()) return Failure{"The list holds no torrent"};
    return items;
}

}  // namespace redriva::jobs
