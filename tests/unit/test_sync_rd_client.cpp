#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "fake_clock.h"
#include "sync/rd_client.h"

using namespace redriva;
using namespace redriva::sync;

namespace {

// A tiny HTTP/1.1 server on 127.0.0.1 for the client's tests: one thread per
// connection, keep-alive, GET only. Small enough to trust, and it lets the tests see
// exactly what went over the wire (headers, concurrency, connections).
struct Request {
    std::string method;
    std::string target;                          // "/rest/1.0/torrents?page=1&limit=100"
    std::map<std::string, std::string> headers;  // lower-case names
};

struct Reply {
    int status = 200;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    int delay_ms = 0;
};

class TestServer {
public:
    using Handler = std::function<Reply(const Request&)>;

    explicit TestServer(Handler handler) : handler_(std::move(handler)) {
        listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        BOOST_REQUIRE(listen_fd_ >= 0);
        int one = 1;
        ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        BOOST_REQUIRE(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        BOOST_REQUIRE(::listen(listen_fd_, 64) == 0);
        socklen_t len = sizeof addr;
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        acceptor_ = std::thread([this] { accept_loop(); });
    }

    ~TestServer() {
        stop_ = true;
        acceptor_.join();
        {
            std::lock_guard lock(mutex_);
            for (int fd : conn_fds_) ::shutdown(fd, SHUT_RDWR);
        }
        for (auto& t : conn_threads_) t.join();
        ::close(listen_fd_);
    }

    std::string base_url() const {
        return "http://127.0.0.1:" + std::to_string(port_) + "/rest/1.0";
    }
    int max_concurrent() const { return max_concurrent_; }
    int connections() const { return connections_; }
    std::vector<Request> requests() {
        std::lock_guard lock(mutex_);
        return log_;
    }

private:
    void accept_loop() {
        while (!stop_) {
            pollfd p{listen_fd_, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) continue;
            ++connections_;
            std::lock_guard lock(mutex_);
            conn_fds_.push_back(fd);
            conn_threads_.emplace_back([this, fd] { serve(fd); });
        }
    }

    // Reads one request head into `req`; false when the peer closed or we stop.
    bool read_request(int fd, std::string& buf, Request& req) {
        std::size_t end;
        while ((end = buf.find("\r\n\r\n")) == std::string::npos) {
            pollfd p{fd, POLLIN, 0};
            if (stop_) return false;
            if (::poll(&p, 1, 50) <= 0) continue;
            char chunk[4096];
            ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n <= 0) return false;
            buf.append(chunk, static_cast<std::size_t>(n));
        }
        std::string head = buf.substr(0, end);
        buf.erase(0, end + 4);
        std::size_t line_end = head.find("\r\n");
        std::string first = head.substr(0, line_end);
        std::size_t sp1 = first.find(' '), sp2 = first.rfind(' ');
        req.method = first.substr(0, sp1);
        req.target = first.substr(sp1 + 1, sp2 - sp1 - 1);
        std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
        while (pos < head.size()) {
            std::size_t next = head.find("\r\n", pos);
            if (next == std::string::npos) next = head.size();
            std::string line = head.substr(pos, next - pos);
            std::size_t colon = line.find(':');
            if (colon != std::string::npos) {
                std::string name = line.substr(0, colon);
                std::transform(name.begin(), name.end(), name.begin(), ::tolower);
                std::size_t v = line.find_first_not_of(' ', colon + 1);
                req.headers[name] = v == std::string::npos ? "" : line.substr(v);
            }
            pos = next + 2;
        }
        return true;
    }

    void serve(int fd) {
        std::string buf;
        Request req;
        while (read_request(fd, buf, req)) {
            const int now = ++in_flight_;
            int seen = max_concurrent_;
            while (now > seen && !max_concurrent_.compare_exchange_weak(seen, now)) {
            }
            {
                std::lock_guard lock(mutex_);
                log_.push_back(req);
            }
            Reply reply = handler_(req);
            for (int waited = 0; waited < reply.delay_ms && !stop_; waited += 5)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            --in_flight_;
            std::string out = "HTTP/1.1 " + std::to_string(reply.status) + " X\r\n";
            out += "Content-Length: " + std::to_string(reply.body.size()) + "\r\n";
            for (auto& [k, v] : reply.headers) out += k + ": " + v + "\r\n";
            out += "\r\n" + reply.body;
            if (::send(fd, out.data(), out.size(), MSG_NOSIGNAL) < 0) break;
        }
        std::lock_guard lock(mutex_);
        conn_fds_.erase(std::find(conn_fds_.begin(), conn_fds_.end(), fd));
        ::close(fd);
    }

    Handler handler_;
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> in_flight_{0};
    std::atomic<int> max_concurrent_{0};
    std::atomic<int> connections_{0};
    std::mutex mutex_;
    std::vector<int> conn_fds_;
    std::vector<std::thread> conn_threads_;
    std::vector<Request> log_;
    std::thread acceptor_;
};

// Virtual time shared with the server thread, which stamps each request with it.
using redriva::test::FakeClock;

const std::string kToken = "s3cr3t-T0KEN-value-9f8e7d";

std::string info_body(const std::string& id) {
    return R"({"id": ")" + id +
           R"(", "filename": "f", "original_filename": "f", "hash": "h", "bytes": 1,
               "original_bytes": 1, "host": "real-debrid.com", "split": 2000, "progress": 100,
               "status": "downloaded", "added": "2025-07-29T10:30:00.000Z", "links": [],
               "files": [{"id": 1, "path": "/f", "bytes": 1, "selected": 1}]})";
}

// "/rest/1.0/torrents/info/ABC" -> "ABC"
std::string info_id(const Request& r) {
    return r.target.substr(r.target.rfind('/') + 1);
}

std::string make_id(int i) {
    std::string id = "ID00000000000";
    std::string n = std::to_string(i);
    id.replace(id.size() - n.size(), n.size(), n);
    return id;
}

RdClientOptions options_for(const TestServer& server) {
    RdClientOptions o;
    o.base_url = server.base_url();
    o.token = kToken;
    o.timeout_ms = 5'000;
    o.max_in_flight = 4;
    o.backoff = BackoffPolicy{10, 50, 3};
    o.rng_seed = 1;
    return o;
}

std::map<std::string, InfoResult> fetch_all(RdClient& client, const std::vector<std::string>& ids) {
    std::map<std::string, InfoResult> results;
    client.fetch_infos(ids, [&](const std::string& id, InfoResult r) {
        BOOST_TEST(results.count(id) == 0u);  // once per id
        results[id] = std::move(r);
    });
    BOOST_TEST(results.size() == ids.size());
    return results;
}

// Any R+1 consecutive sends span at least the window.
void check_window(std::vector<std::int64_t> sends, int r, std::int64_t window) {
    std::sort(sends.begin(), sends.end());
    for (std::size_t i = 0; i + static_cast<std::size_t>(r) < sends.size(); ++i)
        BOOST_TEST(sends[i + static_cast<std::size_t>(r)] - sends[i] >= window);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sync_rd_client)

BOOST_AUTO_TEST_CASE(list_page_sends_the_bearer_token_and_reads_the_headers) {
    TestServer server([](const Request&) {
        Reply r;
        r.body = "[" + info_body("ABCDEFGHIJ123") + R"(, {"id": "bad"}])";
        r.headers = {{"X-Total-Count", "1234"}, {"ETag", "\"v42\""}};
        return r;
    });
    SteadyClock clock;
    RateLimiter limiter(250, clock);
    RdClient client(options_for(server), limiter, clock);
    ListPage page = client.list_page(3, 100);
    BOOST_TEST(page.status == 200);
    BOOST_REQUIRE(page.entries.size() == 1u);
    BOOST_TEST(page.entries[0].id == "ABCDEFGHIJ123");
    BOOST_TEST(page.skipped == 1u);
    BOOST_TEST(page.skipped_reasons.size() == 1u);
    BOOST_TEST(page.total_count.value_or(-1) == 1234);
    BOOST_TEST(page.etag == "\"v42\"");
    auto reqs = server.requests();
    BOOST_REQUIRE(reqs.size() == 1u);
    BOOST_TEST(reqs[0].method == "GET");
    BOOST_TEST(reqs[0].target == "/rest/1.0/torrents?page=3&limit=100");
    BOOST_TEST(reqs[0].headers["authorization"] == "Bearer " + kToken);
    BOOST_TEST(!reqs[0].headers["accept-encoding"].empty());  // compression offered
    BOOST_TEST(client.counters().requests_sent == 1);
    BOOST_TEST(limiter.in_window() == 1);
}

BOOST_AUTO_TEST_CASE(list_page_past_the_end_and_not_modified) {
    TestServer server([](const Request& req) {
        Reply r;
        if (req.headers.count("if-none-match")) {
            r.status = 304;
        } else {
            r.status = 204;
        }
        return r;
    });
    SteadyClock clock;
    RateLimiter limiter(250, clock);
    RdClient client(options_for(server), limiter, clock);
    ListPage end = client.list_page(9, 5000);
    BOOST_TEST(end.status == 204);
    BOOST_TEST(end.entries.empty());
    ListPage same = client.list_page(1, 5000, "\"v1\"");
    BOOST_TEST(same.not_modified());
    BOOST_TEST(server.requests()[1].headers["if-none-match"] == "\"v1\"");
    BOOST_TEST(server.requests()[1].headers["authorization"] == "Bearer " + kToken);
    BOOST_TEST(server.connections() == 1);  // keep-alive: the connection was reused
}

BOOST_AUTO_TEST_CASE(a_429_then_200_is_retried_and_counted) {
    std::mutex m;
    std::map<std::string, int> seen;
    TestServer server([&](const Request& req) {
        std::lock_guard lock(m);
        Reply r;
        if (seen[req.target]++ == 0) {
            r.status = 429;
            r.body = R"({"error": "too_many_requests", "error_code": 34})";
        } else {
            r.body = info_body(info_id(req));
        }
        return r;
    });
    SteadyClock clock;
    RateLimiter limiter(250, clock);
    RdClient client(options_for(server), limiter, clock);
    auto results = fetch_all(client, {"ABCDEFGHIJ123"});
    const InfoResult& r = results["ABCDEFGHIJ123"];
    BOOST_TEST((r.status == InfoStatus::kOk));
    BOOST_TEST(r.attempts == 2);
    BOOST_REQUIRE(r.info.has_value());
    BOOST_TEST(r.info->files.size() == 1u);
    BOOST_TEST(client.counters().requests_sent == 2);
    BOOST_TEST(client.counters().retries == 1);
    BOOST_TEST(client.counters().rate_limited == 1);
    BOOST_TEST(limiter.in_window() == 2);  // the retry needed its own grant
}

BOOST_AUTO_TEST_CASE(auth_errors_throw_without_the_token) {
    for (int status : {401, 403}) {
        BOOST_TEST_CONTEXT(status) {
            TestServer server([status](const Request&) {
                Reply r;
                r.status = status;
                r.body = R"({"error": "bad_token", "error_code": 8})";
                return r;
            });
            SteadyClock clock;
            RateLimiter limiter(250, clock);
            RdClient client(options_for(server), limiter, clock);
            try {
                client.user();
                BOOST_FAIL("no AuthError");
            } catch (const AuthError& e) {
                const std::string msg = e.what();
                BOOST_TEST(msg.find(kToken) == std::string::npos);
                BOOST_TEST(msg.find("/user") != std::string::npos);
                BOOST_TEST(msg.find(std::to_string(status)) != std::string::npos);
            }
            std::vector<std::string> ids;
            for (int i = 0; i < 10; ++i) ids.push_back(make_id(i));
            try {
                client.fetch_infos(ids, [](const std::string&, InfoResult) {});
                BOOST_FAIL("no AuthError");
            } catch (const AuthError& e) {
                BOOST_TEST(std::string(e.what()).find(kToken) == std::string::npos);
            }
            BOOST_TEST(client.counters().retries == 0);  // never retried
        }
    }
}

BOOST_AUTO_TEST_CASE(not_found_bad_data_and_exhausted_retries) {
    std::atomic<int> hits_503{0};
    TestServer server([&](const Request& req) {
        const std::string id = info_id(req);
        Reply r;
        if (id == "NOTFOUND00001") {
            r.status = 404;
            r.body = R"({"error": "unknown_ressource", "error_code": 7})";
        } else if (id == "MALFORMED0001") {
            r.body = R"({"id": "MALFORMED0001", "filename": )";
        } else if (id == "OTHERID000001") {
            r.body = info_body("SOMEONEELSE01");
        } else if (id == "ALWAYS503AAAA") {
            ++hits_503;
            r.status = 503;
        } else {
            r.body = info_body(id);
        }
        return r;
    });
    SteadyClock clock;
    RateLimiter limiter(250, clock);
    RdClient client(options_for(server), limiter, clock);
    auto results = fetch_all(client, {"NOTFOUND00001", "MALFORMED0001", "OTHERID000001",
                                      "ALWAYS503AAAA", "GOODTORRENT01", "../../user"});
    BOOST_TEST((results["NOTFOUND00001"].status == InfoStatus::kNotFound));
    BOOST_TEST((results["MALFORMED0001"].status == InfoStatus::kBadData));
    BOOST_TEST(results["MALFORMED0001"].attempts == 1);  // bad JSON is not retried
    BOOST_TEST((results["OTHERID000001"].status == InfoStatus::kBadData));
    BOOST_TEST((results["ALWAYS503AAAA"].status == InfoStatus::kFailed));
    BOOST_TEST(results["ALWAYS503AAAA"].attempts == 3);
    BOOST_TEST(results["ALWAYS503AAAA"].error.find("/torrents/info/ALWAYS503AAAA") !=
               std::string::npos);
    BOOST_TEST(hits_503 == 3);
    BOOST_TEST((results["GOODTORRENT01"].status == InfoStatus::kOk));
    BOOST_TEST((results["../../user"].status == InfoStatus::kBadData));  // never sent
    BOOST_TEST(client.counters().requests_sent == 7);
    BOOST_TEST(client.counters().retries == 2);
    for (const auto& req : server.requests())
        BOOST_TEST(req.target.find("..") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(timeouts_are_retried_then_fail) {
    TestServer server([](const Request&) {
        Reply r;
        r.delay_ms = 1'000;
        return r;
    });
    SteadyClock clock;
    RateLimiter limiter(250, clock);
    RdClientOptions o = options_for(server);
    o.timeout_ms = 100;
    o.backoff.max_attempts = 2;
    RdClient client(o, limiter, clock);
    auto results = fetch_all(client, {"SLOWTORRENT01"});
    BOOST_TEST((results["SLOWTORRENT01"].status == InfoStatus::kFailed));
    BOOST_TEST(results["SLOWTORRENT01"].attempts == 2);
    BOOST_TEST(client.counters().errors == 2);
    BOOST_CHECK_THROW(client.user(), RdRequestError);
}

BOOST_AUTO_TEST_CASE(several_requests_stay_in_flight) {
    TestServer server([](const Request& req) {
        Reply r;
        r.delay_ms = 200;
        r.body = info_body(info_id(req));
        return r;
    });
    SteadyClock clock;
    RateLimiter limiter(250, clock);
    RdClientOptions o = options_for(server);
    o.max_in_flight = 8;
    RdClient client(o, limiter, clock);
    std::vector<std::string> ids;
    for (int i = 0; i < 24; ++i) ids.push_back(make_id(i));
    const std::int64_t start = monotonic_ms();
    auto results = fetch_all(client, ids);
    const std::int64_t elapsed = monotonic_ms() - start;
    for (auto& [id, r] : results) BOOST_TEST((r.status == InfoStatus::kOk));
    BOOST_TEST(server.max_concurrent() == 8);  // never more than max_in_flight
    BOOST_TEST(elapsed < 24 * 200 / 2);        // sequential would take 4.8 s
    BOOST_TEST(server.connections() <= 8);     // the pool is reused, not reopened
}

BOOST_AUTO_TEST_CASE(the_rate_is_never_exceeded_with_a_fake_clock) {
    // R=5 per minute of virtual time; 12 torrents, every third answered 429 once: the
    // refused requests count too, so every send must fit the window.
    FakeClock clock;
    std::mutex m;
    std::vector<std::int64_t> sends;
    std::map<std::string, int> seen;
    TestServer server([&](const Request& req) {
        std::lock_guard lock(m);
        sends.push_back(clock.now_ms());
        const std::string id = info_id(req);
        Reply r;
        if (std::stoi(id.substr(2)) % 3 == 0 && seen[id]++ == 0) {
            r.status = 429;
        } else {
            r.body = info_body(id);
        }
        return r;
    });
    RateLimiter limiter(5, clock);
    RdClientOptions o = options_for(server);
    o.backoff = BackoffPolicy{1'000, 30'000, 5};
    RdClient client(o, limiter, clock);
    std::vector<std::string> ids;
    for (int i = 0; i < 12; ++i) ids.push_back(make_id(i));
    auto results = fetch_all(client, ids);
    for (auto& [id, r] : results) BOOST_TEST((r.status == InfoStatus::kOk));
    std::lock_guard lock(m);
    BOOST_TEST(sends.size() == 16u);
    BOOST_TEST(client.counters().requests_sent == 16);
    BOOST_TEST(client.counters().rate_limited == 4);
    check_window(sends, 5, 60'000);
    // Starts at full speed; the 429s then halve the rate for a while (AIMD), so
    // the 16 sends take more than the 3 windows they would need at 5/min, but
    // not without bound.
    BOOST_TEST(std::count(sends.begin(), sends.end(), 0) >= 2);
    BOOST_TEST(std::count(sends.begin(), sends.end(), 0) <= 5);
    BOOST_TEST(clock.now_ms() >= 180'000);
    BOOST_TEST(clock.now_ms() < 600'000);
}

BOOST_AUTO_TEST_CASE(the_rate_is_never_exceeded_with_a_real_clock) {
    // A 1 s window stands in for the minute so the test stays short.
    std::mutex m;
    std::vector<std::int64_t> sends;
    TestServer server([&](const Request& req) {
        {
            std::lock_guard lock(m);
            sends.push_back(monotonic_ms());
        }
        Reply r;
        r.delay_ms = 30;
        r.body = info_body(info_id(req));
        return r;
    });
    SteadyClock clock;
    RateLimiter limiter(4, clock, 1'000);
    RdClient client(options_for(server), limiter, clock);
    std::vector<std::string> ids;
    for (int i = 0; i < 10; ++i) ids.push_back(make_id(i));
    auto results = fetch_all(client, ids);
    for (auto& [id, r] : results) BOOST_TEST((r.status == InfoStatus::kOk));
    std::lock_guard lock(m);
    BOOST_TEST(sends.size() == 10u);
    // Arrival times jitter by the loopback latency around the grant times.
    check_window(sends, 4, 1'000 - 20);
}

BOOST_AUTO_TEST_CASE(refuses_a_token_that_could_inject_headers) {
    SteadyClock clock;
    RateLimiter limiter(250, clock);
    RdClientOptions o;
    o.base_url = "http://127.0.0.1:9";
    o.token = "abc\r\nX-Evil: 1";
    BOOST_CHECK_THROW(RdClient(o, limiter, clock), std::invalid_argument);
    o.token = "abc";
    o.max_in_flight = 0;
    BOOST_CHECK_THROW(RdClient(o, limiter, clock), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(network_errors_name_the_path_only) {
    // A port nobody listens on: connection refused, retried, then a plain error.
    SteadyClock clock;
    RateLimiter limiter(250, clock);
    RdClientOptions o;
    o.base_url = "http://127.0.0.1:1/rest/1.0";
    o.token = kToken;
    o.backoff = BackoffPolicy{5, 10, 2};
    RdClient client(o, limiter, clock);
    try {
        client.list_page(1, 10);
        BOOST_FAIL("no error");
    } catch (const RdRequestError& e) {
        const std::string msg = e.what();
        BOOST_TEST(msg.find(kToken) == std::string::npos);
        BOOST_TEST(msg.find("/torrents?page=1") != std::string::npos);
        BOOST_TEST(msg.find("2 attempts") != std::string::npos);
    }
    BOOST_TEST(client.counters().requests_sent == 2);
    RdClient moved = std::move(client);  // move-only, still usable
    BOOST_TEST(moved.counters().requests_sent == 2);
}

BOOST_AUTO_TEST_SUITE_END()
