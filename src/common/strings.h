// Small string helpers shared by every layer.
#pragma once

#include <array>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redriva {

std::string_view trim(std::string_view s);

// ASCII character classes, independent of the locale (std::isalnum is not, and
// takes an int that must not be a negative char).
constexpr bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}
constexpr bool is_ascii_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool is_ascii_alnum(char c) {
    return is_ascii_digit(c) || is_ascii_alpha(c);
}
// 0..15 for a hexadecimal digit of either case, -1 for anything else.
constexpr int hex_digit_value(char c) {
    if (is_ascii_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
constexpr bool is_ascii_hex(char c) {
    return hex_digit_value(c) >= 0;
}
// What we write ourselves (tokens, digests): digits and a-f only.
constexpr bool is_lower_hex(char c) {
    return is_ascii_digit(c) || (c >= 'a' && c <= 'f');
}
constexpr char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
constexpr char ascii_upper(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

// Strict base-10 integer: optional '-', digits only, no overflow.
std::optional<std::int64_t> parse_int(std::string_view s);

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view s);

// Percent-encodes for a URL's query or path segment: RFC 3986's unreserved
// characters stay, every other byte becomes %XX.
std::string url_encode(std::string_view in);

// A size in IEC units, rounded once for every way of writing it: `value` is already
// rounded to `decimals` (1 under 100, else 0; a tie away from zero, as the browser's
// Intl rounds), `unit` indexes kSizeUnits. The pages write it in their language
// (web/number_format.h), the logs with human_size.
struct SizeParts {
    double value = 0;
    int decimals = 0;
    int unit = 0;
};
inline constexpr std::array<std::string_view, 7> kSizeUnits = {"B",   "KiB", "MiB", "GiB",
                                                               "TiB", "PiB", "EiB"};
inline constexpr int kSizeUnitCount = static_cast<int>(kSizeUnits.size());
SizeParts size_parts(std::int64_t bytes);

// "1.4 GiB", "512 B" (IEC units, one decimal under 100).
std::string human_size(std::int64_t bytes);

// Lower-case hexadecimal of raw bytes.
std::string to_hex(std::string_view bytes);

// Standard base64 (RFC 4648, with padding): a file kept in a text column.
std::string base64_encode(std::string_view bytes);
// nullopt for anything but canonical padded base64.
std::optional<std::string> base64_decode(std::string_view text);

// Constant-time comparison for secrets (CSRF tokens).
bool secure_equals(std::string_view a, std::string_view b);

// n bytes from the kernel's CSPRNG, hex encoded.
std::string random_hex(std::size_t n_bytes);

}  // namespace redriva
