// Who may read /metrics. Prometheus sends no cookie, so a scraper is let in by the
// address it comes from — the loopback always, and the addresses and networks the
// operator lists (REDRIVA_METRICS_ALLOW) — or by the bearer token the operator sets
// (REDRIVA_METRICS_TOKEN), whatever the login says. Behind a reverse proxy every
// request comes from the proxy's address: list nothing then, use the token.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace redriva::web {

class ScraperAccess {
public:
    // `allow`: addresses and networks separated by commas or spaces ("10.0.0.5,
    // 192.168.1.0/24, fd00::/8"). Throws std::invalid_argument naming an entry that
    // is neither.
    ScraperAccess(std::string_view allow, std::string token);

    enum class Verdict {
        kAllowed,
        kUnauthorized,  // a token is set and the request brings none that matches: 401
        kForbidden,     // from elsewhere, and no token is set: 403
    };
    Verdict check(std::string_view remote_addr, std::string_view authorization) const;

    bool has_token() const { return !token_.empty(); }

private:
    struct Network {
        std::array<std::uint8_t, 16> address{};  // IPv4 as IPv4-mapped IPv6
        int prefix = 128;
    };
    // "10.0.0.0/8", "fd00::/8", "192.0.2.7": throws std::invalid_argument naming it.
    static Network parse_network(std::string_view entry);
    bool listed(std::string_view remote_addr) const;

    std::vector<Network> allowed_;
    std::string token_;
};

}  // namespace redriva::web
