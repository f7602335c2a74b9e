#include "domain/file_selection.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_set>

namespace redriva {

namespace {

// What media players open, as the RD tools that select files automatically agree.
constexpr std::array<std::string_view, 16> kMediaExtensions = {
    "avi",  "flv", "m2ts", "m4v", "mkv", "mov",  "mp4", "mpg",
    "mpeg", "ts",  "webm", "wmv", "mp3", "flac", "m4a", "ogg"};

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool is_extra(std::string_view path) {
    const std::string p = lower(path);
    return p.find("sample") != std::string::npos || p.find("trailer") != std::string::npos;
}

}  // namespace

bool is_media_path(std::string_view path) {
    const auto dot = path.rfind('.');
    if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos)
        return false;
    const std::string ext = lower(path.substr(dot + 1));
    return std::find(kMediaExtensions.begin(), kMediaExtensions.end(), ext) !=
           kMediaExtensions.end();
}

std::vector<std::int64_t> auto_selection(const std::vector<TorrentFile>& files) {
    std::vector<std::int64_t> ids;
    for (const TorrentFile& f : files)
        if (is_media_path(f.path) && !is_extra(f.path) && f.bytes >= kMinVideoBytes)
            ids.push_back(f.id);
    if (ids.empty())
        for (const TorrentFile& f : files) ids.push_back(f.id);
    return ids;
}

std::vector<std::int64_t> select_by_path(const std::vector<TorrentFile>& files,
                                         const std::vector<std::string>& paths) {
    const std::unordered_set<std::string> wanted(paths.begin(), paths.end());
    std::vector<std::int64_t> ids;
    for (const TorrentFile& f : files)
        if (wanted.contains(f.path)) ids.push_back(f.id);
    return ids;
}

std::string file_id_list(const std::vector<std::int64_t>& ids) {
    std::string out;
    for (std::int64_t id : ids) {
        if (!out.empty()) out += ',';
        out += std::to_string(id);
    }
    return out;
}

}  // namespace redriva
