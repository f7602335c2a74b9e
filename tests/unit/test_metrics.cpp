#include <boost/test/unit_test.hpp>

#include <rapidjson/document.h>

#include <memory>
#include <set>
#include <string>

#include "server/metrics.h"
#include "web/json_views.h"

using namespace redriva::server;
using redriva::web::metrics_json;

namespace {

LocalMetrics local(int slots) {
    return create_local_metrics(slots);
}

void fill_slot(WorkerSlot& s, int pid, std::uint64_t requests, std::uint64_t errors,
               std::uint64_t total_us, std::uint64_t syncs) {
    s.pid = pid;
    s.requests = requests;
    s.errors = errors;
    s.total_us = total_us;
    s.syncs = syncs;
    s.generation_requests = requests / 2;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(metrics)

BOOST_AUTO_TEST_CASE(a_new_block_is_zero) {
    auto m = local(4);
    BOOST_TEST(m->slot_count == 4);
    BOOST_TEST(m->started_unix > 1'700'000'000);
    const MetricsSnapshot s = summarize(*m);
    BOOST_TEST(s.request_count == 0u);
    BOOST_TEST(s.error_count == 0u);
    BOOST_TEST(s.sync_count == 0u);
    BOOST_TEST(s.avg_response_ms == 0.0);
    BOOST_TEST(s.requests_per_second == 0.0);
    BOOST_TEST(s.uptime_seconds >= 0.0);
    BOOST_TEST(running_workers(*m) == 0);
}

BOOST_AUTO_TEST_CASE(summarize_sums_every_slot) {
    auto m = local(4);
    fill_slot(m->slots[0], 101, 100, 2, 500'000, 1);  // 100 requests in 500 ms
    fill_slot(m->slots[1], 102, 300, 1, 900'000, 2);
    fill_slot(m->slots[3], 0, 50, 0, 100'000, 0);  // its worker died: counters survive
    // Outside slot_count: never counted.
    fill_slot(m->slots[4], 999, 1'000'000, 1000, 1, 1000);
    m->respawns = 3;
    m->recycled = 2;
    m->timeouts = 1;
    m->started_ms -= 10'000;  // up for 10 s

    const MetricsSnapshot s = summarize(*m);
    BOOST_TEST(s.request_count == 450u);
    BOOST_TEST(s.error_count == 3u);
    BOOST_TEST(s.sync_count == 3u);
    // 1.5 s over 450 requests.
    BOOST_TEST(s.avg_response_ms == 1'500.0 / 450.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(s.uptime_seconds >= 10.0);
    BOOST_TEST(s.uptime_seconds < 20.0);
    BOOST_TEST(s.requests_per_second == 450.0 / s.uptime_seconds,
               boost::test_tools::tolerance(1e-9));
    BOOST_TEST(s.requests_per_second <= 45.0);
    BOOST_TEST(s.respawns == 3u);
    BOOST_TEST(s.recycled == 2u);
    BOOST_TEST(s.timeouts == 1u);
    BOOST_TEST(running_workers(*m) == 2);  // slot 4 is beyond slot_count
}

BOOST_AUTO_TEST_CASE(shared_metrics_start_like_local_ones) {
    PoolMetrics* m = create_shared_metrics(8);  // never unmapped, by design
    BOOST_TEST(m->slot_count == 8);
    BOOST_TEST(summarize(*m).request_count == 0u);
    m->slots[7].requests = 5;
    BOOST_TEST(summarize(*m).request_count == 5u);
}

BOOST_AUTO_TEST_CASE(metrics_json_lists_used_slots_and_matches_the_sums) {
    auto m = local(6);
    fill_slot(m->slots[0], 201, 10, 1, 20'000, 1);
    fill_slot(m->slots[2], 202, 30, 0, 30'000, 0);
    m->slots[2].busy_since_ms = 12345;
    fill_slot(m->slots[5], 0, 7, 0, 7'000, 0);  // dead worker, history kept
    // slots 1, 3, 4: spare (no pid, no requests)
    fill_slot(m->slots[6], 999, 99, 9, 9, 9);  // beyond slot_count
    m->started_ms -= 1'000;

    const std::string json = metrics_json(*m);
    rapidjson::Document doc;
    doc.Parse(json.c_str(), json.size());
    BOOST_REQUIRE(!doc.HasParseError());
    BOOST_REQUIRE(doc.IsObject());
    for (const char* key : {"uptime_seconds", "avg_response_time", "requests_per_second"}) {
        BOOST_TEST_CONTEXT(key) {
            BOOST_REQUIRE(doc.HasMember(key));
            BOOST_TEST(doc[key].IsNumber());
        }
    }
    for (const char* key :
         {"request_count", "error_count", "sync_count", "respawns", "recycled", "timeouts"}) {
        BOOST_TEST_CONTEXT(key) {
            BOOST_REQUIRE(doc.HasMember(key));
            BOOST_TEST(doc[key].IsUint64());
        }
    }
    BOOST_TEST(doc["request_count"].GetUint64() == 47u);
    BOOST_TEST(doc["error_count"].GetUint64() == 1u);
    BOOST_TEST(doc["sync_count"].GetUint64() == 1u);
    BOOST_TEST(doc["avg_response_time"].GetDouble() == 57.0 / 47.0,
               boost::test_tools::tolerance(1e-9));
    BOOST_TEST(std::string(doc["avg_response_time_unit"].GetString()) == "ms");
    BOOST_TEST(doc["uptime_seconds"].GetDouble() >= 1.0);

    BOOST_REQUIRE(doc["workers"].IsArray());
    const auto& workers = doc["workers"].GetArray();
    std::set<int> slots;
    std::uint64_t requests = 0, errors = 0;
    int live = 0;
    for (const auto& w : workers) {
        BOOST_REQUIRE(w.IsObject());
        for (const char* key : {"slot", "pid", "requests", "process_requests", "errors", "busy"})
            BOOST_TEST(w.HasMember(key));
        slots.insert(w["slot"].GetInt());
        requests += w["requests"].GetUint64();
        errors += w["errors"].GetUint64();
        if (w["pid"].GetInt() != 0) ++live;
        if (w["slot"].GetInt() == 2) {
            BOOST_TEST(w["busy"].GetBool());
            BOOST_TEST(w["pid"].GetInt() == 202);
            BOOST_TEST(w["process_requests"].GetUint64() == 15u);
        } else {
            BOOST_TEST(!w["busy"].GetBool());
        }
    }
    // Spare slots and slots beyond the pool are left out; the totals are the sums.
    BOOST_TEST((slots == std::set<int>{0, 2, 5}));
    BOOST_TEST(requests == doc["request_count"].GetUint64());
    BOOST_TEST(errors == doc["error_count"].GetUint64());
    BOOST_TEST(live == running_workers(*m));
    BOOST_TEST(live == 2);
}

BOOST_AUTO_TEST_SUITE_END()
