#include "domain/duplicates.h"

#include <algorithm>
#include <array>
#include <map>
#include <numeric>

#include "common/strings.h"

namespace redriva {

namespace {

bool is_year(std::string_view word) {
    return word.size() == 4 && (word.starts_with("19") || word.starts_with("20")) &&
           std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Words that start the release's description: what comes after them is how the
// file was made, not what it is.
bool is_release_tag(std::string_view word) {
    static constexpr std::array<std::string_view, 32> kTags = {
        "480p",  "576p",  "720p",   "1080p",  "1080i",  "2160p", "4k",     "uhd",
        "hdr",   "hdr10", "dv",     "bluray", "bdrip",  "brrip", "webrip", "web",
        "webdl", "hdtv",  "dvdrip", "remux",  "x264",   "x265",  "h264",   "h265",
        "hevc",  "avc",   "xvid",   "proper", "repack", "multi", "vostfr", "truefrench"};
    return std::find(kTags.begin(), kTags.end(), word) != kTags.end();
}

bool better(const DuplicateCandidate& a, const DuplicateCandidate& b, KeepRule rule) {
    const auto by_size = [&] { return a.bytes != b.bytes ? a.bytes > b.bytes : a.id < b.id; };
    const auto by_date = [&] {
        return a.added_on != b.added_on ? a.added_on > b.added_on : by_size();
    };
    switch (rule) {
        case KeepRule::kLargest: return a.bytes != b.bytes ? a.bytes > b.bytes : by_date();
        case KeepRule::kNewest: return by_date();
        case KeepRule::kWithLinks:
            if (a.links_count != b.links_count) return a.links_count > b.links_count;
            if ((a.status == "downloaded") != (b.status == "downloaded"))
                return a.status == "downloaded";
            return by_size();
    }
    return false;
}

std::int64_t bytes_of(const std::vector<DuplicateCandidate>& torrents) {
    return std::accumulate(torrents.begin(), torrents.end(), std::int64_t{0},
                           [](std::int64_t sum, const auto& t) { return sum + t.bytes; });
}

}  // namespace

std::optional<KeepRule> parse_keep_rule(std::string_view name) {
    if (name == "largest") return KeepRule::kLargest;
    if (name == "newest") return KeepRule::kNewest;
    if (name == "with_links") return KeepRule::kWithLinks;
    return std::nullopt;
}

std::string normalised_title(std::string_view name) {
    // A bracketed group or site tag at the start ("[Group] Title") is not the title.
    while (!name.empty() && (name.front() == '[' || name.front() == '(')) {
        const char close = name.front() == '[' ? ']' : ')';
        const auto end = name.find(close);
        if (end == std::string_view::npos) break;
        name.remove_prefix(end + 1);
        name = trim(name);
    }
    std::string title;
    std::string word;
    bool first = true;
    const auto flush = [&]() -> bool {  // false: the title ends here
        if (word.empty()) return true;
        std::string plain;
        for (char c : word)
            if (c != '-') plain += c;
        if (!first && (is_year(word) || is_release_tag(plain))) return false;
        if (!title.empty()) title += ' ';
        title += word;
        word.clear();
        first = false;
        return true;
    };
    for (char c : name) {
        const char lower = ascii_lower(c);
        const bool separator = lower == ' ' || lower == '.' || lower == '_' || lower == '[' ||
                               lower == ']' || lower == '(' || lower == ')' || lower == '+';
        if (separator) {
            if (!flush()) return title;
        } else {
            word += lower;
        }
    }
    flush();
    return title;
}

std::vector<DuplicateGroup> find_duplicates(std::vector<DuplicateCandidate> torrents,
                                            KeepRule keep) {
    std::map<std::string, std::vector<DuplicateCandidate>> by_hash, by_title;
    for (auto& t : torrents) {
        if (const std::string title = normalised_title(t.filename); !title.empty())
            by_title[title].push_back(t);
        if (!t.hash.empty()) {
            std::string hash = t.hash;
            by_hash[hash].push_back(std::move(t));
        }
    }
    std::vector<DuplicateGroup> hash_groups, title_groups;
    for (auto& [hash, members] : by_hash) {
        if (members.size() < 2) continue;
        std::sort(members.begin(), members.end(),
                  [keep](const auto& a, const auto& b) { return better(a, b, keep); });
        DuplicateGroup g{DuplicateGroup::Kind::kHash, hash, std::move(members), {}};
        g.keep.assign(g.torrents.size(), false);
        g.keep[0] = true;
        hash_groups.push_back(std::move(g));
    }
    for (auto& [title, members] : by_title) {
        if (members.size() < 2) continue;
        const std::string& first_hash = members.front().hash;
        const bool one_hash = std::all_of(members.begin(), members.end(),
                                          [&](const auto& t) { return t.hash == first_hash; });
        if (one_hash) continue;  // a hash group says it already
        std::sort(members.begin(), members.end(),
                  [keep](const auto& a, const auto& b) { return better(a, b, keep); });
        DuplicateGroup g{DuplicateGroup::Kind::kTitle, title, std::move(members), {}};
        g.keep.assign(g.torrents.size(), true);
        title_groups.push_back(std::move(g));
    }
    const auto freed = [](const DuplicateGroup& g) {
        return bytes_of(g.torrents) - g.torrents[0].bytes;
    };
    std::stable_sort(hash_groups.begin(), hash_groups.end(),
                     [&](const auto& a, const auto& b) { return freed(a) > freed(b); });
    std::stable_sort(title_groups.begin(), title_groups.end(), [](const auto& a, const auto& b) {
        return bytes_of(a.torrents) > bytes_of(b.torrents);
    });
    for (auto& g : title_groups) hash_groups.push_back(std::move(g));
    return hash_groups;
}

}  // namespace redriva
