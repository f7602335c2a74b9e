// The Real-Debrid REST client: libcurl multi, one connection pool, every request gated by
// the rate limiter, retries with backoff.
//
// Single-threaded: concurrency comes from curl's multi interface, so latency does not
// waste the rate budget (up to max_in_flight requests wait on the network at once) while
// the limiter still sees every send in order. The token only ever goes into the
// Authorization header: errors name the method and path, never the URL's host or the
// headers.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/torrent.h"
#include "rd/wire.h"
#include "sync/backoff.h"
#include "sync/rate_limiter.h"

namespace redriva::sync {

struct RdClientOptions {
    std::string base_url = "https://api.real-debrid.com/rest/1.0";  // no trailing '/' needed
    std::string token;
    long timeout_ms = 30'000;  // a whole request, body included
    long connect_timeout_ms = 10'000;
    int max_in_flight = 8;
    BackoffPolicy backoff;
    std::uint64_t rng_seed = 0;               // 0: seeded from the OS
    std::size_t max_body_bytes = 256u << 20;  // larger responses are aborted as errors
};

// 401/403: the token is wrong or revoked. Retrying would only burn the rate budget;
// the caller stops (redriva-sync exits 3). The message names the endpoint, not the token.
class AuthError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A request that failed for good (retries exhausted, unexpected status, bad body).
class RdRequestError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ListPage {
    long status = 0;  // 200, 204 (past the end) or 304 (If-None-Match matched)
    std::vector<TorrentListEntry> entries;
    std::size_t skipped = 0;
    std::vector<std::string> skipped_reasons;
    std::optional<std::int64_t> total_count;  // X-Total-Count
    std::string etag;
    bool not_modified() const { return status == 304; }
};

enum class InfoStatus {
    kOk,        // info holds the torrent
    kNotFound,  // 404: gone from RD
    kBadData,   // 200 with a body that does not parse (not retried)
    kFailed,    // retries exhausted or an unexpected status
};

struct InfoResult {
    InfoStatus status = InfoStatus::kFailed;
    std::optional<TorrentInfo> info;
    std::string error;  // why, for everything but kOk
    int attempts = 0;
};

struct RdCounters {
    std::int64_t requests_sent = 0;
    std::int64_t retries = 0;
    std::int64_t rate_limited = 0;  // 429 responses
    std::int64_t errors = 0;        // attempts that failed: network errors, 5xx, 429, other 4xx
};

class RdClient {
public:
    // Throws std::invalid_argument for an empty base URL, a token with control
    // characters (header injection) or max_in_flight < 1.
    RdClient(RdClientOptions options, RateLimiter& limiter, Clock& clock);
    ~RdClient();
    RdClient(RdClient&&) noexcept;
    RdClient& operator=(RdClient&&) noexcept;
    RdClient(const RdClient&) = delete;
    RdClient& operator=(const RdClient&) = delete;

    // GET /torrents?page=&limit=. Throws AuthError, RdRequestError.
    ListPage list_page(int page, int limit, const std::string& if_none_match = "");
    // GET /user. Throws AuthError, RdRequestError.
    rd::UserInfo user();
    // GET /torrents/info/{id} for every id, up to max_in_flight at once; on_result is
    // called once per id, in completion order, from this thread. Ids that are not RD ids
    // are reported kBadData without a request. Throws AuthError (requests in flight are
    // abandoned) and whatever on_result throws.
    void fetch_infos(const std::vector<std::string>& ids,
                     const std::function<void(const std::string& id, InfoResult)>& on_result);

    const RdCounters& counters() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace redriva::sync
