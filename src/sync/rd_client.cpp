#include "sync/rd_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <optional>
#include <queue>
#include <unordered_map>
#include <utility>

#include "common/real_debrid.h"
#include "common/strings.h"
#include "sync/curl_handles.h"

namespace redriva::sync {
namespace {

bool iequals_prefix(std::string_view line, std::string_view prefix) {
    if (line.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(line[i])) != prefix[i]) return false;
    return true;
}

// What one attempt brought back.
struct Response {
    CURLcode code = CURLE_OK;
    long status = 0;
    std::string body;
    std::string etag;
    std::optional<std::int64_t> total_count;
    bool too_large = false;
    std::size_t max_body = 0;
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
    auto* r = static_cast<Response*>(user);
    const std::size_t len = size * n;
    if (r->body.size() + len > r->max_body) {
        r->too_large = true;
        return 0;  // aborts the transfer with CURLE_WRITE_ERROR
    }
    r->body.append(data, len);
    return len;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
    auto* r = static_cast<Response*>(user);
    const std::size_t len = size * n;
    std::string_view line(data, len);
    if (iequals_prefix(line, "http/")) {  // a new response (after a 100 Continue): start over
        r->etag.clear();
        r->total_count.reset();
    } else if (iequals_prefix(line, "x-total-count:")) {
        r->total_count = parse_int(trim(line.substr(14)));
    } else if (iequals_prefix(line, "etag:")) {
        r->etag = std::string(trim(line.substr(5)));
    }
    return len;
}

// One request on the wire. Removes itself from the multi handle before its easy handle
// is cleaned up, whatever path (success, exception) destroys it.
struct Transfer {
    std::size_t index = 0;
    int attempts = 0;  // sends before this one
    RateLimiter* limiter = nullptr;
    RateLimiter::GrantId grant = 0;
    CURLM* multi = nullptr;
    // Declared before `easy` so they outlive it: curl points at them until cleanup.
    HeaderList extra_headers;
    std::string request_body;
    Response response;
    EasyHandle easy;

    Transfer() = default;
    Transfer(const Transfer&) = delete;
    Transfer& operator=(const Transfer&) = delete;
    ~Transfer() {
        if (multi && easy) curl_multi_remove_handle(multi, easy.get());
    }
};

// A request waiting to be (re)sent.
struct Pending {
    std::size_t index;
    int attempts;
    std::int64_t not_before;
    bool operator>(const Pending& o) const { return not_before > o.not_before; }
};

// curl calls this once the connection is up, right before the request goes out: the
// grant's time becomes the send time (a lost SYN alone delays a new connection by 1 s).
int on_request_ready(void* data, char*, char*, int, int) {
    auto* t = static_cast<Transfer*>(data);
    t->limiter->mark_sent(t->grant);
    return CURL_PREREQFUNC_OK;
}

std::string http_failure(long status, const std::string& body) {
    std::string s = "HTTP " + std::to_string(status);
    if (auto err = rd::parse_error(body); err && !err->error.empty()) s += " (" + err->error + ")";
    return s;
}

}  // namespace

struct RdClient::Impl {
    // Called once per request when it is done for good; `failure` is non-empty when
    // retries ran out (network error, 429 or 5xx on the last attempt).
    using FinalFn =
        std::function<void(std::size_t index, Response&, int attempts, const std::string& failure)>;

    RdClientOptions options;
    RateLimiter* limiter;
    Clock* clock;
    Rng rng;
    RdCounters counters;
    HeaderList auth_headers;
    MultiHandle multi;  // declared last among handles: transfers never outlive it

    Impl(RdClientOptions o, RateLimiter& l, Clock& c)
        : options(std::move(o)), limiter(&l), clock(&c) {
        if (options.base_url.empty()) throw std::invalid_argument("RD base URL is empty");
        while (!options.base_url.empty() && options.base_url.back() == '/')
            options.base_url.pop_back();
        for (char ch : options.token)
            if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F)
                throw std::invalid_argument("RD token contains control characters");
        if (options.max_in_flight < 1) throw std::invalid_argument("max_in_flight must be >= 1");
        rng.seed(options.rng_seed != 0 ? options.rng_seed : std::random_device{}());
        init_curl_once();
        auth_headers = append_header(nullptr, "Authorization: Bearer " + options.token);
        auth_headers = append_header(std::move(auth_headers), "Accept: application/json");
        multi.reset(curl_multi_init());
        if (!multi) throw std::runtime_error("curl_multi_init failed");
        // The pool: as many cached connections as requests in flight, reused across calls.
        // No CURLMOPT_MAX_HOST_CONNECTIONS: run() already bounds what is in flight, and a
        // handle curl parks waiting for a connection slot is only woken by another
        // transfer's activity or a poll timeout, so it could reach RD a second after its
        // grant, which let the 51st request of a burst land inside RD's window.
        curl_multi_setopt(multi.get(), CURLMOPT_MAXCONNECTS,
                          static_cast<long>(options.max_in_flight));
    }

    std::unique_ptr<Transfer> make_transfer(const Pending& p, RateLimiter::GrantId grant,
                                            const RdCall& call, const std::string& if_none_match) {
        const std::string& path = call.path;
        auto t = std::make_unique<Transfer>();
        t->index = p.index;
        t->attempts = p.attempts;
        t->limiter = limiter;
        t->grant = grant;
        t->response.max_body = options.max_body_bytes;
        t->easy.reset(curl_easy_init());
        if (!t->easy) throw std::runtime_error("curl_easy_init failed");
        CURL* h = t->easy.get();
        const std::string url = options.base_url + path;
        curl_slist* headers = auth_headers.get();
        if (!if_none_match.empty() || !call.content_type.empty()) {
            // curl keeps only the pointer: a per-request copy holds the extra header.
            for (curl_slist* l = auth_headers.get(); l; l = l->next)
                t->extra_headers = append_header(std::move(t->extra_headers), l->data);
            if (!if_none_match.empty())
                t->extra_headers =
                    append_header(std::move(t->extra_headers), "If-None-Match: " + if_none_match);
            if (!call.content_type.empty())
                t->extra_headers = append_header(std::move(t->extra_headers),
                                                 "Content-Type: " + call.content_type);
            headers = t->extra_headers.get();
        }
        curl_easy_setopt(h, CURLOPT_URL, url.c_str());
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
        if (call.method != "GET") {
            // The body is copied into the transfer: curl reads it while it sends.
            t->request_body = call.body;
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, t->request_body.data());
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                             static_cast<curl_off_t>(t->request_body.size()));
            if (call.method != "POST")
                curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, call.method.c_str());
        }
        curl_easy_setopt(h, CURLOPT_USERAGENT, "redriva-sync");
        // gzip only: a 5000-torrent list page shrinks 4x either way, and gzip is
        // cheap for the server (brotli at its default level takes seconds a page).
        curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "gzip");
        curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
        // Never reuse a connection idle long enough for the server to be closing
        // it (a request racing a keep-alive close may reach the server and then
        // be re-sent by curl: two requests for one grant).
        curl_easy_setopt(h, CURLOPT_MAXAGE_CONN, 4L);
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, options.timeout_ms);
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, options.connect_timeout_ms);
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM for DNS timeouts
        // A redirect could carry the Authorization header elsewhere: RD never redirects.
        curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &t->response);
        curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(h, CURLOPT_HEADERDATA, &t->response);
        curl_easy_setopt(h, CURLOPT_PREREQFUNCTION, on_request_ready);
        curl_easy_setopt(h, CURLOPT_PREREQDATA, t.get());
        if (curl_multi_add_handle(multi.get(), h) != CURLM_OK)
            throw RdRequestError(call.method + " " + path + ": curl_multi_add_handle failed");
        t->multi = multi.get();
        ++counters.requests_sent;
        return t;
    }

    void report_counters() const {
        if (options.on_request_done) options.on_request_done(counters);
    }

    // Sends requests 0..n-1, each only after the limiter grants it, at most
    // max_in_flight at once, retrying what may succeed later.
    void run(std::size_t n, const std::function<RdCall(std::size_t)>& call_of,
             const std::string& if_none_match, const FinalFn& on_final) {
        std::size_t next_fresh = 0;
        std::priority_queue<Pending, std::vector<Pending>, std::greater<>> retry_queue;
        std::unordered_map<CURL*, std::unique_ptr<Transfer>> active;
        const auto max_in_flight = static_cast<std::size_t>(options.max_in_flight);

        auto has_pending = [&] { return next_fresh < n || !retry_queue.empty(); };
        // Milliseconds until a pending request could be sent.
        auto wait_ms = [&]() -> std::int64_t {
            const std::int64_t now = clock->now_ms();
            std::int64_t ready_in = 0;
            if (next_fresh >= n)
                ready_in = std::max<std::int64_t>(0, retry_queue.top().not_before - now);
            return std::max(ready_in, limiter->delay_ms());
        };
        auto start_ready = [&] {
            while (active.size() < max_in_flight && has_pending()) {
                const std::int64_t now = clock->now_ms();
                const bool retry_ready =
                    !retry_queue.empty() && retry_queue.top().not_before <= now;
                if (!retry_ready && next_fresh >= n) break;
                // Asked only when a request is ready: a grant is a send.
                const std::optional<RateLimiter::GrantId> grant = limiter->try_grant();
                if (!grant) break;
                Pending p{next_fresh, 0, 0};
                if (retry_ready) {
                    p = retry_queue.top();
                    retry_queue.pop();
                } else {
                    ++next_fresh;
                }
                auto t = make_transfer(p, *grant, call_of(p.index), if_none_match);
                CURL* key = t->easy.get();
                active.emplace(key, std::move(t));
            }
        };
        auto finish = [&](Transfer& t) {
            const RdCall call = call_of(t.index);
            const std::string what = call.method + " " + call.path;
            Response& r = t.response;
            curl_easy_getinfo(t.easy.get(), CURLINFO_RESPONSE_CODE, &r.status);
            if (curl_off_t us = 0;
                curl_easy_getinfo(t.easy.get(), CURLINFO_TOTAL_TIME_T, &us) == CURLE_OK)
                counters.add_latency(static_cast<std::int64_t>(us));
            const int attempts = t.attempts + 1;
            std::string failure;
            bool retryable = false;
            if (r.code != CURLE_OK) {
                ++counters.errors;
                failure =
                    r.too_large ? "response larger than the limit" : curl_easy_strerror(r.code);
                // A request that may have reached RD is sent again only when doing it
                // twice is harmless; one that never left (no connection) always is.
                retryable = !r.too_large && (call.idempotent || r.code == CURLE_COULDNT_CONNECT);
            } else if (r.status == 401 || (r.status == 403 && !call.forbidden_is_an_answer)) {
                ++counters.errors;
                throw AuthError(what + ": " + http_failure(r.status, r.body) +
                                ": Real-Debrid refused the API token");
            } else if (r.status == 429 ||
                       (r.status >= 500 && r.status != kRdSlotsFull && call.idempotent)) {
                // RD did nothing on a 429 (it refused before acting): safe to send again.
                ++counters.errors;
                if (r.status == 429) {
                    ++counters.rate_limited;
                    limiter->slow_down();
                }
                failure = http_failure(r.status, r.body);
                retryable = true;
            } else if (r.status >= 400 && r.status != 404) {
                ++counters.errors;
            }
            const bool may_retry = r.status == 429
                                       ? options.backoff.may_retry_rate_limited(attempts)
                                       : options.backoff.may_retry(attempts);
            if (retryable && may_retry) {
                ++counters.retries;
                const std::int64_t delay = options.backoff.delay_ms(attempts, rng);
                retry_queue.push(Pending{t.index, attempts, clock->now_ms() + delay});
                return;
            }
            if (!failure.empty())
                failure = what + ": " + failure + " after " + std::to_string(attempts) +
                          (attempts == 1 ? " attempt" : " attempts");
            on_final(t.index, r, attempts, failure);
        };

        for (;;) {
            start_ready();
            if (active.empty()) {
                if (!has_pending()) return;
                clock->sleep_ms(std::max<std::int64_t>(1, wait_ms()));
                continue;
            }
            int running = 0;
            if (CURLMcode mc = curl_multi_perform(multi.get(), &running); mc != CURLM_OK)
                throw RdRequestError(std::string("curl multi: ") + curl_multi_strerror(mc));
            bool finished_any = false;
            int queued = 0;
            while (CURLMsg* msg = curl_multi_info_read(multi.get(), &queued)) {
                if (msg->msg != CURLMSG_DONE) continue;
                // Read msg before the handle is removed: removal invalidates it.
                CURL* key = msg->easy_handle;
                const CURLcode code = msg->data.result;
                auto it = active.find(key);
                if (it == active.end()) continue;
                std::unique_ptr<Transfer> t = std::move(it->second);
                active.erase(it);
                t->response.code = code;
                finished_any = true;
                try {
                    finish(*t);  // may throw; t and `active` clean up their handles
                } catch (...) {
                    report_counters();
                    throw;
                }
                report_counters();
            }
            if (!finished_any) {
                std::int64_t timeout = 1000;
                if (active.size() < max_in_flight && has_pending())
                    timeout = std::clamp<std::int64_t>(wait_ms(), 1, 1000);
                curl_multi_poll(multi.get(), nullptr, 0, static_cast<int>(timeout), nullptr);
            }
        }
    }
};

RdClient::RdClient(RdClientOptions options, RateLimiter& limiter, Clock& clock)
    : impl_(std::make_unique<Impl>(std::move(options), limiter, clock)) {}
RdClient::~RdClient() = default;
RdClient::RdClient(RdClient&&) noexcept = default;
RdClient& RdClient::operator=(RdClient&&) noexcept = default;

const RdCounters& RdClient::counters() const {
    return impl_->counters;
}

ListPage RdClient::list_page(int page, int limit, const std::string& if_none_match) {
    if (page < 1 || limit < 0 || limit > kRdListPageLimit)
        throw std::invalid_argument("list_page: page must be >= 1 and limit 0.." +
                                    std::to_string(kRdListPageLimit));
    for (char ch : if_none_match)
        if (static_cast<unsigned char>(ch) < 0x20) throw std::invalid_argument("bad ETag");
    const std::string path =
        "/torrents?page=" + std::to_string(page) + "&limit=" + std::to_string(limit);
    ListPage out;
    std::string error;
    impl_->run(
        1, [&](std::size_t) { return RdCall::get(path); }, if_none_match,
        [&](std::size_t, Response& r, int, const std::string& failure) {
            if (!failure.empty()) {
                error = failure;
                return;
            }
            out.status = r.status;
            out.total_count = r.total_count;
            out.etag = r.etag;
            if (r.status == 204 || r.status == 304) return;
            if (r.status != 200) {
                error = "GET " + path + ": " + http_failure(r.status, r.body);
                return;
            }
            auto parsed = rd::parse_list(r.body);
            if (!parsed) {
                error = "GET " + path + ": " + parsed.error().message;
                return;
            }
            out.entries = std::move(parsed->entries);
            out.skipped = parsed->skipped;
            out.skipped_reasons = std::move(parsed->reasons);
        });
    if (!error.empty()) throw RdRequestError(error);
    return out;
}

rd::UserInfo RdClient::user() {
    const std::string path = "/user";
    std::optional<rd::UserInfo> out;
    std::string error;
    impl_->run(
        1, [&](std::size_t) { return RdCall::get(path); }, "",
        [&](std::size_t, Response& r, int, const std::string& failure) {
            if (!failure.empty()) {
                error = failure;
            } else if (r.status != 200) {
                error = "GET " + path + ": " + http_failure(r.status, r.body);
            } else {
                auto user = rd::parse_user(r.body);
                if (user)
                    out = std::move(*user);
                else
                    error = "GET " + path + ": " + user.error().message;
            }
        });
    if (!out) throw RdRequestError(error);
    return *out;
}

void RdClient::fetch_infos(
    const std::vector<std::string>& ids,
    const std::function<void(const std::string& id, InfoResult)>& on_result) {
    // Ids go into the URL path: anything but an RD id is refused before it costs a request.
    std::vector<std::size_t> sendable;
    sendable.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (rd::is_rd_id(ids[i])) {
            sendable.push_back(i);
        } else {
            InfoResult bad;
            bad.status = InfoStatus::kBadData;
            bad.error = "not a Real-Debrid torrent id";
            on_result(ids[i], std::move(bad));
        }
    }
    impl_->run(
        sendable.size(),
        [&](std::size_t k) { return RdCall::get("/torrents/info/" + ids[sendable[k]]); }, "",
        [&](std::size_t k, Response& r, int attempts, const std::string& failure) {
            const std::string& id = ids[sendable[k]];
            InfoResult result;
            result.attempts = attempts;
            const std::string where = "GET /torrents/info/" + id + ": ";
            if (!failure.empty()) {
                result.status = InfoStatus::kFailed;
                result.error = failure;
            } else if (r.status == 404) {
                result.status = InfoStatus::kNotFound;
                result.error = where + http_failure(r.status, r.body);
            } else if (r.status != 200) {
                result.status = InfoStatus::kFailed;
                result.error = where + http_failure(r.status, r.body);
            } else {
                auto info = rd::parse_info(r.body);
                if (!info) {
                    result.status = InfoStatus::kBadData;
                    result.error = where + info.error().message;
                } else if (info->entry.id != id) {
                    result.status = InfoStatus::kBadData;
                    result.error = where + "the response describes torrent " + info->entry.id;
                } else {
                    result.status = InfoStatus::kOk;
                    result.info = std::move(*info);
                }
            }
            on_result(id, std::move(result));
        });
}

RdReply RdClient::call(const RdCall& call) {
    RdReply reply;
    impl_->run(
        1, [&](std::size_t) { return call; }, "",
        [&](std::size_t, Response& r, int attempts, const std::string& failure) {
            reply.attempts = attempts;
            reply.failure = failure;
            reply.transport_error = r.code != CURLE_OK;
            reply.status = r.code == CURLE_OK ? r.status : 0;
            reply.body = std::move(r.body);
            if (failure.empty() && r.status >= 400)
                reply.error = rd::parse_error(reply.body).value_or(rd::ErrorBody{});
        });
    return reply;
}

std::string RdReply::describe(const RdCall& call) const {
    if (!failure.empty()) return failure;
    std::string s = call.method + " " + call.path + ": HTTP " + std::to_string(status);
    if (!error.error.empty()) s += " (" + error.error + ")";
    return s;
}

}  // namespace redriva::sync
