// Duplicates in a library: torrents of the same info hash (the same content added
// twice: all but one can go), and torrents of the same normalised title (the name
// without its release tags: likely the same film or episode in two releases — shown
// to the user, never preselected for deletion).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redriva {

struct DuplicateCandidate {
    std::string id, filename, hash, added_on, status;
    std::int64_t bytes = 0;
    std::int64_t links_count = 0;
};

// Which torrent of a hash group stays.
enum class KeepRule { kLargest, kNewest, kWithLinks };
std::optional<KeepRule> parse_keep_rule(std::string_view name);

struct DuplicateGroup {
    enum class Kind { kHash, kTitle } kind = Kind::kHash;
    std::string key;  // the hash, or the normalised title
    std::vector<DuplicateCandidate> torrents;
    std::vector<bool> keep;  // per torrent; a title group keeps them all
};

// "the matrix 1999 1080p bluray x264" → "the matrix": lower case, separators as
// spaces, cut at the first year or release tag (resolution, source, codec).
// Season and episode markers stay (S01E02 is not S01E03).
std::string normalised_title(std::string_view name);

// Hash groups first, then title groups whose torrents do not all share a hash;
// each kind ordered by the bytes a cleanup would free (hash) or hold (title).
std::vector<DuplicateGroup> find_duplicates(std::vector<DuplicateCandidate> torrents,
                                            KeepRule keep);

}  // namespace redriva
