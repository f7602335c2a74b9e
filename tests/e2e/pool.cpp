// The worker pool seen from outside: pool-wide metrics, load spread over the
// workers, a killed worker replaced, the watchdog, a handler's exception, SIGHUP's
// rolling restart and SIGTERM's drain.
#include <signal.h>
#include <sys/types.h>

#include <algorithm>
#include <atomic>
#include <boost/test/results_collector.hpp>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "stack.h"

namespace redriva::e2e {

namespace {

using namespace std::chrono_literals;

struct WorkerInfo {
    int slot = 0;
    int pid = 0;
    std::uint64_t requests = 0;
};

struct Metrics {
    std::uint64_t request_count = 0, error_count = 0, respawns = 0, timeouts = 0;
    std::vector<WorkerInfo> workers;

    std::set<int> live_pids() const {
        std::set<int> pids;
        for (const auto& w : workers)
            if (w.pid != 0) pids.insert(w.pid);
        return pids;
    }
    std::map<int, WorkerInfo> by_slot() const {
        std::map<int, WorkerInfo> out;
        for (const auto& w : workers) out[w.slot] = w;
        return out;
    }
};

Metrics metrics(const HttpClient& client = http()) {
    HttpResponse r = client.get("/api/metrics");
    BOOST_REQUIRE_MESSAGE(r.status == 200, "/api/metrics -> " << r.status << " " << r.error);
    auto doc = parse_json(r.body);
    Metrics m;
    m.request_count = doc["request_count"].GetUint64();
    m.error_count = doc["error_count"].GetUint64();
    m.respawns = doc["respawns"].GetUint64();
    m.timeouts = doc["timeouts"].GetUint64();
    for (const auto& w : doc["workers"].GetArray())
        m.workers.push_back(
            WorkerInfo{w["slot"].GetInt(), w["pid"].GetInt(), w["requests"].GetUint64()});
    return m;
}

// Whether a process is gone (or a zombie nobody reaped yet).
bool process_gone(int pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    if (!std::getline(stat, text)) return true;
    auto paren = text.rfind(')');
    return paren != std::string::npos && paren + 2 < text.size() && text[paren + 2] == 'Z';
}

// Counts of a burst of requests made by several threads.
struct Burst {
    std::atomic<int> ok{0}, failed{0};
    std::mutex mutex;
    std::vector<std::string> failures;  // the first few, for the report

    void record(const std::string& target, const HttpResponse& r) {
        if (r.status == 200) {
            ++ok;
            return;
        }
        ++failed;
        std::lock_guard<std::mutex> lock(mutex);
        if (failures.size() < 10)
            failures.push_back(target + " -> " + std::to_string(r.status) + " " + r.error);
    }
};

std::string varied_target(int i) {
    switch (i % 4) {
        case 0: return "/api/torrents?page=" + std::to_string(1 + i % 60);
        case 1: return "/api/_test/sleep?ms=5";
        case 2: return "/torrents?page=" + std::to_string(1 + i % 60);
        default: return "/api/health";
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pool)

BOOST_AUTO_TEST_CASE(request_count_covers_every_request) {
    const Metrics before = metrics();
    constexpr int kRequests = 30;
    for (int i = 0; i < kRequests; ++i) BOOST_TEST(http().get(varied_target(i)).status == 200);
    // The snapshot's own request and the 30 are counted once each has been answered.
    std::uint64_t grown = 0;
    BOOST_TEST(eventually(2s, [&] {
        grown = metrics().request_count - before.request_count;
        return grown >= kRequests + 1;
    }));
    BOOST_TEST(grown >= static_cast<std::uint64_t>(kRequests + 1));
    BOOST_TEST(grown <= static_cast<std::uint64_t>(kRequests + 10));  // pool-wide, not doubled
}

BOOST_AUTO_TEST_CASE(concurrent_requests_reach_both_workers) {
    const Metrics before = metrics();
    BOOST_REQUIRE(before.live_pids().size() == 2u);
    Burst burst;
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&burst, t] {
            for (int i = 0; i < 25; ++i) {
                const std::string target = varied_target(t * 25 + i);
                burst.record(target, http().get(target));
            }
        });
    }
    for (auto& t : threads) t.join();
    BOOST_TEST(burst.ok.load() == 200);
    BOOST_TEST(burst.failures.empty());
    for (const auto& f : burst.failures) BOOST_TEST_MESSAGE(f);

    const Metrics after = metrics();
    BOOST_TEST(after.request_count - before.request_count >= 200u);
    auto old_slots = before.by_slot();
    int busy_workers = 0;
    for (const auto& w : after.workers) {
        if (w.pid == 0) continue;
        const std::uint64_t previous = old_slots.count(w.slot) ? old_slots[w.slot].requests : 0;
        BOOST_TEST_CONTEXT("slot " << w.slot << " pid " << w.pid) {
            BOOST_TEST(w.requests > previous);
        }
        busy_workers += w.requests > previous;
    }
    BOOST_TEST(busy_workers == 2);
}

BOOST_AUTO_TEST_CASE(an_exception_is_a_clean_500) {
    const Metrics before = metrics();
    HttpResponse r = http().get("/api/_test/crash");
    BOOST_TEST(r.status == 500);
    BOOST_TEST(r.is_json());
    auto doc = parse_json(r.body);
    BOOST_TEST(member_names(doc) == std::vector<std::string>{"error"});
    const std::string message = json_string(doc["error"]);
    BOOST_TEST(!message.empty());
    for (const char* leak :
         {"crash requested", "runtime_error", "exception", "what()", ".cpp", "/work/", "std::"})
        BOOST_TEST(r.body.find(leak) == std::string::npos, "leaks " << leak);

    Burst burst;
    for (int i = 0; i < 20; ++i) burst.record("/api/health", http().get("/api/health"));
    BOOST_TEST(burst.ok.load() == 20);
    const Metrics after = metrics();
    BOOST_TEST(after.live_pids() == before.live_pids());  // the worker kept serving
    BOOST_TEST(after.respawns == before.respawns);
    BOOST_TEST(after.error_count >= before.error_count + 1);
}

BOOST_AUTO_TEST_CASE(the_watchdog_ends_a_stuck_request) {
    const Metrics before = metrics();
    HttpResponse stuck;
    std::thread slow([&stuck] {
        HttpOptions options;
        options.timeout_ms = 12'000;
        stuck = http().get("/api/_test/sleep?ms=10000", options);
    });
    // The other worker serves meanwhile.
    std::this_thread::sleep_for(300ms);
    int served = 0;
    for (int i = 0; i < 10; ++i) served += http().get("/api/health").status == 200;
    slow.join();
    BOOST_TEST(served == 10);
    BOOST_TEST(stuck.status != 200);
    BOOST_TEST((stuck.status == 0 || stuck.status == 502 || stuck.status == 504),
               "status " << stuck.status << " " << stuck.error);
    BOOST_TEST(stuck.seconds < 6.0);  // the limit is 3 s
    BOOST_TEST(stuck.seconds > 2.5);
    BOOST_TEST(stuck.body.find("slept_ms") == std::string::npos);

    BOOST_TEST(eventually(3s, [&] {
        Metrics now = metrics();
        return now.timeouts == before.timeouts + 1 && now.live_pids().size() == 2u;
    }));
    const Metrics after = metrics();
    BOOST_TEST(after.timeouts == before.timeouts + 1);
    BOOST_TEST(after.live_pids().size() == 2u);
    for (int i = 0; i < 10; ++i) BOOST_TEST(http().get(varied_target(i)).status == 200);
}

BOOST_AUTO_TEST_CASE(a_killed_worker_is_replaced) {
    const Metrics before = metrics();
    BOOST_REQUIRE(before.live_pids().size() == 2u);
    WorkerInfo victim;
    for (const auto& w : before.workers)
        if (w.pid != 0) victim = w;
    BOOST_REQUIRE(victim.pid > 0);
    BOOST_REQUIRE(kill(victim.pid, SIGKILL) == 0);

    int replacement = 0;
    BOOST_TEST(eventually(3s, [&] {
        Metrics now = metrics();
        auto slots = now.by_slot();
        if (!slots.count(victim.slot)) return false;
        replacement = slots[victim.slot].pid;
        return replacement != 0 && replacement != victim.pid;
    }));
    BOOST_TEST(replacement != 0);
    BOOST_TEST(replacement != victim.pid);
    const Metrics after = metrics();
    BOOST_TEST(after.respawns == before.respawns + 1);
    BOOST_TEST(after.live_pids().size() == 2u);
    for (int i = 0; i < 20; ++i) BOOST_TEST(http().get(varied_target(i)).status == 200);
}

BOOST_AUTO_TEST_CASE(sighup_replaces_every_worker_without_dropping_a_request) {
    const Metrics before = metrics();
    const std::set<int> old_pids = before.live_pids();
    BOOST_REQUIRE(old_pids.size() == 2u);
    const int master = stack().master_pid();
    BOOST_REQUIRE(master > 0);
    BOOST_REQUIRE(old_pids.count(master) == 0);

    Burst burst;
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; !stop; ++i) {
                const std::string target = varied_target(t * 1000 + i);
                burst.record(target, http().get(target));
            }
        });
    }
    std::this_thread::sleep_for(500ms);
    BOOST_REQUIRE(kill(master, SIGHUP) == 0);
    std::this_thread::sleep_for(2500ms);
    stop = true;
    for (auto& t : threads) t.join();
    BOOST_TEST(burst.failed.load() == 0);
    for (const auto& f : burst.failures) BOOST_TEST_MESSAGE("failed: " << f);
    BOOST_TEST(burst.ok.load() > 100);

    std::set<int> new_pids;
    BOOST_TEST(eventually(5s, [&] {
        new_pids = metrics().live_pids();
        std::vector<int> common;
        std::set_intersection(new_pids.begin(), new_pids.end(), old_pids.begin(), old_pids.end(),
                              std::back_inserter(common));
        return new_pids.size() == 2u && common.empty();
    }));
    BOOST_TEST(new_pids.size() == 2u);
    for (int pid : old_pids) BOOST_TEST(process_gone(pid), "old worker " << pid << " still runs");
    BOOST_TEST(stack().master_pid() == master);
    const Metrics after = metrics();
    BOOST_TEST(after.respawns == before.respawns);  // a rolling restart is not a crash
    BOOST_TEST(after.request_count >= before.request_count);
}

BOOST_AUTO_TEST_SUITE_END()

// Last: SIGTERM stops the pool, so it gets a stack of its own.
BOOST_AUTO_TEST_SUITE(pool_shutdown)

BOOST_AUTO_TEST_CASE(sigterm_lets_a_request_in_flight_finish) {
    StackOptions options;
    options.torrents = 200;
    Stack own(options);
    const int master = own.master_pid();
    BOOST_REQUIRE(master > 0);
    const std::set<int> workers = metrics(own.http()).live_pids();
    BOOST_REQUIRE(workers.size() == 2u);

    HttpResponse in_flight;
    std::thread request([&] { in_flight = own.http().get("/api/_test/sleep?ms=1500"); });
    std::this_thread::sleep_for(200ms);
    BOOST_REQUIRE(kill(master, SIGTERM) == 0);
    request.join();
    BOOST_TEST(in_flight.status == 200, "status " << in_flight.status << " " << in_flight.error);
    BOOST_TEST(in_flight.body == "{\"slept_ms\":1500}");

    // Then the pool is gone, workers and master, well within the drain limit.
    BOOST_TEST(eventually(6s, [&] {
        if (!process_gone(master)) return false;
        for (int pid : workers)
            if (!process_gone(pid)) return false;
        return true;
    }));
    HttpResponse after = own.http().get("/api/health");
    BOOST_TEST(after.status != 200);  // nginx stays, nothing behind it
    // Keep the dir for a post-mortem when something above failed.
    const auto id = boost::unit_test::framework::current_test_case().p_id;
    if (boost::unit_test::results_collector.results(id).p_assertions_failed > 0) own.keep_dir();
    own.stop();
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
