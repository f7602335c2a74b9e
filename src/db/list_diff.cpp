#include "db/list_diff.h"

#include <cstdint>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "db/json_array.h"
#include "domain/status.h"

namespace redriva::db {

namespace {

// The watched fields of a list entry, folded into 64 bits (FNV-1a): the smart
// sync holds one per torrent, not copies of its strings (100k torrents).
class FieldHash {
public:
    FieldHash& add(std::string_view s) {
        for (unsigned char c : s) h_ = (h_ ^ c) * 1099511628211ull;
        h_ = (h_ ^ 0xff) * 1099511628211ull;  // field separator
        return *this;
    }
    FieldHash& add(std::int64_t v) { return add(std::to_string(v)); }
    FieldHash& add(double v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.6f", v);
        return add(std::string_view(buf));
    }
    std::uint64_t value() const { return h_; }

private:
    std::uint64_t h_ = 1469598103934665603ull;
};

std::uint64_t watched_fields(std::string_view status, double progress, std::int64_t bytes,
                             std::string_view links_json, std::string_view ended) {
    return FieldHash().add(status).add(progress).add(bytes).add(links_json).add(ended).value();
}

struct Stored {
    std::uint64_t fields;
    bool has_details;
    bool failed;  // the list row's status is in the failed phase
};

}  // namespace

std::vector<std::string> ListDiff::to_fetch(const std::vector<TorrentListEntry>& listing) const {
    std::unordered_set<std::string> wanted(new_ids.begin(), new_ids.end());
    wanted.insert(changed_ids.begin(), changed_ids.end());
    wanted.insert(missing_details_ids.begin(), missing_details_ids.end());
    std::vector<std::string> out;
    for (const auto& entry : listing)
        if (wanted.erase(entry.id) > 0) out.push_back(entry.id);
    return out;
}

ListDiff diff_against_library(Database& db, const std::vector<TorrentListEntry>& listing) {
    std::unordered_map<std::string, Stored> stored;
    {
        // A torrent's fields are compared with those its details were fetched with, not
        // with its list row: a sync killed between writing the list and fetching the
        // details (or a fetch that failed) leaves the change visible to the next run.
        auto stmt = db.prepare(
            "SELECT t.id, coalesce(d.status, t.status), coalesce(d.progress, t.progress),"
            " coalesce(d.size, t.bytes), coalesce(d.links, t.links), coalesce(t.ended, ''),"
            " d.id IS NOT NULL, t.status FROM torrents t"
            " LEFT JOIN torrent_details d ON d.id = t.id");
        auto use = stmt.use();
        while (use.step())
            stored.emplace(use.str(0), Stored{watched_fields(use.text(1), use.real(2), use.int64(3),
                                                             use.text(4), use.text(5)),
                                              use.integer(6) != 0, is_failed(use.text(7))});
    }
    ListDiff diff;
    std::unordered_set<std::string> listed;
    listed.reserve(listing.size());
    for (const auto& entry : listing) {
        listed.insert(entry.id);
        auto it = stored.find(entry.id);
        if (it == stored.end()) {
            diff.new_ids.push_back(entry.id);
            continue;
        }
        const Stored& s = it->second;
        if (!s.failed && is_failed(entry.status)) diff.turned_failed_ids.push_back(entry.id);
        const bool changed =
            s.fields != watched_fields(entry.status, entry.progress, entry.bytes,
                                       encode_string_array(entry.links), entry.ended.value_or(""));
        if (changed)
            diff.changed_ids.push_back(entry.id);
        else if (!s.has_details)
            diff.missing_details_ids.push_back(entry.id);
        else
            ++diff.unchanged;
    }
    for (const auto& [id, s] : stored)
        if (!listed.count(id)) diff.gone_ids.push_back(id);
    return diff;
}

}  // namespace redriva::db
