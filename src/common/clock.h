// Time helpers: one monotonic clock for durations, UTC ISO-8601 for storage.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace redriva {

std::int64_t monotonic_ms();
std::int64_t monotonic_us();
std::int64_t unix_now();
std::int64_t unix_now_ms();

// "2025-07-29T10:30:00.000Z" — the form Real-Debrid sends and the database stores.
std::string iso8601_utc(std::int64_t unix_seconds);

// The current time in that form, to the millisecond: stored stamps that are compared with
// each other (a row written before or after a listing began) must not tie within a second.
std::string iso8601_now();

// Parses "YYYY-MM-DDTHH:MM:SS[.fff]Z"; nullopt when malformed.
std::optional<std::int64_t> parse_iso8601_utc(std::string_view text);

// "2025-07-29 10:30 UTC" for pages; "" for an empty or malformed stored date.
std::string display_date(std::string_view iso);

}  // namespace redriva
