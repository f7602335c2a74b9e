#include "notify/notices.h"

#include <map>

#include "common/clock.h"
#include "notify/text_bounds.h"

namespace redriva::notify {

namespace {

constexpr std::size_t kMaxNameBytes = 80;     // a quoted torrent name
constexpr std::size_t kMaxReasonBytes = 300;  // a job's or an item's reason
constexpr std::size_t kMaxMergedLines = 12;   // then "and N more"
constexpr std::size_t kMaxLineBytes = 300;    // a notice's line in a merged message

std::string capitalised(std::string_view word) {
    std::string out(word);
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
    return out;
}

std::string plural(std::int64_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string reason(std::string_view why) {
    return why.empty() ? "no reason given" : bound_text(clean_text(why), kMaxReasonBytes);
}

}  // namespace

std::string quote_names(std::size_t count, const std::vector<std::string>& names) {
    std::string out;
    std::size_t quoted = 0;
    for (; quoted < names.size() && quoted < kNamesQuoted; ++quoted)
        out += (quoted ? ", " : "") + bound_text(clean_text(names[quoted]), kMaxNameBytes);
    if (count > quoted) out += (quoted ? " and " : "") + std::to_string(count - quoted) + " more";
    return out;
}

Notice sync_failed(std::string_view mode, std::string_view why) {
    return {
        "sync_failed", "Sync " + std::string(mode) + " failed", reason(why), {{"jobs", 1}}, true};
}

Notice torrents_failed(std::size_t count, const std::vector<std::string>& names,
                       const std::vector<std::string>& statuses) {
    std::string how;
    for (std::size_t i = 0; i < statuses.size() && i < 3; ++i)
        how += (i ? " or " : "") + clean_text(statuses[i]);
    if (how.empty()) how = "failed";
    const auto n = static_cast<std::int64_t>(count);
    return {"torrents_failed",
            plural(n, "torrent", "torrents") + " turned " + how,
            quote_names(count, names),
            {{"torrents", n}},
            true};
}

Notice action_failed(std::string_view kind, std::int64_t job, std::string_view why) {
    return {"action_failed",
            capitalised(kind) + " job " + std::to_string(job) + " failed",
            reason(why),
            {{"jobs", 1}},
            true};
}

Notice action_items_failed(std::string_view kind, std::int64_t job, const ItemCounts& counts,
                           const std::vector<std::pair<std::string, std::string>>& failed) {
    const std::int64_t total = counts.done + counts.failed + counts.skipped;
    std::string message;
    std::size_t quoted = 0;
    for (; quoted < failed.size() && quoted < kNamesQuoted; ++quoted)
        message += (quoted ? "; " : "") +
                   bound_text(clean_text(failed[quoted].first), kMaxNameBytes) + ": " +
                   reason(failed[quoted].second);
    if (counts.failed > static_cast<std::int64_t>(quoted))
        message += (quoted ? "; and " : "") +
                   std::to_string(counts.failed - static_cast<std::int64_t>(quoted)) + " more";
    return {"action_items_failed",
            capitalised(kind) + " job " + std::to_string(job) + ": " +
                std::to_string(counts.failed) + " of " + plural(total, "item", "items") + " failed",
            message,
            {{"done", counts.done}, {"failed", counts.failed}, {"skipped", counts.skipped}},
            false};
}

Notice premium_ending(std::int64_t days_left, std::string_view expiration) {
    std::string title = "Real-Debrid premium ";
    if (days_left < 0)
        title += "has ended";
    else if (days_left == 0)
        title += "ends today";
    else
        title += "ends in " + plural(days_left, "day", "days");
    const std::string when = display_date(expiration);
    return {"premium_ending",
            title,
            when.empty() ? "Renew it to keep syncing." : "Premium until " + when + ".",
            {{"days", std::max<std::int64_t>(days_left, 0)}},
            days_left <= 1};
}

Notice merge_notices(const std::vector<Notice>& notices) {
    if (notices.size() == 1) return notices.front();
    Notice merged;
    merged.event = "merged";
    merged.title = "Redriva: " + std::to_string(notices.size()) + " notifications";
    std::map<std::string, std::int64_t> totals;
    for (std::size_t i = 0; i < notices.size(); ++i) {
        const Notice& n = notices[i];
        if (i < kMaxMergedLines)
            merged.message +=
                (i ? "\n" : "") + bound_text(clean_text(n.title + ": " + n.message), kMaxLineBytes);
        for (const auto& [name, count] : n.counts) totals[name] += count;
        merged.urgent = merged.urgent || n.urgent;
    }
    if (notices.size() > kMaxMergedLines)
        merged.message += "\nand " + std::to_string(notices.size() - kMaxMergedLines) + " more";
    merged.counts.assign(totals.begin(), totals.end());
    merged.counts.emplace_back("notifications", static_cast<std::int64_t>(notices.size()));
    return merged;
}

}  // namespace redriva::notify
