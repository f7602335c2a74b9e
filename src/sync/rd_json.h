// Real-Debrid's JSON → the structs of db/torrent.h. The one place that knows RD's shapes.
//
// Input is untrusted: every function here returns a value or a reason, never throws on
// bad input, and a bad item fails that item only. Rules:
// - identity and shape are strict: `id` must be 13 ASCII alphanumerics (it goes into
//   URL paths), `status`, `hash`, `added` must be present strings, `bytes` a
//   non-negative integer; any string that is not valid UTF-8 or contains NUL rejects
//   the item (SQLite and the pages must only ever see clean text);
// - names (filename, original_filename, file paths) longer than kMaxNameBytes are
//   *truncated* at a UTF-8 boundary rather than rejected, so a torrent never disappears
//   from the dashboard because of its name; other strings longer than their limit
//   reject the item (they are not free text, so a long one is bad data);
// - optional fields (ended, speed, seeders, split, host, links, progress) that are
//   absent or null take their default; numbers given as integral floats or as strings
//   of digits are accepted, since RD clients observe both.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "db/torrent.h"

namespace redriva {

inline constexpr std::size_t kMaxNameBytes = 4096;  // filename, original_filename, path
inline constexpr std::size_t kMaxLinkBytes = 4096;  // one entry of links[]
inline constexpr std::size_t kMaxTokenBytes = 256;  // hash, host, status, added, ended

struct ParseListResult {
    bool ok = false;  // false: the body is not a JSON array (error says why)
    std::string error;
    std::vector<TorrentListEntry> entries;
    std::size_t skipped = 0;
    std::vector<std::string> reasons;  // one per skipped item, naming its id when known
};

struct RdErrorBody {
    std::string error;  // e.g. "bad_token"; empty when absent
    std::int64_t error_code = 0;
};

struct UserInfo {
    std::int64_t id = 0;
    std::string username;
    std::string type;          // "premium" | "free"
    std::int64_t premium = 0;  // seconds of premium left
    std::string expiration;
};

// One item of GET /torrents (or the list part of an info object).
std::optional<TorrentListEntry> parse_list_entry(const rapidjson::Value& v, std::string* why);
ParseListResult parse_list(std::string_view body);
std::optional<TorrentInfo> parse_info(std::string_view body, std::string* why);
// {"error", "error_code"}; nullopt when the body is not such an object.
std::optional<RdErrorBody> parse_error(std::string_view body);
std::optional<UserInfo> parse_user(std::string_view body, std::string* why);

// 13 ASCII alphanumerics: the only ids the client puts into a URL path.
bool is_rd_id(std::string_view id);

// Cuts `s` to at most `max` bytes without splitting a UTF-8 sequence.
void truncate_utf8(std::string& s, std::size_t max);

}  // namespace redriva
