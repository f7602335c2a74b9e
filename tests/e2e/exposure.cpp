// A Redriva reachable from the network: behind a reverse proxy each client has its
// own login limit (nginx's real_ip), and a pool set to listen beyond the loopback
// that loses its password answers nothing. Everything here listens on 127.0.0.1 or a
// Unix socket only: the pool is told it is exposed (REDRIVA_BIND) without being so.
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <string>

#include "fake_rd.h"
#include "fcgi_client.h"
#include "stack.h"

namespace redriva::e2e {
namespace {

const std::string kPassword = "correct horse battery staple";

int run_web(const std::string& data_dir, const std::string& args, const std::string& input = "") {
    const std::string command = "REDRIVA_DATA_DIR='" + data_dir +
                                "' " REDRIVA_BUILD_DIR "/redriva-web " + args + " >/dev/null 2>&1";
    FILE* pipe = ::popen(command.c_str(), "w");
    if (!pipe) return -1;
    std::fwrite(input.data(), 1, input.size(), pipe);
    const int status = ::pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

HttpOptions from_client(const std::string& address) {
    HttpOptions options;
    options.headers = {"X-Forwarded-For: " + address};
    return options;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(exposure)

BOOST_AUTO_TEST_CASE(behind_a_trusted_proxy_each_client_has_its_own_login_limit) {
    StackOptions options;
    options.torrents = 10;
    // The test is the proxy: nginx trusts what 127.0.0.1 says of its clients.
    options.env = {{"REDRIVA_TRUSTED_PROXIES", "127.0.0.1, 10.9.8.0/24"}};
    Stack stack(options);
    // One client guesses: after the burst, nginx throttles it...
    int throttled = 0;
    for (int i = 0; i < 10; ++i)
        throttled +=
            stack.http().post("/login", "password=guess", from_client("198.51.100.1")).status ==
            429;
    BOOST_TEST(throttled >= 3);
    // ...and only it: another client behind the same proxy still reaches the form.
    BOOST_TEST(stack.http().post("/login", "password=guess", from_client("198.51.100.2")).status !=
               429);
    // The pool sees the client too: one the proxy names is not the loopback.
    BOOST_TEST(stack.http().get("/metrics", from_client("203.0.113.5")).status == 403);
    BOOST_TEST(stack.http().get("/metrics").status == 200);
}

BOOST_AUTO_TEST_CASE(an_untrusted_forwarded_for_changes_nothing) {
    StackOptions options;
    options.torrents = 10;
    Stack stack(options);
    int throttled = 0;
    for (int i = 0; i < 10; ++i)
        throttled +=
            stack.http()
                .post("/login", "password=guess", from_client("198.51.100." + std::to_string(i)))
                .status == 429;
    // One bucket: the header is anybody's to write.
    BOOST_TEST(throttled >= 3);
    BOOST_TEST(stack.http().get("/metrics", from_client("203.0.113.5")).status == 200);
}

BOOST_AUTO_TEST_CASE(an_exposed_pool_that_loses_its_password_answers_nothing) {
    TempDir dir("redriva-e2e-exposed");
    BOOST_REQUIRE(run_web(dir.path(), "--set-password", kPassword + "\n") == 0);
    const std::string socket = dir.path() + "/web.sock";
    const pid_t pool =
        spawn_process({REDRIVA_BUILD_DIR "/redriva-web", "--socket", socket, "--workers", "2",
                       "--templates", REDRIVA_SOURCE_DIR "/templates"},
                      {{"REDRIVA_DATA_DIR", dir.path()}, {"REDRIVA_BIND", "192.0.2.10"}},
                      dir.path() + "/web.out", dir.path() + "/web.err");
    BOOST_REQUIRE(eventually(std::chrono::seconds(20), [&] {
        return ::access(socket.c_str(), F_OK) == 0 &&
               fcgi_get(socket, "/api/health", "192.0.2.99").status == 200;
    }));
    // With its password: the login guards the pages, as usual.
    BOOST_TEST(fcgi_get(socket, "/", "192.0.2.99").status == 303);
    BOOST_TEST(fcgi_get(socket, "/api/stats", "192.0.2.99").status == 401);

    // The password removed while it runs: every worker refuses everything.
    BOOST_REQUIRE(run_web(dir.path(), "--remove-password") == 0);
    for (int i = 0; i < 6; ++i) {
        HttpResponse page = fcgi_get(socket, "/", "192.0.2.99");
        BOOST_TEST(page.status == 503);
        BOOST_TEST(page.body.find("has no password") != std::string::npos);
        BOOST_TEST(fcgi_get(socket, "/api/torrents", "192.0.2.99").status == 503);
        BOOST_TEST(fcgi_get(socket, "/api/health", "127.0.0.1").status == 503);
    }
    // A password set again opens it again, without a restart.
    BOOST_REQUIRE(run_web(dir.path(), "--set-password", kPassword + "\n") == 0);
    BOOST_TEST(fcgi_get(socket, "/", "192.0.2.99").status == 303);
    BOOST_TEST(fcgi_get(socket, "/api/health", "192.0.2.99").status == 200);
    ::kill(pool, SIGTERM);
    BOOST_TEST(wait_process(pool, std::chrono::seconds(20)).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
