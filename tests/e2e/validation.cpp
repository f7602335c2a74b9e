// Invalid input gets a 400 the user can read (JSON for /api, HTML for pages), and
// nothing a client sends produces a 5xx ("never a 500").
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <string>
#include <vector>

#include "stack.h"

namespace redriva::e2e {

namespace {

// Every response of this file, to check at the end that none was a 5xx.
std::vector<std::pair<std::string, long>>& seen() {
    static std::vector<std::pair<std::string, long>> all;
    return all;
}

HttpResponse fetch(const std::string& target) {
    HttpResponse r = http().get(target);
    seen().emplace_back("GET " + target, r.status);
    return r;
}

const std::vector<std::string>& invalid_list_queries() {
    static const std::vector<std::string> queries = {
        "page=0",
        "page=-1",
        "page=abc",
        "page=1.5",
        "page=99999999999999999999",
        "page_size=0",
        "page_size=501",
        "page_size=-5",
        "status=bogus",
        "status=DOWNLOADED",
        "sort=bogus",
        "order=up",
        "q=" + std::string(201, 'a'),
        "q=%ZZ",
        "q=%00",
        "q=%C3%28",
        "q=%",
        "%ZZ=1",
    };
    return queries;
}

void expect_json_400(const std::string& target) {
    BOOST_TEST_CONTEXT("GET " << target) {
        HttpResponse r = fetch(target);
        BOOST_TEST(r.status == 400);
        BOOST_TEST(r.content_type == "application/json");
        if (r.is_json()) {
            auto doc = parse_json(r.body);
            BOOST_REQUIRE(doc.IsObject() && doc.HasMember("error"));
            BOOST_TEST(doc["error"].IsString());
            BOOST_TEST(!json_string(doc["error"]).empty());
        }
    }
}

// Sends `request` as raw bytes on a new connection; all the server answered.
std::string raw_exchange(int port, const std::string& request) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    BOOST_REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    std::string answer;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(request.size())) {
        char buffer[4096];
        ssize_t n;
        while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0)
            answer.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return answer;
}

void expect_html_400(const std::string& target) {
    BOOST_TEST_CONTEXT("GET " << target) {
        HttpResponse r = fetch(target);
        BOOST_TEST(r.status == 400);
        BOOST_TEST(r.content_type == "text/html; charset=utf-8");
        BOOST_TEST(r.body.find("<html") != std::string::npos);
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(validation)

BOOST_AUTO_TEST_CASE(api_list_rejects_invalid_parameters) {
    for (const auto& query : invalid_list_queries()) expect_json_400("/api/torrents?" + query);
}

BOOST_AUTO_TEST_CASE(html_pages_reject_invalid_parameters) {
    for (const auto& query : invalid_list_queries()) {
        expect_html_400("/torrents?" + query);
        expect_html_400("/search?" + query);
    }
}

BOOST_AUTO_TEST_CASE(limits_themselves_are_accepted) {
    for (const char* query : {"page_size=1", "page_size=500", "page=1000000", "q=" /* empty */,
                              "status=", "sort=", "order="}) {
        BOOST_TEST_CONTEXT(query) {
            BOOST_TEST(fetch(std::string("/api/torrents?") + query).status == 200);
        }
    }
    BOOST_TEST(fetch("/api/torrents?q=" + std::string(200, 'a')).status == 200);
    BOOST_TEST(fetch("/api/torrents?page=1000001").status == 400);
}

BOOST_AUTO_TEST_CASE(events_reject_invalid_parameters) {
    for (const char* query :
         {"after=-1", "after=abc", "after=1e3", "limit=0", "limit=1001", "after=%ZZ"})
        expect_json_400(std::string("/api/sync/events?") + query);
    BOOST_TEST(fetch("/api/sync/events?after=0&limit=1000").status == 200);
}

BOOST_AUTO_TEST_CASE(dashboard_rejects_invalid_flash_parameters) {
    for (const char* query : {"queued=abc", "queued=0", "busy=-3", "queued=%ZZ"})
        expect_html_400(std::string("/?") + query);
}

BOOST_AUTO_TEST_CASE(fts_hostile_queries_are_plain_searches) {
    const std::vector<std::string> hostile = {
        "\"",  "*",     "NEAR(a b)", "a AND OR NOT b", "col:x",      "^x",  "(((",  "'",
        "\\",  "\"\"",  "-x",        "a OR",           "filename:*", "*a*", "x\"*", "NOT",
        "AND", "{a b}", ")",         "'; --",
    };
    for (const auto& q : hostile) {
        for (const char* route : {"/api/torrents?q=", "/torrents?q=", "/search?q="}) {
            const std::string target = route + url_encode(q);
            BOOST_TEST_CONTEXT("GET " << target << " (q=" << q << ")") {
                HttpResponse r = fetch(target);
                BOOST_TEST(r.status == 200);
                if (r.is_json()) BOOST_TEST(parse_json(r.body).HasMember("torrents"));
            }
        }
    }
    // Without a word, nothing matches (rather than everything).
    for (const char* q : {"%22", "*", "%28%28%28", "%5C"}) {
        auto doc = parse_json(fetch(std::string("/api/torrents?q=") + q).body);
        BOOST_TEST(doc["pagination"]["total_count"].GetInt64() == 0);
    }
}

BOOST_AUTO_TEST_CASE(path_tricks_never_fail_the_server) {
    for (const char* target :
         {"/torrents/..%2F..%2Fetc%2Fpasswd", "/torrents/%2E%2E%2Fapi%2Fstats", "/torrents/a%2Fb",
          "/torrents/../../etc/passwd", "/api/torrents/..%2F..%2Fetc%2Fpasswd",
          "/api/torrents/%2e%2e", "/torrents/%00", "/api/torrents/%ZZ", "/torrents/%C3%28",
          "/torrents/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
          "/torrents/%3Cscript%3E", "/api//stats", "/api/torrents/", "/%2e%2e/%2e%2e/"}) {
        BOOST_TEST_CONTEXT("GET " << target) {
            HttpResponse r = fetch(target);
            BOOST_TEST(r.status > 0);
            BOOST_TEST(r.status < 500);
            BOOST_TEST(r.body.find("root:") == std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(oversized_body_is_413) {
    const std::string body = "csrf_token=" + std::string(100 * 1024, 'a');
    for (const char* target : {"/api/sync/smart", "/sync/smart"}) {
        BOOST_TEST_CONTEXT("POST " << target) {
            HttpResponse r = http().post(target, body);
            seen().emplace_back(std::string("POST ") + target, r.status);
            BOOST_TEST(r.status == 413);
        }
    }
}

BOOST_AUTO_TEST_CASE(malformed_form_bodies_are_not_errors_of_ours) {
    for (const char* body : {"%ZZ", "csrf_token=%00", "a=%C3%28", "&&&==", ""}) {
        BOOST_TEST_CONTEXT("POST /sync/smart body " << body) {
            HttpResponse r = http().post("/sync/smart", body);
            seen().emplace_back("POST /sync/smart", r.status);
            BOOST_TEST(r.status < 500);
            BOOST_TEST(r.status != 202);
        }
    }
}

BOOST_AUTO_TEST_CASE(over_long_requests_get_4xx) {
    // A URI and a header beyond nginx's 8 KB buffers, a cookie of 16 KB: refused
    // by nginx before the pool sees them.
    HttpResponse long_uri = fetch("/torrents?q=" + std::string(10 * 1024, 'a'));
    BOOST_TEST(long_uri.status == 414);
    HttpOptions big_header;
    big_header.headers = {"X-Filler: " + std::string(10 * 1024, 'b')};
    HttpResponse r = http().get("/", big_header);
    seen().emplace_back("GET / with a 10 KB header", r.status);
    BOOST_TEST(r.status == 400);
    HttpOptions big_cookie;
    big_cookie.cookie = "redriva_csrf=" + std::string(16 * 1024, 'c');
    r = http().get("/api/stats", big_cookie);
    seen().emplace_back("GET /api/stats with a 16 KB cookie", r.status);
    BOOST_TEST(r.status == 400);
    // Long, but within the limits: the pool's own validation answers.
    HttpResponse long_query = fetch("/api/torrents?q=" + std::string(5000, 'a'));
    BOOST_TEST(long_query.status == 400);
    BOOST_TEST(long_query.is_json());
}

BOOST_AUTO_TEST_CASE(raw_bytes_in_the_request_line_get_4xx) {
    // What curl will not send: a raw NUL, raw control characters, raw invalid
    // UTF-8, a bare CR, an absolute-form URI to another host, a bad version.
    for (const std::string& line :
         {std::string("GET /torrents/\0x HTTP/1.1"), std::string("GET /tor\x01rents HTTP/1.1"),
          std::string("GET /torrents?q=\xC3\x28 HTTP/1.1"), std::string("GET /\xFF\xFE HTTP/1.1"),
          std::string("GET /search?q=a\rb HTTP/1.1"), std::string("GET /../../etc/passwd HTTP/1.1"),
          std::string("GET http://evil.example/ HTTP/1.1"), std::string("BREW /coffee HTTP/1.1")}) {
        const std::string answer = raw_exchange(stack().port(), line +
                                                                    "\r\nHost: 127.0.0.1\r\n"
                                                                    "Connection: close\r\n\r\n");
        const long status = answer.size() > 12 ? std::atol(answer.substr(9, 3).c_str()) : 0;
        seen().emplace_back("raw " + line, status);
        BOOST_TEST_CONTEXT("raw request line " << line) {
            // nginx closes on some of these without a word (444-like): never a 5xx.
            BOOST_TEST(status < 500);
            BOOST_TEST(answer.find("root:") == std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(an_unknown_http_version_is_505) {
    // The one 5xx a client can cause, and the one HTTP prescribes (RFC 9110
    // 15.6.6): nginx answers it; the pool never sees the request.
    const std::string answer = raw_exchange(
        stack().port(), "GET / HTTP/9.9\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    BOOST_TEST(answer.substr(0, 12) == "HTTP/1.1 505");
}

BOOST_AUTO_TEST_CASE(no_5xx_in_this_file) {
    BOOST_TEST(seen().size() > 100u);
    for (const auto& [what, status] : seen()) BOOST_TEST_CONTEXT(what) {
            BOOST_TEST(status < 500);
        }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
