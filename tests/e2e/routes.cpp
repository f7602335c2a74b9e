// Every route's status and Content-Type, error pages, method rules, static assets
// and the security headers nginx adds.
#include <boost/test/unit_test.hpp>
#include <cctype>

#include "stack.h"

namespace redriva::e2e {

namespace {

// A word of letters (5+) from a real torrent name, for searches.
std::string word_from_a_name() {
    for (const auto& name :
         truth().column("SELECT filename FROM torrents ORDER BY added_on DESC, id DESC")) {
        std::string word;
        for (char c : name + " ") {
            if (std::isalpha(static_cast<unsigned char>(c))) {
                word += c;
            } else {
                if (word.size() >= 5) return word;
                word.clear();
            }
        }
    }
    return "";
}

std::int64_t max_age(const HttpResponse& r) {
    const std::string cc = r.header("cache-control");
    const auto at = cc.find("max-age=");
    if (at == std::string::npos) return -1;
    return std::atoll(cc.c_str() + at + 8);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(routes)

BOOST_AUTO_TEST_CASE(pages_answer_html) {
    const std::string id = truth().column("SELECT id FROM torrents ORDER BY rowid LIMIT 1").at(0);
    const std::string word = word_from_a_name();
    BOOST_REQUIRE(!word.empty());
    for (const std::string& target : {std::string("/"), std::string("/torrents"), "/torrents/" + id,
                                      std::string("/search"), "/search?q=" + url_encode(word)}) {
        BOOST_TEST_CONTEXT("GET " << target) {
            HttpResponse r = http().get(target);
            BOOST_TEST(r.status == 200);
            BOOST_TEST(r.content_type == "text/html; charset=utf-8");
            BOOST_TEST(r.body.find("<!doctype html>") == 0u);
            BOOST_TEST(r.body.find("</html>") != std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(api_answers_json) {
    const std::string id = truth().column("SELECT id FROM torrents ORDER BY rowid LIMIT 1").at(0);
    for (const std::string& target :
         {std::string("/api/stats"), std::string("/api/torrents"), "/api/torrents/" + id,
          std::string("/api/sync/status"), std::string("/api/sync/events"),
          std::string("/api/metrics"), std::string("/api/health")}) {
        BOOST_TEST_CONTEXT("GET " << target) {
            HttpResponse r = http().get(target);
            BOOST_TEST(r.status == 200);
            BOOST_TEST(r.content_type == "application/json");
            auto doc = parse_json(r.body);
            BOOST_TEST(doc.IsObject());
        }
    }
    auto health = parse_json(http().get("/api/health").body);
    BOOST_TEST(json_string(health["status"]) == "ok");
    BOOST_TEST(health["workers"].GetInt() == 2);
}

BOOST_AUTO_TEST_CASE(head_has_no_body) {
    HttpResponse r = http().head("/");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body.empty());
    BOOST_TEST(r.is_html());
    HttpResponse api = http().head("/api/stats");
    BOOST_TEST(api.status == 200);
    BOOST_TEST(api.body.empty());
}

BOOST_AUTO_TEST_CASE(unknown_page_is_a_404_page) {
    for (const char* target : {"/nope", "/torrents/", "/torrents/NOSUCHID00000", "/search/x"}) {
        BOOST_TEST_CONTEXT("GET " << target) {
            HttpResponse r = http().get(target);
            BOOST_TEST(r.status == 404);
            BOOST_TEST(r.content_type == "text/html; charset=utf-8");
            BOOST_TEST(r.body.find("<html") != std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(unknown_api_is_a_404_json) {
    for (const char* target : {"/api/unknown", "/api/torrents/NOSUCHID00000", "/api/stats/x"}) {
        BOOST_TEST_CONTEXT("GET " << target) {
            HttpResponse r = http().get(target);
            BOOST_TEST(r.status == 404);
            BOOST_TEST(r.content_type == "application/json");
            auto doc = parse_json(r.body);
            BOOST_TEST(member_names(doc) == std::vector<std::string>{"error"});
            BOOST_TEST(!json_string(doc["error"]).empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(state_changing_routes_refuse_get) {
    HttpResponse r = http().get("/api/sync/smart");
    BOOST_TEST(r.status == 405);
    BOOST_TEST(r.header("allow").find("POST") != std::string::npos);
    BOOST_TEST(r.is_json());
    BOOST_TEST(!json_string(parse_json(r.body)["error"]).empty());

    HttpResponse form = http().get("/sync/smart");
    BOOST_TEST(form.status == 405);
    BOOST_TEST(form.header("allow").find("POST") != std::string::npos);
    BOOST_TEST(form.is_html());
}

BOOST_AUTO_TEST_CASE(pages_refuse_post) {
    for (const char* target : {"/torrents", "/", "/api/stats"}) {
        BOOST_TEST_CONTEXT("POST " << target) {
            HttpResponse r = http().post(target, "");
            BOOST_TEST(r.status == 405);
            BOOST_TEST(r.header("allow").find("GET") != std::string::npos);
            BOOST_TEST(r.header("allow").find("POST") == std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(static_assets_are_cached_long) {
    struct Asset {
        const char* path;
        const char* type;
    };
    for (const Asset& asset : {Asset{"/static/css/redriva.css", "text/css"},
                               Asset{"/vendor/bootstrap/css/bootstrap.min.css", "text/css"}}) {
        BOOST_TEST_CONTEXT("GET " << asset.path) {
            HttpResponse r = http().get(asset.path);
            BOOST_TEST(r.status == 200);
            BOOST_TEST(r.content_type.rfind(asset.type, 0) == 0u);
            BOOST_TEST(!r.body.empty());
            BOOST_TEST(max_age(r) >= 7 * 86400);
            BOOST_TEST(r.has_header("expires"));
        }
    }
}

BOOST_AUTO_TEST_CASE(pages_reference_assets_that_exist) {
    const std::string body = http().get("/").body;
    std::vector<std::string> assets;
    for (const char* prefix :
         {"href=\"/static/", "src=\"/static/", "href=\"/vendor/", "src=\"/vendor/"})
        for (const auto& rest : quoted_after(body, prefix)) {
            const std::string text(prefix);
            assets.push_back(text.substr(text.find('/')) + rest);
        }
    BOOST_TEST(assets.size() >= 2u);
    for (const auto& path : assets) BOOST_TEST_CONTEXT("asset " << path) {
            BOOST_TEST(http().get(path).status == 200);
        }
}

BOOST_AUTO_TEST_CASE(security_headers) {
    const std::string id = truth().column("SELECT id FROM torrents LIMIT 1").at(0);
    for (const std::string& target : {std::string("/"), "/torrents/" + id, std::string("/nope"),
                                      std::string("/api/stats"), std::string("/api/nope")}) {
        BOOST_TEST_CONTEXT("GET " << target) {
            HttpResponse r = http().get(target);
            const std::string csp = r.header("content-security-policy");
            BOOST_TEST(!csp.empty());
            BOOST_TEST(csp.find("unsafe-inline") == std::string::npos);
            BOOST_TEST(csp.find("unsafe-eval") == std::string::npos);
            BOOST_TEST(csp.find("frame-ancestors 'none'") != std::string::npos);
            BOOST_TEST(r.header("x-content-type-options") == "nosniff");
            BOOST_TEST(!r.header("referrer-policy").empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(no_server_version_leaks) {
    HttpResponse r = http().get("/");
    BOOST_TEST(r.header("server").find('/') == std::string::npos);  // "nginx", not "nginx/1.x"
    BOOST_TEST(!r.has_header("x-powered-by"));
}

// DNS rebinding: a page served from some other name that resolves to
// 127.0.0.1 is same-origin for the browser; nginx must not answer it.
BOOST_AUTO_TEST_CASE(other_host_names_get_no_answer) {
    HttpOptions evil;
    evil.headers = {"Host: evil.example"};
    const HttpResponse refused = http().get("/api/stats", evil);
    BOOST_TEST(refused.status == 0);  // connection closed without a response (444)
    BOOST_TEST(refused.body.find("total_torrents") == std::string::npos);
    HttpOptions local;
    local.headers = {"Host: localhost"};
    BOOST_TEST(http().get("/api/health", local).status == 200);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
