#include "db/list_diff.h"

#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "db/json_array.h"

namespace redriva::db {

namespace {

struct Stored {
    std::string status, links, ended;
    double progress = 0;
    std::int64_t bytes = 0;
    bool has_details = false;
};

bool same_progress(double a, double b) {
    return std::fabs(a - b) < 1e-9;
}

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
        auto stmt = db.prepare(
            "SELECT t.id, t.status, t.progress, t.bytes, t.links, coalesce(t.ended, ''),"
            " d.id IS NOT NULL FROM torrents t LEFT JOIN torrent_details d ON d.id = t.id");
        auto use = stmt.use();
        while (use.step())
            stored.emplace(use.str(0), Stored{use.str(1), use.str(4), use.str(5), use.real(2),
                                              use.int64(3), use.integer(6) != 0});
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
        const bool changed = s.status != entry.status ||
                             !same_progress(s.progress, entry.progress) || s.bytes != entry.bytes ||
                             s.links != encode_string_array(entry.links) ||
                             s.ended != entry.ended.value_or("");
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
