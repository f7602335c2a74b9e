// The route table's policies, line by line: what must hold for every route,
// today's and those added later.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <string_view>

#include "web/routes.h"

using namespace redriva::web;

namespace {

std::string name(const Route& route) {
    return std::string(route.method) + " " + route.pattern;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(route_table)

BOOST_AUTO_TEST_CASE(every_state_change_is_csrf_checked) {
    for (const Route& route : routes(true)) {
        BOOST_TEST_CONTEXT(name(route)) {
            const std::string_view method(route.method);
            // POST changes state, and DELETE (an API call forgetting something).
            const bool post = method == "POST" || method == "DELETE";
            BOOST_TEST(method != "PUT");
            if (method == "DELETE")
                BOOST_TEST(std::string_view(route.pattern).starts_with("/api/"));
            BOOST_TEST((post == (route.policy.csrf != Csrf::kNone)));
            // A form post from a page, a JSON call under /api/.
            if (post)
                BOOST_TEST((route.policy.csrf ==
                            (std::string_view(route.pattern).starts_with("/api/") ? Csrf::kApi
                                                                                  : Csrf::kForm)));
            if (route.policy.expired_form) BOOST_TEST((route.policy.csrf == Csrf::kForm));
        }
    }
}

// The routes that take a large body are the ones nginx lets through with one
// (nginx/nginx.conf.in: `location = PATH` with client_max_body_size 10m), and
// only POSTs of a form or the API.
BOOST_AUTO_TEST_CASE(uploads_are_the_routes_nginx_lets_large_bodies_through) {
    std::ifstream in(std::string(REDRIVA_SOURCE_DIR) + "/nginx/nginx.conf.in");
    const std::string conf{std::istreambuf_iterator<char>(in), {}};
    BOOST_REQUIRE(!conf.empty());
    std::set<std::string> nginx;
    for (std::size_t at = conf.find("location = "); at != std::string::npos;
         at = conf.find("location = ", at + 1)) {
        const std::size_t start = at + 11;
        const std::string path = conf.substr(start, conf.find(' ', start) - start);
        const std::string block = conf.substr(at, conf.find('}', at) - at);
        if (block.find("client_max_body_size 10m;") != std::string::npos) nginx.insert(path);
    }
    std::set<std::string> uploads;
    for (const Route& route : routes(true))
        if (route.policy.upload) {
            BOOST_TEST(std::string_view(route.method) == "POST", name(route));
            uploads.insert(route.pattern);
        }
    BOOST_TEST(!uploads.empty());
    BOOST_TEST(uploads == nginx, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(only_the_login_and_the_health_check_are_public) {
    const std::set<std::string> open = {"GET /login", "POST /login", "GET /api/health"};
    for (const Route& route : routes(true)) BOOST_TEST_CONTEXT(name(route)) {
            BOOST_TEST(((route.policy.access == Access::kPublic) == (open.count(name(route)) > 0)));
        }
}

BOOST_AUTO_TEST_CASE(every_cached_route_has_a_canonical_key) {
    for (const Route& route : routes(true)) BOOST_TEST_CONTEXT(name(route)) {
            const bool cached = route.policy.cache != Cache::kNone;
            BOOST_TEST((cached == (route.policy.key != nullptr)));
            // Only what reads the same for everyone and changes nothing.
            if (cached) BOOST_TEST(std::string_view(route.method) == "GET");
        }
}

BOOST_AUTO_TEST_CASE(api_routes_answer_json_and_pages_html) {
    for (const Route& route : routes(true)) BOOST_TEST_CONTEXT(name(route)) {
            const bool api = std::string_view(route.pattern).starts_with("/api/");
            // A scraper is a program too: its refusals are JSON.
            const bool program = api || route.policy.access == Access::kScraper;
            BOOST_TEST(((route.policy.errors == Errors::kJson) == program));
            // Pages are cached per language; JSON reads the same in every one.
            if (route.policy.cache != Cache::kNone) BOOST_TEST(route.policy.by_language == !api);
            BOOST_TEST(!(api && route.policy.forms));
        }
}

BOOST_AUTO_TEST_CASE(every_route_has_a_handler_and_one_line) {
    std::set<std::string> seen;
    for (const Route& route : routes(true)) BOOST_TEST_CONTEXT(name(route)) {
            BOOST_TEST(route.handler != nullptr);
            BOOST_TEST(seen.insert(name(route)).second);
        }
}

BOOST_AUTO_TEST_CASE(the_test_hooks_only_when_asked) {
    const auto all = routes(true);
    const auto normal = routes(false);
    BOOST_TEST(all.size() > normal.size());
    for (const Route& route : normal)
        BOOST_TEST(!std::string_view(route.pattern).starts_with("/api/_test/"));
    for (const Route& route : all.subspan(normal.size()))
        BOOST_TEST(std::string_view(route.pattern).starts_with("/api/_test/"));
}

BOOST_AUTO_TEST_SUITE_END()
