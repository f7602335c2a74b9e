// The notifier's rules over a real database and a fake clock: one message a minute
// across processes (two notifiers on one file), the rest merged into the next; a
// receiver that fails keeps the message for later, one that refuses drops it; a run
// waits for its message only when the minute is nearly over; the premium warned once
// per threshold; nothing recorded when notifications are off.
#include <rapidjson/document.h>

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "db/schema.h"
#include "fake_clock.h"
#include "notify/notices.h"
#include "notify/notifier.h"
#include "temp_database.h"

using namespace redriva;
using namespace redriva::notify;

namespace {

class RecordingSender final : public MessageSender {
public:
    SendResult send(const HttpMessage& message) override {
        sent.push_back(message);
        return answer;
    }
    std::vector<HttpMessage> sent;
    SendResult answer{200, ""};
};

constexpr std::int64_t kStart = 1'750'000'000'000;

struct NotifierFixture {
    test::TempDatabasePath tmp;
    db::Database database = db::open_database(tmp.path());
    test::FakeClock clock{kStart};
    RecordingSender sender;
    Notifier notifier{database, settings(), clock, sender};

    static NotifySettings settings() {
        NotifySettings s;
        s.url = "http://127.0.0.1:9/hook";
        s.secrets = {"SECRETTOKEN"};
        return s;
    }

    std::int64_t waiting() {
        auto stmt = database.prepare("SELECT count(*) FROM notify_outbox");
        auto use = stmt.use();
        return use.step() ? use.int64(0) : -1;
    }

    std::string field(std::size_t i, const char* name) {
        rapidjson::Document doc;
        doc.Parse(sender.sent.at(i).body.c_str());
        BOOST_REQUIRE(!doc.HasParseError());
        return doc[name].GetString();
    }
};

const Notice kFailed = sync_failed("fast", "RD answered 503 five times");
const Notice kDead = torrents_failed(3, {"A", "B", "C"}, {"dead"});

}  // namespace

BOOST_FIXTURE_TEST_SUITE(notifier, NotifierFixture)

BOOST_AUTO_TEST_CASE(the_first_message_leaves_at_once) {
    notifier.post(kFailed);
    BOOST_TEST(waiting() == 1);
    notifier.deliver();
    BOOST_REQUIRE(sender.sent.size() == 1u);
    BOOST_TEST(field(0, "title") == "Sync fast failed");
    BOOST_TEST(waiting() == 0);
    notifier.deliver();  // nothing waits: nothing sent
    BOOST_TEST(sender.sent.size() == 1u);
}

BOOST_AUTO_TEST_CASE(one_message_a_minute_the_rest_merged) {
    notifier.post(kFailed);
    notifier.deliver();
    clock.now += 10'000;
    notifier.post(kDead);
    notifier.deliver();
    clock.now += 20'000;
    notifier.post(kFailed);
    notifier.deliver();
    BOOST_TEST(sender.sent.size() == 1u);  // still within the minute
    BOOST_TEST(waiting() == 2);
    clock.now += 29'999;  // 59.999 s after the first
    notifier.deliver();
    BOOST_TEST(sender.sent.size() == 1u);
    clock.now += 1;
    notifier.deliver();
    BOOST_REQUIRE(sender.sent.size() == 2u);
    BOOST_TEST(field(1, "event") == "merged");
    BOOST_TEST(field(1, "message") ==
               "3 torrents turned dead: A, B, C\nSync fast failed: RD answered 503 five times");
    BOOST_TEST(waiting() == 0);
}

BOOST_AUTO_TEST_CASE(the_minute_is_shared_by_processes) {
    // A second process on the same database (the action lane beside a sync).
    db::Database other = db::open_database(tmp.path());
    RecordingSender other_sender;
    Notifier second{other, settings(), clock, other_sender};
    notifier.post(kFailed);
    notifier.deliver();
    second.post(kDead);
    second.deliver();
    BOOST_TEST(sender.sent.size() == 1u);
    BOOST_TEST(other_sender.sent.empty());
    clock.now += 60'000;
    notifier.deliver();  // the first process sends what the second recorded
    BOOST_REQUIRE(sender.sent.size() == 2u);
    BOOST_TEST(field(1, "title") == "3 torrents turned dead");
}

BOOST_AUTO_TEST_CASE(a_receiver_down_keeps_the_message_for_the_next) {
    sender.answer = {0, "Couldn't connect to server"};
    notifier.post(kFailed);
    notifier.deliver();
    BOOST_TEST(sender.sent.size() == 1u);
    BOOST_TEST(waiting() == 1);
    sender.answer = {500, ""};
    clock.now += 60'000;
    notifier.post(kDead);
    notifier.deliver();
    BOOST_TEST(sender.sent.size() == 2u);
    BOOST_TEST(field(1, "event") == "merged");
    BOOST_TEST(waiting() == 2);
    sender.answer = {204, ""};
    clock.now += 60'000;
    notifier.deliver();
    BOOST_TEST(sender.sent.size() == 3u);
    BOOST_TEST(waiting() == 0);
}

BOOST_AUTO_TEST_CASE(a_refused_message_is_dropped) {
    sender.answer = {404, ""};
    notifier.post(kFailed);
    notifier.deliver();
    BOOST_TEST(sender.sent.size() == 1u);
    BOOST_TEST(waiting() == 0);
    // 429 is "later", not "never".
    sender.answer = {429, ""};
    clock.now += 60'000;
    notifier.post(kFailed);
    notifier.deliver();
    BOOST_TEST(waiting() == 1);
}

BOOST_AUTO_TEST_CASE(a_message_never_taken_is_dropped_after_a_day) {
    sender.answer = {503, ""};
    notifier.post(kFailed);
    notifier.deliver();
    clock.now += 86'400'000 + 1;
    notifier.post(kDead);
    notifier.deliver();
    BOOST_REQUIRE(sender.sent.size() == 2u);
    BOOST_TEST(field(1, "title") == "3 torrents turned dead");  // the old one is gone
}

BOOST_AUTO_TEST_CASE(a_run_waits_only_for_a_minute_nearly_over) {
    notifier.post(kFailed);
    notifier.deliver_before_exit();
    BOOST_TEST(sender.sent.size() == 1u);
    BOOST_TEST(clock.slept == 0);
    // 45 s later: 15 s to wait, more than a run lingers; the next run sends it.
    clock.now += 45'000;
    notifier.post(kDead);
    notifier.deliver_before_exit();
    BOOST_TEST(sender.sent.size() == 1u);
    BOOST_TEST(clock.slept == 0);
    // 52 s after the first: 8 s to wait, so this run waits and sends.
    clock.now += 7'000;
    notifier.deliver_before_exit();
    BOOST_TEST(clock.slept == 8'000);
    BOOST_TEST(sender.sent.size() == 2u);
    BOOST_TEST(waiting() == 0);
}

BOOST_AUTO_TEST_CASE(off_without_a_url) {
    NotifySettings off;
    Notifier silent{database, off, clock, sender};
    BOOST_TEST(!silent.enabled());
    silent.post(kFailed);
    silent.deliver_before_exit();
    silent.check_premium(2, "2025-07-29T10:30:00.000Z");
    BOOST_TEST(waiting() == 0);
    BOOST_TEST(sender.sent.empty());
}

BOOST_AUTO_TEST_CASE(a_secret_never_reaches_a_message) {
    notifier.post(sync_failed("smart", "GET /x?auth=SECRETTOKEN refused"));
    notifier.deliver();
    BOOST_REQUIRE(sender.sent.size() == 1u);
    BOOST_TEST(sender.sent[0].body.find("SECRETTOKEN") == std::string::npos);
    BOOST_TEST(field(0, "message") == "GET /x?auth=*** refused");
}

BOOST_AUTO_TEST_CASE(premium_is_warned_once_per_threshold) {
    const std::string expiry = "2025-07-29T10:30:00.000Z";
    std::vector<std::string> titles;
    const auto check = [&](std::int64_t days, const std::string& expiration) {
        notifier.check_premium(days, expiration);
        clock.now += 60'000;
        notifier.deliver();
        titles.clear();
        for (std::size_t i = 0; i < sender.sent.size(); ++i) titles.push_back(field(i, "title"));
    };
    check(8, expiry);
    BOOST_TEST(titles.empty());
    check(7, expiry);
    check(6, expiry);  // the same threshold: no second message
    BOOST_TEST(titles == std::vector<std::string>{"Real-Debrid premium ends in 7 days"});
    check(2, expiry);
    check(1, expiry);
    check(1, expiry);
    check(0, expiry);
    check(-1, expiry);
    check(-1, expiry);
    BOOST_TEST(titles ==
               (std::vector<std::string>{
                   "Real-Debrid premium ends in 7 days", "Real-Debrid premium ends in 2 days",
                   "Real-Debrid premium ends in 1 day", "Real-Debrid premium ends today",
                   "Real-Debrid premium has ended"}));
    // Renewed, then near its end again: warned again.
    check(5, "2025-08-29T10:30:00.000Z");
    BOOST_TEST(titles.back() == "Real-Debrid premium ends in 5 days");
    BOOST_TEST(!premium_threshold(8).has_value());
    BOOST_TEST(premium_threshold(4).value_or(-9) == 7);
}

BOOST_AUTO_TEST_SUITE_END()
