// Real-Debrid's JSON, both ways: the sync parses RD's answers into the structs of
// domain/torrent.h, and the fake server writes the same shapes from them. Keeping both
// halves here lets the tests check that one reads back exactly what the other writes.
//
// Parsing (wire_parse.cpp). The input is untrusted: every parse function returns a
// value or a reason and never throws on bad input, and a bad item fails that item only.
// The rules:
// - Identity and shape are strict. `id` must be 13 ASCII letters or digits, because it
//   goes into URL paths. `status`, `hash` and `added` must be present strings, and
//   `bytes` a non-negative integer. A string that is not valid UTF-8 or that contains
//   NUL rejects the item, so SQLite and the pages only ever see clean text.
// - Names (filename, original_filename, file paths) longer than kMaxNameBytes are cut
//   at a UTF-8 boundary instead of rejected, so a torrent never disappears from the
//   dashboard because of its name. Other strings are not free text: one longer than
//   its limit is bad data and rejects the item.
// - Optional fields (ended, speed, seeders, split, host, links, progress) that are
//   absent or null take their default. Integers written as whole floats (100.0) or as
//   strings of digits ("42") are accepted, since RD clients have seen both.
//
// Writing (wire_write.cpp) is for the fake server and the tests: it trusts its input
// and writes what RD would send for it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "common/result.h"
#include "domain/torrent.h"

namespace redriva::rd {

inline constexpr std::size_t kMaxNameBytes = 4096;  // filename, original_filename, path
inline constexpr std::size_t kMaxLinkBytes = 4096;  // one entry of links[]
inline constexpr std::size_t kMaxTokenBytes = 256;  // hash, host, status, added, ended
inline constexpr std::size_t kMaxErrorBytes = 128;  // the `error` of an error body

// RD's usual `split`, written when an entry does not say.
inline constexpr std::int64_t kDefaultSplit = 2000;

// GET /torrents parsed: the entries that could be read, and why the others could not.
struct ParsedList {
    std::vector<TorrentListEntry> entries;
    std::size_t skipped = 0;
    std::vector<std::string> reasons;  // one per skipped item, naming its id when known
};

// The body of a failed call: {"error": "bad_token", "error_code": 8}.
struct ErrorBody {
    std::string error;  // empty when absent
    std::int64_t error_code = 0;
};

// GET /user, the members the sync uses.
struct UserInfo {
    std::int64_t id = 0;
    std::string username;
    std::string type;          // "premium" | "free"
    std::int64_t premium = 0;  // seconds of premium left
    std::string expiration;
    std::int64_t points = 0;  // fidelity points
};

// POST /torrents/addMagnet and PUT /torrents/addTorrent: 201 {id, uri}.
struct Added {
    std::string id;
    std::string uri;
};

// POST /unrestrict/link: the direct download of one hoster link.
struct Unrestricted {
    std::string id, filename, mime_type, link, host;
    std::string download;  // an http(s) URL (checked: pages link to it)
    std::int64_t filesize = 0;
    bool streamable = false;
};

// ---- Parsing -------------------------------------------------------------------------

// One item of GET /torrents (or the list part of an info object).
Result<TorrentListEntry> parse_list_entry(const rapidjson::Value& v);
// A failure when the body is not a JSON array; a bad item only skips that item.
Result<ParsedList> parse_list(std::string_view body);
Result<TorrentInfo> parse_info(std::string_view body);
// nullopt when the body is not an object with `error` or `error_code`.
std::optional<ErrorBody> parse_error(std::string_view body);
Result<UserInfo> parse_user(std::string_view body);
// The id must be an RD id (it goes into URL paths).
Result<Added> parse_added(std::string_view body);
// `download` must be an http or https URL without spaces or control characters.
Result<Unrestricted> parse_unrestricted(std::string_view body);

// 13 ASCII letters or digits: the only ids the client puts into a URL path.
bool is_rd_id(std::string_view id);

// Cuts `s` to at most `max` bytes without splitting a UTF-8 sequence.
void truncate_utf8(std::string& s, std::size_t max);

// ---- Writing -------------------------------------------------------------------------

// RD sends `ended`, `speed` and `seeders` only in the statuses that have them; the
// writers leave them out in the others, whatever the entry holds.
bool sends_ended(std::string_view status);    // downloaded
bool sends_speed(std::string_view status);    // downloading, compressing, uploading
bool sends_seeders(std::string_view status);  // downloading, magnet_conversion

// The entry as the writers put it on the wire: the members its status does not send
// dropped and `split` defaulted to kDefaultSplit. For any entry the parser produced,
// parsing what list_json or info_json wrote gives back exactly this, except that a
// progress needing 16 or 17 significant digits may come back a few bits off (RapidJSON's
// number conversion, see wire_parse.cpp); RD's own values, with few decimals, are exact.
TorrentListEntry as_sent(TorrentListEntry entry);

// GET /torrents: an array of list items.
std::string list_json(const std::vector<TorrentListEntry>& entries);

// GET /torrents/info/{id}: the list members plus original_filename, original_bytes
// and files[]. TorrentInfo::error is ours, not RD's, and is not written.
std::string info_json(const TorrentInfo& info);

std::string error_json(std::string_view error, std::int64_t code);

std::string user_json(const UserInfo& user);

}  // namespace redriva::rd
