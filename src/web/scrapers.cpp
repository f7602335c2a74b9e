#include "web/scrapers.h"

#include <arpa/inet.h>

#include <cstring>
#include <optional>
#include <stdexcept>

#include "common/strings.h"

namespace redriva::web {

namespace {

// The entries of a list separated by commas or white space.
std::vector<std::string_view> entries_of(std::string_view list) {
    std::vector<std::string_view> out;
    std::size_t at = 0;
    while (at < list.size()) {
        const std::size_t end = list.find_first_of(", \t\n", at);
        const std::string_view entry =
            list.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
        if (!entry.empty()) out.push_back(entry);
        if (end == std::string_view::npos) break;
        at = end + 1;
    }
    return out;
}

bool starts_with_bearer(std::string_view authorization) {
    constexpr std::string_view kBearer = "bearer ";
    if (authorization.size() <= kBearer.size()) return false;
    for (std::size_t i = 0; i < kBearer.size(); ++i)
        if (ascii_lower(authorization[i]) != kBearer[i]) return false;
    return true;
}

// An address as 16 bytes: IPv4 becomes ::ffff:a.b.c.d, so one comparison serves both.
std::optional<std::array<std::uint8_t, 16>> parse_address(std::string_view text) {
    const std::string s(text);
    std::array<std::uint8_t, 16> bytes{};
    in_addr v4{};
    if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
        bytes[10] = bytes[11] = 0xff;
        std::memcpy(bytes.data() + 12, &v4, 4);
        return bytes;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
        std::memcpy(bytes.data(), &v6, 16);
        return bytes;
    }
    return std::nullopt;
}

bool is_mapped_v4(const std::array<std::uint8_t, 16>& a) {
    for (int i = 0; i < 10; ++i)
        if (a[static_cast<std::size_t>(i)] != 0) return false;
    return a[10] == 0xff && a[11] == 0xff;
}

bool in_network(const std::array<std::uint8_t, 16>& address,
                const std::array<std::uint8_t, 16>& net, int prefix) {
    for (int bit = 0; bit < prefix; ++bit) {
        const auto byte = static_cast<std::size_t>(bit / 8);
        const int mask = 0x80 >> (bit % 8);
        if ((address[byte] & mask) != (net[byte] & mask)) return false;
    }
    return true;
}

}  // namespace

ScraperAccess::Network ScraperAccess::parse_network(std::string_view entry) {
    const std::size_t slash = entry.find('/');
    const auto address = parse_address(entry.substr(0, slash));
    if (!address)
        throw std::invalid_argument("REDRIVA_METRICS_ALLOW: \"" + std::string(entry) +
                                    "\" is not an IP address or network");
    Network network{*address, 128};
    const int width = is_mapped_v4(*address) ? 32 : 128;
    if (slash != std::string_view::npos) {
        const auto prefix = parse_int(entry.substr(slash + 1));
        if (!prefix || *prefix < 0 || *prefix > width)
            throw std::invalid_argument("REDRIVA_METRICS_ALLOW: \"" + std::string(entry) +
                                        "\" has a prefix length outside 0-" +
                                        std::to_string(width));
        network.prefix = static_cast<int>(*prefix) + (128 - width);
    }
    return network;
}

ScraperAccess::ScraperAccess(std::string_view allow, std::string token) : token_(std::move(token)) {
    // The loopback is always listed: a scraper on this machine needs nothing.
    for (std::string_view entry : {"127.0.0.0/8", "::1"}) allowed_.push_back(parse_network(entry));
    for (std::string_view entry : entries_of(allow)) allowed_.push_back(parse_network(entry));
}

bool ScraperAccess::listed(std::string_view remote_addr) const {
    const auto address = parse_address(remote_addr);
    if (!address) return false;
    for (const Network& n : allowed_)
        if (in_network(*address, n.address, n.prefix)) return true;
    return false;
}

ScraperAccess::Verdict ScraperAccess::check(std::string_view remote_addr,
                                            std::string_view authorization) const {
    if (listed(remote_addr)) return Verdict::kAllowed;
    if (token_.empty()) return Verdict::kForbidden;
    // "Bearer <token>" (RFC 6750; the scheme's case does not matter).
    if (starts_with_bearer(authorization) && secure_equals(trim(authorization.substr(7)), token_))
        return Verdict::kAllowed;
    return Verdict::kUnauthorized;
}

}  // namespace redriva::web
