// The worker pool under 32 connections: two workers SIGKILLed, rolling restarts
// (SIGHUP), nginx reloads, a deploy. A killed worker fails at most the one request
// it was serving; a restart, a reload or a deploy fails none.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <set>
#include <thread>

#include "fake_rd.h"
#include "load.h"
#include "stack.h"
#include "table.h"

namespace redriva::torture {

namespace {

using namespace std::chrono;
using e2e::Stack;
using e2e::StackOptions;

constexpr int kConnections = 32;
constexpr int kWorkers = 4;

int load_seconds() {
    return quick() ? 8 : 30;
}

StackOptions pool_stack() {
    StackOptions o;
    o.torrents = 5000;
    o.env = {{"REDRIVA_WORKERS", std::to_string(kWorkers)}, {"REDRIVA_REQUEST_TIMEOUT", "30"}};
    return o;
}

std::vector<std::string> some_ids(Stack& stack) {
    return stack.truth().column("SELECT id FROM torrents ORDER BY rowid LIMIT 20");
}

std::set<pid_t> workers(const Stack& stack) {
    const auto pids = children_of(stack.master_pid());
    return {pids.begin(), pids.end()};
}

// Waits until the pool has kWorkers workers and none of `gone`; the time it took.
std::optional<milliseconds> recovered(const Stack& stack, const std::set<pid_t>& gone,
                                      steady_clock::time_point since) {
    const auto deadline = steady_clock::now() + seconds(10);
    while (steady_clock::now() < deadline) {
        const auto now = workers(stack);
        const bool fresh =
            std::none_of(gone.begin(), gone.end(), [&](pid_t p) { return now.count(p) > 0; });
        if (fresh && now.size() == static_cast<std::size_t>(kWorkers))
            return duration_cast<milliseconds>(steady_clock::now() - since);
        std::this_thread::sleep_for(milliseconds(2));
    }
    return std::nullopt;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pool_faults)

BOOST_AUTO_TEST_CASE(two_workers_sigkilled_under_load) {
    Stack stack(pool_stack());
    Load load(stack.url(""), reader_paths(some_ids(stack)), kConnections, load_seconds());
    std::this_thread::sleep_for(seconds(load_seconds() / 3));
    const auto before = workers(stack);
    BOOST_REQUIRE(before.size() == static_cast<std::size_t>(kWorkers));
    std::set<pid_t> killed;
    for (pid_t p : before) {
        if (killed.size() == 2) break;
        ::kill(p, SIGKILL);
        killed.insert(p);
    }
    const auto at = steady_clock::now();
    const auto back = recovered(stack, killed, at);
    const LoadResult result = load.wait();
    BOOST_TEST(back.has_value());
    // One request at a time per worker: at most one in flight in each killed one.
    BOOST_TEST(result.failed() <= 2, result.output);
    BOOST_TEST(result.status_4xx == 0);
    BOOST_TEST(stack.http().get("/api/health").status == 200);
    record({"SIGKILL 2 of 4 workers", result.describe(kConnections), "2 workers killed",
            std::to_string(result.failed()) + " (<= 2 in flight)",
            back ? "pool back to 4 workers in " + std::to_string(back->count()) + " ms"
                 : "pool NOT back within 10 s",
            back && result.failed() <= 2 && result.status_4xx == 0});
}

BOOST_AUTO_TEST_CASE(rolling_restarts_under_load) {
    Stack stack(pool_stack());
    Load load(stack.url(""), reader_paths(some_ids(stack)), kConnections, load_seconds());
    std::set<pid_t> original;
    int restarts = 0;
    bool replaced = true;
    for (int round = 1; round <= 2; ++round) {
        std::this_thread::sleep_for(seconds(load_seconds() / 3));
        const auto before = workers(stack);
        if (round == 1) original = before;
        ::kill(stack.master_pid(), SIGHUP);
        ++restarts;
        replaced = recovered(stack, before, steady_clock::now()).has_value() && replaced;
    }
    const LoadResult result = load.wait();
    BOOST_TEST(replaced);
    BOOST_TEST(result.failed() == 0, result.output);
    record({"SIGHUP (rolling restart) x2", result.describe(kConnections),
            std::to_string(restarts) + " rolling restarts", std::to_string(result.failed()),
            replaced ? "every worker replaced, each time" : "workers NOT all replaced",
            replaced && result.failed() == 0});
}

BOOST_AUTO_TEST_CASE(nginx_reloads_under_load) {
    // A reload every half second through the whole load: an old nginx worker
    // finishing its requests must not exit with one still in flight (nginx then
    // logs "open socket #N left in connection" and the client gets no answer).
    // Every socket error here is a request a browser would see fail: each wrk
    // request is on a new connection, so there is no idle keep-alive connection
    // for a reload to close.
    Stack stack(pool_stack());
    const std::string nginx_dir = stack.data_dir() + "/run/nginx";
    const int nginx = std::stoi(e2e::read_text_file(nginx_dir + "/nginx.pid"));
    Load load(stack.url(""), reader_paths(some_ids(stack)), kConnections, load_seconds());
    int reloads = 0;
    const auto until = steady_clock::now() + seconds(load_seconds()) - milliseconds(1500);
    std::this_thread::sleep_for(milliseconds(500));
    while (steady_clock::now() < until) {
        ::kill(nginx, SIGHUP);  // what `nginx -s reload` sends
        ++reloads;
        std::this_thread::sleep_for(milliseconds(500));
    }
    const LoadResult result = load.wait();
    const bool alive = stack.http().get("/api/health").status == 200;
    const std::string errors = e2e::read_text_file(nginx_dir + "/error.log");
    std::size_t cut = 0;
    for (auto at = errors.find("left in connection"); at != std::string::npos;
         at = errors.find("left in connection", at + 1))
        ++cut;
    BOOST_TEST(alive);
    BOOST_TEST(result.failed() == 0, result.output);
    BOOST_TEST(cut == 0u, errors);
    record({"nginx -s reload x" + std::to_string(reloads) + " (every 0.5 s)",
            result.describe(kConnections), std::to_string(reloads) + " reloads",
            std::to_string(result.failed()),
            std::string(alive ? "answers after the reloads" : "DOWN") + ", " + std::to_string(cut) +
                " sockets left open by exiting workers",
            alive && result.failed() == 0 && cut == 0});
}

BOOST_AUTO_TEST_CASE(a_deploy_under_load) {
    // scripts/deploy: a new pool beside the old one, nginx pointed at it, the old
    // one drained. (The build is the one under test: REDRIVA_NO_BUILD.)
    Stack stack(pool_stack());
    const int old_master = stack.master_pid();
    Load load(stack.url(""), reader_paths(some_ids(stack)), kConnections, load_seconds());
    std::this_thread::sleep_for(seconds(load_seconds() / 3));
    const int code = stack.run_script("deploy", stack.data_dir() + "/deploy.log");
    const LoadResult result = load.wait();
    const bool swapped = code == 0 && stack.master_pid() != old_master &&
                         workers(stack).size() == static_cast<std::size_t>(kWorkers);
    BOOST_TEST(swapped, e2e::read_text_file(stack.data_dir() + "/deploy.log"));
    BOOST_TEST(result.failed() == 0, result.output);
    // The stack's own scripts still find it.
    BOOST_TEST(stack.http().get("/api/health").status == 200);
    record({"scripts/deploy (new pool, nginx reload, old pool drained)",
            result.describe(kConnections), "1 deploy", std::to_string(result.failed()),
            swapped ? "new master " + std::to_string(stack.master_pid()) + " with 4 workers"
                    : "NOT swapped",
            swapped && result.failed() == 0});
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::torture
