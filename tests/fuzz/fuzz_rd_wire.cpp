// libFuzzer target: Real-Debrid's JSON (rd/wire.h). The same bytes go to every parser.
// Whatever they accept must follow the parsing rules (ids fit a URL path, text is
// clean UTF-8 within its limit, sizes are not negative, progress is 0..100), and
// writing it back with the fake server's writers then parsing again must give the
// same values, field by field (a progress to within RapidJSON's rounding, rd/wire.h).
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/strings.h"
#include "rd/wire.h"
#include "require.h"

using namespace redriva;
using redriva::fuzz::require;

namespace {

bool clean(std::string_view s, std::size_t max) {
    return s.size() <= max && is_valid_utf8(s) && s.find('\0') == std::string_view::npos;
}

void require_follows_the_rules(const TorrentListEntry& e) {
    require(rd::is_rd_id(e.id));
    require(clean(e.filename, rd::kMaxNameBytes));
    require(clean(e.hash, rd::kMaxTokenBytes));
    require(clean(e.host, rd::kMaxTokenBytes));
    require(clean(e.status, rd::kMaxTokenBytes) && !e.status.empty());
    require(clean(e.added, rd::kMaxTokenBytes) && parse_iso8601_utc(e.added).has_value());
    require(e.bytes >= 0);
    require(std::isfinite(e.progress) && e.progress >= 0 && e.progress <= 100);
    for (const std::string& link : e.links) require(clean(link, rd::kMaxLinkBytes));
    if (e.ended) require(clean(*e.ended, rd::kMaxTokenBytes) && parse_iso8601_utc(*e.ended));
    if (e.speed) require(*e.speed >= 0);
    if (e.seeders) require(*e.seeders >= 0);
}

void require_follows_the_rules(const TorrentInfo& info) {
    require_follows_the_rules(info.entry);
    require(clean(info.original_filename, rd::kMaxNameBytes));
    require(info.original_bytes >= 0);
    for (const TorrentFile& f : info.files) {
        require(f.id >= 1);
        require(clean(f.path, rd::kMaxNameBytes));
        require(f.bytes >= 0);
    }
    require(info.error.empty());  // ours, never RD's
}

// RapidJSON's conversion of a 17-digit decimal may miss the nearest double by a few
// bits: far below 1e-12 on a 0..100 scale, far above any bug in what is written.
bool same_progress(double a, double b) {
    return std::fabs(a - b) <= 1e-12;
}

bool same(const TorrentListEntry& a, const TorrentListEntry& b) {
    return a.id == b.id && a.filename == b.filename && a.hash == b.hash && a.bytes == b.bytes &&
           a.host == b.host && a.split == b.split && same_progress(a.progress, b.progress) &&
           a.status == b.status && a.added == b.added && a.links == b.links && a.ended == b.ended &&
           a.speed == b.speed && a.seeders == b.seeders;
}

bool same(const TorrentInfo& a, const TorrentInfo& b) {
    if (!same(a.entry, b.entry) || a.original_filename != b.original_filename ||
        a.original_bytes != b.original_bytes || a.files.size() != b.files.size() ||
        a.error != b.error)
        return false;
    for (std::size_t i = 0; i < a.files.size(); ++i) {
        const TorrentFile& x = a.files[i];
        const TorrentFile& y = b.files[i];
        if (x.id != y.id || x.path != y.path || x.bytes != y.bytes || x.selected != y.selected)
            return false;
    }
    return true;
}

void check_list(std::string_view body) {
    const auto result = rd::parse_list(body);
    if (!result) {
        require(!result.error().message.empty());
        return;
    }
    const rd::ParsedList& parsed = *result;
    require(parsed.reasons.size() == parsed.skipped);
    for (const TorrentListEntry& e : parsed.entries) require_follows_the_rules(e);

    const auto again = rd::parse_list(rd::list_json(parsed.entries));
    require(again && again->skipped == 0);
    require(again->entries.size() == parsed.entries.size());
    for (std::size_t i = 0; i < parsed.entries.size(); ++i)
        require(same(again->entries[i], rd::as_sent(parsed.entries[i])));
}

void check_info(std::string_view body) {
    const auto info = rd::parse_info(body);
    if (!info) {
        require(!info.error().message.empty());
        return;
    }
    require_follows_the_rules(*info);
    TorrentInfo want = *info;
    want.entry = rd::as_sent(info->entry);
    const auto again = rd::parse_info(rd::info_json(*info));
    require(again.has_value() && same(*again, want));
}

void check_error(std::string_view body) {
    const auto error = rd::parse_error(body);
    if (!error) return;
    require(clean(error->error, rd::kMaxErrorBytes));
    const auto again = rd::parse_error(rd::error_json(error->error, error->error_code));
    require(again && again->error == error->error && again->error_code == error->error_code);
}

void check_user(std::string_view body) {
    const auto user = rd::parse_user(body);
    if (!user) {
        require(!user.error().message.empty());
        return;
    }
    require(clean(user->username, rd::kMaxTokenBytes));
    require(clean(user->type, rd::kMaxTokenBytes));
    require(clean(user->expiration, rd::kMaxTokenBytes));
    const auto again = rd::parse_user(rd::user_json(*user));
    require(again && again->id == user->id && again->username == user->username &&
            again->type == user->type && again->premium == user->premium &&
            again->expiration == user->expiration);
}

// addMagnet's answer: its id goes into URL paths.
void check_added(std::string_view body) {
    const auto added = rd::parse_added(body);
    if (!added) {
        require(!added.error().message.empty());
        return;
    }
    require(rd::is_rd_id(added->id));
    require(clean(added->uri, rd::kMaxTokenBytes));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    check_list(body);
    check_info(body);
    check_error(body);
    check_user(body);
    check_added(body);
    return 0;
}
