#include <httplib.h>
#include <rapidjson/document.h>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "fakerd/fake_library.h"
#include "fakerd/fake_rd_server.h"
#include "fakerd/rate_window.h"

using namespace redriva;
using namespace redriva::fakerd;

namespace {

constexpr std::int64_t kNow = 1753785000;

// A fake-rd on a free port, and a client with the right token.
struct ServerFixture {
    explicit ServerFixture(FakeRdOptions options) : server(std::move(options)) {
        port = server.start(0);
    }
    ~ServerFixture() { server.stop(); }

    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port);
        c.set_read_timeout(5, 0);
        return c;
    }
    httplib::Result get(const std::string& path, const std::string& token = "demo-token") {
        return client().Get(path.c_str(), {{"Authorization", "Bearer " + token}});
    }
    httplib::Result post(const std::string& path, const httplib::Params& params = {}) {
        return client().Post(path.c_str(), {{"Authorization", "Bearer demo-token"}}, params);
    }

    FakeRdServer server;
    int port = 0;
};

FakeRdOptions small_library(std::size_t n) {
    FakeRdOptions o;
    o.library_size = n;
    o.seed = 7;
    o.now_unix = kNow;
    o.rate_limit = 0;
    return o;
}

rapidjson::Document parse(const std::string& body) {
    rapidjson::Document d;
    d.Parse(body.c_str(), body.size());
    BOOST_REQUIRE_MESSAGE(!d.HasParseError(), "unparseable JSON: " << body.substr(0, 200));
    return d;
}

void check_error(const httplib::Result& r, int status, const char* error, int code) {
    BOOST_REQUIRE(r);
    BOOST_TEST(r->status == status);
    auto d = parse(r->body);
    BOOST_REQUIRE(d.IsObject());
    BOOST_TEST(std::string(d["error"].GetString()) == error);
    BOOST_TEST(d["error_code"].GetInt() == code);
}

std::vector<std::string> ids_of(const rapidjson::Document& array) {
    std::vector<std::string> ids;
    for (const auto& item : array.GetArray()) ids.emplace_back(item["id"].GetString());
    return ids;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fakerd_rate_window)

BOOST_AUTO_TEST_CASE(starts_at_full_speed) {
    std::int64_t now = 1'000'000;
    RateWindow window(5, 60'000, [&] { return now; });
    for (int i = 0; i < 5; ++i) BOOST_TEST(window.admit());
    BOOST_TEST(!window.admit());
}

BOOST_AUTO_TEST_CASE(refused_requests_count) {
    std::int64_t now = 0;
    RateWindow window(3, 60'000, [&] { return now; });
    for (int i = 0; i < 3; ++i) BOOST_TEST(window.admit());
    now = 30'000;
    BOOST_TEST(!window.admit());  // refused, but it stays in the window until 90 s
    now = 60'000;                 // the three at t=0 leave: (0, 60 s]
    BOOST_TEST(window.admit());
    BOOST_TEST(window.admit());
    BOOST_TEST(!window.admit());  // the refused one at 30 s still counts
    now = 90'000;                 // the one refused at 30 s has gone; the three at 60 s remain
    BOOST_TEST(window.in_window() == 3u);
    BOOST_TEST(!window.admit());
    BOOST_TEST(window.max_in_window() == 4u);
}

BOOST_AUTO_TEST_CASE(never_more_than_limit_in_any_window) {
    constexpr std::size_t kLimit = 20;
    constexpr std::int64_t kWindow = 60'000;
    std::int64_t now = 0;
    RateWindow window(kLimit, kWindow, [&] { return now; });
    std::mt19937_64 rng(42);
    std::vector<std::int64_t> allowed;
    for (int i = 0; i < 5000; ++i) {
        // Bursts (a client that keeps knocking stays locked out) and quiet spells.
        now += static_cast<std::int64_t>(rng() % 5 == 0 ? rng() % 100 : rng() % 7000);
        if (window.admit()) allowed.push_back(now);
    }
    BOOST_TEST(allowed.size() > 5 * kLimit);
    BOOST_TEST(allowed.size() < 5000u);  // and some were refused
    // Every window (t - 60 s, t] ending at an allowed request holds at most kLimit.
    std::size_t worst = 0;
    for (std::size_t end = 0, begin = 0; end < allowed.size(); ++end) {
        while (allowed[begin] <= allowed[end] - kWindow) ++begin;
        worst = std::max(worst, end - begin + 1);
    }
    BOOST_TEST(worst <= kLimit);
}

BOOST_AUTO_TEST_CASE(zero_means_no_limit) {
    RateWindow window(0, 60'000, [] { return std::int64_t{5}; });
    for (int i = 0; i < 1000; ++i) BOOST_TEST_REQUIRE(window.admit());
    BOOST_TEST(window.max_in_window() == 1000u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(fakerd_library)

BOOST_AUTO_TEST_CASE(same_seed_same_library_newest_first) {
    FakeLibrary a(7, kNow, 300), b(7, kNow, 300);
    auto pa = a.list(0, 5000, false), pb = b.list(0, 5000, false);
    BOOST_TEST(pa.total == 300u);
    BOOST_REQUIRE(pa.items.size() == pb.items.size());
    for (std::size_t i = 0; i < pa.items.size(); ++i) {
        BOOST_TEST(pa.items[i].id == pb.items[i].id);
        if (i > 0) BOOST_TEST(pa.items[i - 1].added >= pa.items[i].added);
    }
}

BOOST_AUTO_TEST_CASE(change_keeps_state_fields_consistent) {
    FakeLibrary lib(7, kNow, 50);
    std::string id = lib.list(0, 1, false).items.at(0).id;
    BOOST_REQUIRE(lib.change(id, {std::string("downloading"), 12.5, std::nullopt}));
    auto t = lib.info(id);
    BOOST_TEST(t->entry.progress == 12.5);
    BOOST_TEST(t->entry.speed.has_value());
    BOOST_TEST(t->entry.seeders.has_value());
    BOOST_TEST(!t->entry.ended.has_value());
    BOOST_REQUIRE(lib.change(id, {std::string("downloaded"), std::nullopt, std::nullopt}));
    t = lib.info(id);
    BOOST_TEST(t->entry.ended.has_value());
    BOOST_TEST(!t->entry.speed.has_value());
    BOOST_TEST(!lib.change(id, {std::string("no_such_status"), std::nullopt, std::nullopt}));
    BOOST_TEST(!lib.change("NOPE", {}));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(fakerd_server)

BOOST_AUTO_TEST_CASE(token_is_required) {
    ServerFixture f(small_library(10));
    check_error(f.client().Get("/rest/1.0/user"), 401, "bad_token", 8);
    check_error(f.get("/rest/1.0/torrents", "wrong"), 401, "bad_token", 8);
    auto ok = f.get("/rest/1.0/user");
    BOOST_REQUIRE(ok);
    BOOST_TEST(ok->status == 200);
    BOOST_TEST(std::string(parse(ok->body)["type"].GetString()) == "premium");
}

BOOST_AUTO_TEST_CASE(list_pages_total_and_204_past_the_end) {
    ServerFixture f(small_library(25));
    std::vector<std::string> all;
    for (int page = 1; page <= 3; ++page) {
        auto r = f.get("/rest/1.0/torrents?limit=10&page=" + std::to_string(page));
        BOOST_REQUIRE(r);
        BOOST_TEST(r->status == 200);
        BOOST_TEST(r->get_header_value("X-Total-Count") == "25");
        auto ids = ids_of(parse(r->body));
        BOOST_TEST(ids.size() == (page < 3 ? 10u : 5u));
        all.insert(all.end(), ids.begin(), ids.end());
    }
    BOOST_TEST(std::set<std::string>(all.begin(), all.end()).size() == 25u);

    auto past = f.get("/rest/1.0/torrents?limit=10&page=4");
    BOOST_REQUIRE(past);
    BOOST_TEST(past->status == 204);
    BOOST_TEST(past->body.empty());
    BOOST_TEST(past->get_header_value("X-Total-Count") == "25");

    auto by_offset = f.get("/rest/1.0/torrents?offset=20&limit=100");
    BOOST_REQUIRE(by_offset);
    auto tail = ids_of(parse(by_offset->body));
    BOOST_TEST(tail == std::vector<std::string>(all.begin() + 20, all.end()));

    auto bad = f.get("/rest/1.0/torrents?limit=abc");
    check_error(bad, 400, "wrong_parameter", 2);
}

BOOST_AUTO_TEST_CASE(empty_library_is_204) {
    ServerFixture f(small_library(0));
    auto r = f.get("/rest/1.0/torrents");
    BOOST_REQUIRE(r);
    BOOST_TEST(r->status == 204);
    BOOST_TEST(r->body.empty());
    BOOST_TEST(r->get_header_value("X-Total-Count") == "0");
}

BOOST_AUTO_TEST_CASE(etag_gives_304) {
    ServerFixture f(small_library(5));
    auto r = f.get("/rest/1.0/torrents");
    BOOST_REQUIRE(r);
    std::string etag = r->get_header_value("ETag");
    BOOST_TEST(!etag.empty());
    auto again = f.client().Get("/rest/1.0/torrents",
                                {{"Authorization", "Bearer demo-token"}, {"If-None-Match", etag}});
    BOOST_REQUIRE(again);
    BOOST_TEST(again->status == 304);
    BOOST_TEST(again->body.empty());
}

BOOST_AUTO_TEST_CASE(fields_follow_the_state) {
    ServerFixture f(small_library(200));
    auto r = f.get("/rest/1.0/torrents?limit=5000");
    BOOST_REQUIRE(r);
    auto list = parse(r->body);
    const std::set<std::string> required = {"id",    "filename", "hash",   "bytes", "host",
                                            "split", "progress", "status", "added", "links"};
    std::set<std::string> statuses;
    int infos = 0;
    for (const auto& item : list.GetArray()) {
        std::string status = item["status"].GetString();
        statuses.insert(status);
        for (const auto& m : item.GetObject()) {
            std::string key = m.name.GetString();
            BOOST_TEST_CONTEXT(status << " has " << key) {
                BOOST_TEST(
                    (required.count(key) || key == "ended" || key == "speed" || key == "seeders"));
            }
        }
        for (const auto& key : required) BOOST_TEST(item.HasMember(key.c_str()));
        bool moving = status == "downloading" || status == "compressing" || status == "uploading";
        BOOST_TEST(item.HasMember("ended") == (status == "downloaded"));
        BOOST_TEST(item.HasMember("speed") == moving);
        if (item.HasMember("seeders"))
            BOOST_TEST((status == "downloading" || status == "magnet_conversion"));
        BOOST_TEST(std::string(item["id"].GetString()).size() == 13u);
        BOOST_TEST(std::string(item["hash"].GetString()).size() == 40u);

        if (infos++ % 10 != 0) continue;  // info for a sample
        auto ir = f.get(std::string("/rest/1.0/torrents/info/") + item["id"].GetString());
        BOOST_REQUIRE(ir);
        BOOST_TEST(ir->status == 200);
        auto info = parse(ir->body);
        BOOST_TEST(std::string(info["id"].GetString()) == item["id"].GetString());
        BOOST_TEST(info.HasMember("original_filename"));
        BOOST_TEST(info["original_bytes"].IsInt64());
        BOOST_TEST(info.HasMember("ended") == item.HasMember("ended"));
        std::int64_t selected_bytes = 0;
        std::size_t selected = 0;
        for (const auto& file : info["files"].GetArray()) {
            BOOST_TEST(file["id"].IsInt());
            BOOST_TEST(std::string(file["path"].GetString()).front() == '/');
            int sel = file["selected"].GetInt();
            BOOST_TEST((sel == 0 || sel == 1));
            if (sel) selected_bytes += file["bytes"].GetInt64(), ++selected;
        }
        BOOST_TEST(info["bytes"].GetInt64() == selected_bytes);
        if (status == "downloaded") BOOST_TEST(info["links"].Size() <= selected);
    }
    BOOST_TEST(statuses.count("downloaded"));
    BOOST_TEST(statuses.size() >= 4u);
}

BOOST_AUTO_TEST_CASE(unknown_torrent_is_404) {
    ServerFixture f(small_library(3));
    check_error(f.get("/rest/1.0/torrents/info/NOSUCHTORRENT"), 404, "unknown_ressource", 7);
    auto del = f.client().Delete("/rest/1.0/torrents/delete/NOSUCHTORRENT",
                                 {{"Authorization", "Bearer demo-token"}});
    check_error(del, 404, "unknown_ressource", 7);
}

BOOST_AUTO_TEST_CASE(rate_limit_gives_429_and_counts_refusals) {
    FakeRdOptions o = small_library(3);
    o.rate_limit = 4;
    ServerFixture f(o);
    for (int i = 0; i < 4; ++i) {
        auto r = f.get("/rest/1.0/user");
        BOOST_REQUIRE(r);
        BOOST_TEST(r->status == 200);
    }
    check_error(f.get("/rest/1.0/user"), 429, "too_many_requests", 34);
    check_error(f.get("/rest/1.0/user", "wrong"), 429, "too_many_requests", 34);
    auto stats = f.server.stats();
    BOOST_TEST(stats.requests == 6u);
    BOOST_TEST(stats.too_many == 2u);
    BOOST_TEST(stats.max_in_window == 6u);
    // The control API is not rate limited.
    auto c = f.client().Get("/control/stats");
    BOOST_REQUIRE(c);
    BOOST_TEST(c->status == 200);
    BOOST_TEST(parse(c->body)["too_many_requests"].GetInt() == 2);
}

BOOST_AUTO_TEST_CASE(tiny_window_recovers) {
    FakeRdOptions o = small_library(3);
    o.rate_limit = 2;
    o.rate_window_ms = 200;
    ServerFixture f(o);
    BOOST_TEST(f.get("/rest/1.0/user")->status == 200);
    BOOST_TEST(f.get("/rest/1.0/user")->status == 200);
    BOOST_TEST(f.get("/rest/1.0/user")->status == 429);
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    BOOST_TEST(f.get("/rest/1.0/user")->status == 200);
}

BOOST_AUTO_TEST_CASE(bad_json_ids_return_unparseable_info) {
    FakeLibrary probe(7, kNow, 10);
    auto page = probe.list(0, 2, false);
    FakeRdOptions o = small_library(10);
    o.bad_json_ids = {page.items[0].id};
    ServerFixture f(o);
    auto bad = f.get("/rest/1.0/torrents/info/" + page.items[0].id);
    BOOST_REQUIRE(bad);
    BOOST_TEST(bad->status == 200);
    rapidjson::Document d;
    d.Parse(bad->body.c_str(), bad->body.size());
    BOOST_TEST(d.HasParseError());
    auto good = f.get("/rest/1.0/torrents/info/" + page.items[1].id);
    BOOST_REQUIRE(good);
    parse(good->body);
}

BOOST_AUTO_TEST_CASE(control_add_delete_and_set_change_the_list) {
    ServerFixture f(small_library(10));
    auto added = f.client().Post("/control/add?n=3", "", "text/plain");
    BOOST_REQUIRE(added);
    BOOST_TEST(added->status == 200);
    auto body = parse(added->body);
    BOOST_TEST(body["total"].GetInt() == 13);
    std::vector<std::string> new_ids;
    for (const auto& id : body["ids"].GetArray()) new_ids.emplace_back(id.GetString());

    auto r = f.get("/rest/1.0/torrents");
    BOOST_REQUIRE(r);
    BOOST_TEST(r->get_header_value("X-Total-Count") == "13");
    auto ids = ids_of(parse(r->body));
    // Newest first: the last one added leads the list.
    BOOST_TEST(ids[0] == new_ids[2]);
    BOOST_TEST(ids[2] == new_ids[0]);

    auto del = f.client().Post(("/control/delete?id=" + ids[0]).c_str(), "", "text/plain");
    BOOST_REQUIRE(del);
    BOOST_TEST(del->status == 200);
    BOOST_TEST(f.get("/rest/1.0/torrents")->get_header_value("X-Total-Count") == "12");
    BOOST_TEST(f.get("/rest/1.0/torrents/info/" + ids[0])->status == 404);

    auto api_del = f.client().Delete(("/rest/1.0/torrents/delete/" + ids[1]).c_str(),
                                     {{"Authorization", "Bearer demo-token"}});
    BOOST_REQUIRE(api_del);
    BOOST_TEST(api_del->status == 204);
    BOOST_TEST(f.get("/rest/1.0/torrents")->get_header_value("X-Total-Count") == "11");

    auto set =
        f.client().Post(("/control/set?id=" + ids[2] + "&status=downloading&progress=42.5").c_str(),
                        "", "text/plain");
    BOOST_REQUIRE(set);
    BOOST_TEST(set->status == 200);
    auto info = parse(f.get("/rest/1.0/torrents/info/" + ids[2])->body);
    BOOST_TEST(std::string(info["status"].GetString()) == "downloading");
    BOOST_TEST(info["progress"].GetDouble() == 42.5);
    BOOST_TEST(!info.HasMember("ended"));
    BOOST_TEST(info.HasMember("speed"));

    auto unknown = f.client().Post("/control/set?id=NOPE&status=queued", "", "text/plain");
    BOOST_REQUIRE(unknown);
    BOOST_TEST(unknown->status == 404);
}

BOOST_AUTO_TEST_CASE(add_magnet_then_select_files) {
    ServerFixture f(small_library(2));
    auto added =
        f.post("/rest/1.0/torrents/addMagnet",
               {{"magnet", "magnet:?xt=urn:btih:0123456789ABCDEF0123456789ABCDEF01234567&dn=x"}});
    BOOST_REQUIRE(added);
    BOOST_TEST(added->status == 201);
    auto body = parse(added->body);
    std::string id = body["id"].GetString();
    BOOST_TEST(std::string(body["uri"].GetString()).find("/torrents/info/" + id) !=
               std::string::npos);
    auto waiting = parse(f.get("/rest/1.0/torrents/info/" + id)->body);
    BOOST_TEST(std::string(waiting["status"].GetString()) == "waiting_files_selection");
    BOOST_TEST(std::string(waiting["hash"].GetString()) ==
               "0123456789abcdef0123456789abcdef01234567");

    auto sel = f.post("/rest/1.0/torrents/selectFiles/" + id, {{"files", "all"}});
    BOOST_REQUIRE(sel);
    BOOST_TEST(sel->status == 204);
    auto done = parse(f.get("/rest/1.0/torrents/info/" + id)->body);
    BOOST_TEST(std::string(done["status"].GetString()) == "downloaded");
    BOOST_TEST(done["links"].Size() == done["files"].Size());
    BOOST_TEST(f.post("/rest/1.0/torrents/selectFiles/" + id, {{"files", "all"}})->status == 202);

    auto link = std::string(done["links"][0].GetString());
    auto un = f.post("/rest/1.0/unrestrict/link", {{"link", link}});
    BOOST_REQUIRE(un);
    BOOST_TEST(un->status == 200);
    BOOST_TEST(parse(un->body).HasMember("download"));

    auto count = f.get("/rest/1.0/torrents/activeCount");
    BOOST_REQUIRE(count);
    BOOST_TEST(parse(count->body).HasMember("nb"));
    check_error(f.post("/rest/1.0/torrents/addMagnet", {}), 400, "parameter_missing", 1);
}

BOOST_AUTO_TEST_CASE(faults_503_reset_and_hang) {
    {
        FakeRdOptions o = small_library(2);
        o.fail_rate = 1.0;
        ServerFixture f(o);
        check_error(f.get("/rest/1.0/user"), 503, "service_unavailable", 25);
    }
    {
        FakeRdOptions o = small_library(2);
        o.reset_rate = 1.0;
        ServerFixture f(o);
        auto r = f.get("/rest/1.0/user");
        BOOST_TEST(!r);  // no response at all
        BOOST_TEST(f.server.stats().resets == 1u);
        auto log = f.server.log();
        BOOST_REQUIRE(log.size() == 1u);
        BOOST_TEST(log[0].status == 0);
    }
    {
        FakeRdOptions o = small_library(2);
        o.hang_rate = 1.0;
        o.hang_ms = 60'000;
        ServerFixture f(o);
        auto c = f.client();
        c.set_read_timeout(0, 200'000);
        auto r = c.Get("/rest/1.0/user", {{"Authorization", "Bearer demo-token"}});
        BOOST_TEST(!r);  // timed out
        auto t0 = monotonic_ms();
        f.server.stop();  // wakes the hanging handler
        BOOST_TEST(monotonic_ms() - t0 < 3000);
    }
}

BOOST_AUTO_TEST_CASE(latency_is_applied_and_logged) {
    FakeRdOptions o = small_library(2);
    o.latency_min_ms = 30;
    o.latency_max_ms = 40;
    ServerFixture f(o);
    auto t0 = monotonic_ms();
    BOOST_TEST(f.get("/rest/1.0/user")->status == 200);
    BOOST_TEST(monotonic_ms() - t0 >= 30);
    // A request is logged once its response is written: the client may be quicker.
    for (int i = 0; i < 100 && f.server.log().empty(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    auto log = f.client().Get("/control/log");
    BOOST_REQUIRE(log);
    auto entries = parse(log->body);
    BOOST_REQUIRE(entries.Size() == 1u);
    BOOST_TEST(std::string(entries[0]["path"].GetString()) == "/rest/1.0/user");
    BOOST_TEST(entries[0]["status"].GetInt() == 200);
    BOOST_TEST(entries[0]["ms"].GetInt() >= 30);
    BOOST_REQUIRE(f.client().Post("/control/reset-log", "", "text/plain"));
    BOOST_TEST(f.server.log().empty());
}

BOOST_AUTO_TEST_SUITE_END()
