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

#include "common/rd_tally.h"
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
    // Told the counters each time a request is done (sync/rd_stats_recorder.h).
    std::function<void(const RdTally&)> on_request_done;
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

// One request of an action: method, path (with its query), and a body.
struct RdCall {
    std::string method = "GET";
    std::string path;
    std::string body;          // a form (POST) or a .torrent file (PUT)
    std::string content_type;  // "" = curl's default for a form
    // Whether sending it twice is harmless. A request that is not (addMagnet: a second
    // send may add a second copy) is not sent again after a timeout or a 5xx, which
    // may have reached RD; the caller looks at the library instead. A 429 is always
    // retried: RD refuses before it acts.
    bool idempotent = true;
    // 403 is an answer about this request (an unrestrict refused), not the token's.
    bool forbidden_is_an_answer = false;

    static RdCall get(std::string path) { return with("GET", std::move(path)); }
    static RdCall remove(std::string path) { return with("DELETE", std::move(path)); }

private:
    static RdCall with(std::string method, std::string path) {
        RdCall call;
        call.method = std::move(method);
        call.path = std::move(path);
        return call;
    }
};

struct RdReply {
    long status = 0;  // 0: no HTTP answer (network error, timeout)
    std::string body;
    std::string failure;  // non-empty: retries ran out (network, 429, 5xx)
    bool transport_error = false;
    rd::ErrorBody error;  // the error body of a 4xx/5xx, when it had one
    int attempts = 0;
    bool ok() const { return failure.empty() && status >= 200 && status < 300; }
    // "POST /torrents/addMagnet: HTTP 451 (infringing_file)", for an item's reason.
    std::string describe(const RdCall& call) const;
};

using RdCounters = RdTally;

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

    // One request, retried as RdCall says; the reply whatever RD answered. Throws
    // AuthError when RD refuses the token.
    RdReply call(const RdCall& call);

    const RdCounters& counters() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace redriva::sync
