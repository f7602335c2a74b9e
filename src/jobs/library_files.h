// The library as files a user keeps or moves to another tool: DMM's hash list
// (`[{"filename", "hash"}]`, what Debrid Media Manager exports and imports) and CSV;
// the hash list read back for an import. The web's export and import routes and
// redriva-sync's export and import commands write and read the same files.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/json_writer.h"
#include "common/result.h"
#include "db/action_queue.h"
#include "db/library_export.h"

namespace redriva::jobs {

// Writes rows one at a time (an export of 100,000 torrents is built in one pass).
class ExportWriter {
public:
    enum class Format { kDmm, kCsv };
    explicit ExportWriter(Format format);
    void add(const db::ExportRow& row);
    std::string finish();

    static constexpr std::string_view kCsvHeader =
        "id,filename,hash,status,bytes,added_on,progress,links_count";

private:
    Format format_;
    std::string out_;
    bool first_ = true;
};

// A spreadsheet reads a cell that starts with = + - @ as a formula: such a name is
// written with a leading apostrophe (the text a spreadsheet then shows as is).
std::string csv_field(std::string_view text);

inline constexpr std::size_t kMaxImportItems = 100'000;

// A .dmm.json hash list: an array of objects with a "hash" (40 hex digits) and an
// optional "filename"; other members (DMM writes "bytes") are ignored. A hash listed
// twice is one item. Each item is an add of that hash as a magnet.
Result<std::vector<db::NewItem>> parse_hash_list(std::string_view body);

}  // namespace redriva::jobs
