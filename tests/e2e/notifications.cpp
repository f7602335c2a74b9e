// Notifications end to end: the real redriva-sync, against fake-rd, posts to a real
// receiver on the loopback. Each of the five formats gets a real message from a failed
// sync; torrents turned dead between two syncs make one message, once; two events
// within a minute make one merged message; a receiver that answers 500, or is down,
// changes neither the exit code nor the results; neither the URL nor the token is
// ever written to a log.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "fake_rd.h"
#include "notify_receiver.h"
#include "stack.h"

namespace redriva::e2e {

namespace {

// The path is the URL's secret part (ntfy's topic, a webhook's token).
const std::string kSecretPath = "/hook/topic-s3cr3t-e2e-9f1c";
const std::string kWrongToken = "e2e-refused-token-000000000";
constexpr const char* kFailedStatuses =
    "('error', 'magnet_error', 'virus', 'dead')";  // domain/status.h's failed phase

EnvVars notify_env(const NotifyReceiver& receiver, const std::string& format = "json") {
    return {{"REDRIVA_NOTIFY_URL", receiver.url(kSecretPath)}, {"REDRIVA_NOTIFY_FORMAT", format}};
}

EnvVars with(EnvVars env, const EnvVars& more) {
    env.insert(env.end(), more.begin(), more.end());
    return env;
}

// Every log the run wrote (sync.log, its stderr): no URL, no token.
void expect_no_secret_in_logs(const SyncWorld& world, const std::string& token) {
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(world.data_dir())) {
        const std::string path = entry.path().string();
        if (!entry.is_regular_file() ||
            !(path.ends_with(".log") || path.ends_with(".stderr") || path.ends_with(".stdout")))
            continue;
        ++files;
        const std::string text = read_text_file(path);
        BOOST_TEST(text.find("topic-s3cr3t") == std::string::npos, "the URL is in " << path);
        BOOST_TEST(text.find(token) == std::string::npos, "the token is in " << path);
        BOOST_TEST(text.find(kWrongToken) == std::string::npos, "a token is in " << path);
    }
    BOOST_TEST(files >= 2u);
}

rapidjson::Document body_json(const ReceivedRequest& r) {
    return parse_json(r.body);
}

// Torrents the library holds in a status that is not failed: `n` of them, by id.
std::vector<std::pair<std::string, std::string>> healthy(const SyncWorld& world, int n) {
    TruthDb db(world.database_path());
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& row : db.rows(std::string("SELECT id, filename FROM torrents WHERE status "
                                               "NOT IN ") +
                                   kFailedStatuses + " ORDER BY id LIMIT " + std::to_string(n)))
        out.emplace_back(row[0].value_or(""), row[1].value_or(""));
    BOOST_REQUIRE(static_cast<int>(out.size()) == n);
    return out;
}

std::int64_t waiting(const SyncWorld& world) {
    return TruthDb(world.database_path()).integer("SELECT count(*) FROM notify_outbox");
}

// The minute since the last message, passed: what a cron run a minute later sees.
void let_the_minute_pass(const SyncWorld& world) {
    db::Database db(world.database_path());
    db.exec(
        "UPDATE meta SET value = CAST(value AS INTEGER) - 60000 WHERE key = "
        "'notify_last_sent_ms'");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(notifications)

BOOST_AUTO_TEST_CASE(each_format_gets_a_real_message) {
    FakeRd fake({.library = 20});
    NotifyReceiver receiver;
    for (const std::string format : {"json", "ntfy", "gotify", "discord", "slack"}) {
        SyncWorld world(fake);
        receiver.clear();
        // Real-Debrid refuses the token: the sync fails, and says so.
        const SyncOutcome out =
            world.run({"smart"}, with(notify_env(receiver, format), {{"RD_TOKEN", kWrongToken}}));
        BOOST_TEST(out.code == 3, format << ": " << outcome_text(out));
        const auto got = receiver.requests();
        BOOST_REQUIRE_MESSAGE(got.size() == 1u, format << ": " << got.size() << " requests");
        const ReceivedRequest& r = got[0];
        BOOST_TEST_MESSAGE(
            format << " " << r.content_type
                   << (r.header("Title").empty() ? "" : " Title: " + r.header("Title")) << "\n"
                   << r.body);
        BOOST_TEST(r.method == "POST");
        BOOST_TEST(r.path == kSecretPath);
        BOOST_TEST(r.header("User-Agent") == "redriva-sync");
        BOOST_TEST(r.body.find(kWrongToken) == std::string::npos);
        BOOST_TEST(r.body.find(fake.config().token) == std::string::npos);
        const std::string title = "Sync smart failed";
        const std::string message = "Real-Debrid refused the API token (check RD_TOKEN)";
        if (format == "ntfy") {
            BOOST_TEST(r.content_type == "text/plain; charset=utf-8");
            BOOST_TEST(r.header("Title") == title);
            BOOST_TEST(r.header("Priority") == "high");
            BOOST_TEST(r.body == message);
            continue;
        }
        BOOST_TEST(r.content_type == "application/json");
        const auto doc = body_json(r);
        if (format == "json") {
            BOOST_TEST(member_names(doc) ==
                       (std::vector<std::string>{"event", "title", "message", "counts"}));
            BOOST_TEST(json_string(doc["event"]) == "sync_failed");
            BOOST_TEST(json_string(doc["title"]) == title);
            BOOST_TEST(json_string(doc["message"]) == message);
            BOOST_TEST(doc["counts"]["jobs"].GetInt64() == 1);
        } else if (format == "gotify") {
            BOOST_TEST(member_names(doc) ==
                       (std::vector<std::string>{"title", "message", "priority"}));
            BOOST_TEST(json_string(doc["title"]) == title);
            BOOST_TEST(json_string(doc["message"]) == message);
            BOOST_TEST(doc["priority"].GetInt() == 8);
        } else if (format == "discord") {
            BOOST_TEST(json_string(doc["content"]) == "**" + title + "**\n" + message);
            BOOST_TEST(doc["allowed_mentions"]["parse"].Size() == 0u);
        } else {
            BOOST_TEST(member_names(doc) == std::vector<std::string>{"text"});
            BOOST_TEST(json_string(doc["text"]) == "*" + title + "*\n" + message);
        }
        expect_no_secret_in_logs(world, fake.config().token);
    }
}

BOOST_AUTO_TEST_CASE(torrents_turned_dead_are_told_once_and_merged_within_the_minute) {
    FakeRd fake({.library = 60});
    SyncWorld world(fake);
    NotifyReceiver receiver;
    world.env = with(world.env, notify_env(receiver));
    // The first sync finds torrents already dead: not news.
    BOOST_REQUIRE_EQUAL(world.run({"smart"}).code, 0);
    BOOST_TEST(receiver.requests().empty());

    const auto turned = healthy(world, 4);
    for (const auto& [id, name] : turned) fake.set(id, "dead", 0);
    const SyncOutcome second = world.run({"smart"});
    BOOST_TEST(second.code == 0, outcome_text(second));
    auto got = receiver.requests();
    BOOST_REQUIRE_EQUAL(got.size(), 1u);
    BOOST_TEST_MESSAGE("dead: " << got[0].body);
    auto doc = body_json(got[0]);
    BOOST_TEST(json_string(doc["event"]) == "torrents_failed");
    BOOST_TEST(json_string(doc["title"]) == "4 torrents turned dead");
    const std::string message = json_string(doc["message"]);
    BOOST_TEST(message.ends_with(" and 1 more"));
    int named = 0;
    for (const auto& [id, name] : turned) named += message.find(name) != std::string::npos;
    BOOST_TEST(named == 3);
    BOOST_TEST(doc["counts"]["torrents"].GetInt64() == 4);

    // Still dead at the next sync: nothing more.
    BOOST_REQUIRE_EQUAL(world.run({"smart"}).code, 0);
    BOOST_TEST(receiver.requests().size() == 1u);
    BOOST_TEST(waiting(world) == 0);

    // Within the minute: a torrent turns dead, then a sync fails. Neither is sent yet…
    const auto more = healthy(world, 1);
    fake.set(more[0].first, "dead", 0);
    BOOST_REQUIRE_EQUAL(world.run({"smart"}).code, 0);
    BOOST_TEST(world.run({"fast"}, {{"RD_TOKEN", kWrongToken}}).code == 3);
    BOOST_TEST(receiver.requests().size() == 1u);
    BOOST_TEST(waiting(world) == 2);
    // …and once the minute has passed, cron's next run sends them as one message.
    let_the_minute_pass(world);
    const SyncOutcome cron = world.run({"cron"});
    BOOST_TEST(cron.code == 0, outcome_text(cron));
    got = receiver.requests();
    BOOST_REQUIRE_EQUAL(got.size(), 2u);
    BOOST_TEST_MESSAGE("merged: " << got[1].body);
    doc = body_json(got[1]);
    BOOST_TEST(json_string(doc["event"]) == "merged");
    BOOST_TEST(json_string(doc["title"]) == "Redriva: 2 notifications");
    BOOST_TEST(json_string(doc["message"]) ==
               "1 torrent turned dead: " + more[0].second +
                   "\nSync fast failed: Real-Debrid refused the API token (check RD_TOKEN)");
    BOOST_TEST(doc["counts"]["notifications"].GetInt64() == 2);
    BOOST_TEST(waiting(world) == 0);
    expect_no_secret_in_logs(world, fake.config().token);
}

BOOST_AUTO_TEST_CASE(a_failing_receiver_changes_nothing) {
    FakeRd fake({.library = 40});
    // A receiver that answers 500: the sync's exit code and its writes are those of
    // a sync without notifications.
    {
        SyncWorld world(fake);
        NotifyReceiver receiver(500);
        world.env = with(world.env, notify_env(receiver));
        BOOST_REQUIRE_EQUAL(world.run({"smart"}).code, 0);
        const auto turned = healthy(world, 2);
        for (const auto& [id, name] : turned) fake.set(id, "dead", 0);
        const SyncOutcome out = world.run({"smart"});
        BOOST_TEST(out.code == 0, outcome_text(out));
        BOOST_TEST(receiver.requests().size() == 1u);  // it was tried
        expect_same(fake.truth(), database_truth(world.database_path()));
        BOOST_TEST(waiting(world) == 1);  // kept for the next message
        const std::string log = read_text_file(world.data_dir() + "/sync.log");
        BOOST_TEST(log.find("notification torrents_failed not sent (HTTP 500)") !=
                   std::string::npos);
        expect_no_secret_in_logs(world, fake.config().token);
    }
    // A receiver that is down: the refused sync still exits 3.
    {
        SyncWorld world(fake);
        std::string down;
        {
            NotifyReceiver gone;
            down = gone.url(kSecretPath);
        }  // nothing listens on its port any more
        const SyncOutcome out =
            world.run({"smart"}, {{"REDRIVA_NOTIFY_URL", down}, {"RD_TOKEN", kWrongToken}});
        BOOST_TEST(out.code == 3, outcome_text(out));
        const std::string log = read_text_file(world.data_dir() + "/sync.log");
        BOOST_TEST(log.find("notification sync_failed not sent (Couldn't connect to server)") !=
                   std::string::npos);
        expect_no_secret_in_logs(world, fake.config().token);
    }
}

// An action that ends with failed items says so in one line (the job itself is done).
BOOST_AUTO_TEST_CASE(an_action_with_failed_items_is_told) {
    FakeRd fake({.library = 20});
    SyncWorld world(fake);
    NotifyReceiver receiver;
    world.env = with(world.env, notify_env(receiver, "slack"));
    BOOST_REQUIRE_EQUAL(world.run({"fast"}).code, 0);
    TruthDb db(world.database_path());
    const auto rows = db.rows(
        "SELECT t.id, t.filename FROM torrents t JOIN torrent_details d ON d.id = t.id "
        "WHERE t.status = 'downloaded' AND t.links != '[]' AND (SELECT count(*) FROM "
        "torrent_files f WHERE f.torrent_id = t.id AND f.selected) > 0 ORDER BY t.id LIMIT 1");
    BOOST_REQUIRE_EQUAL(rows.size(), 1u);
    const std::string id = rows[0][0].value_or(""), name = rows[0][1].value_or("");
    // RD refuses to add it again (451): the repair's one item fails.
    fake.rules("infringing=" + url_encode(name.substr(0, 12)));
    const SyncOutcome out = world.run({"repair", id});
    BOOST_TEST(out.code == 5, outcome_text(out));
    const auto got = receiver.requests();
    BOOST_REQUIRE_EQUAL(got.size(), 1u);
    BOOST_TEST_MESSAGE("action: " << got[0].body);
    const std::string text = json_string(parse_json(got[0].body)["text"]);
    BOOST_TEST(text.starts_with("*Repair job "), text);
    BOOST_TEST(text.find(": 1 of 1 item failed*\n" + name + ": ") != std::string::npos, text);
    BOOST_TEST(text.find("Real-Debrid refuses this torrent (451") != std::string::npos, text);
}

// Two days of premium left: cron's run reads the account and warns, once; the runs
// after it (the same expiration, the same threshold) say nothing more.
BOOST_AUTO_TEST_CASE(the_premium_ending_is_told_once) {
    FakeRd fake({.library = 10, .premium_days = 2});
    SyncWorld world(fake);
    NotifyReceiver receiver;
    world.env = with(world.env, notify_env(receiver));
    BOOST_REQUIRE_EQUAL(world.run({"cron"}).code, 0);
    const auto got = receiver.requests();
    BOOST_REQUIRE_EQUAL(got.size(), 1u);
    BOOST_TEST_MESSAGE("premium: " << got[0].body);
    const auto doc = body_json(got[0]);
    BOOST_TEST(json_string(doc["event"]) == "premium_ending");
    BOOST_TEST(json_string(doc["title"]) == "Real-Debrid premium ends in 2 days");
    BOOST_TEST(doc["counts"]["days"].GetInt64() == 2);
    let_the_minute_pass(world);
    BOOST_REQUIRE_EQUAL(world.run({"cron"}).code, 0);
    let_the_minute_pass(world);
    BOOST_REQUIRE_EQUAL(world.run({"cron"}).code, 0);
    BOOST_TEST(receiver.requests().size() == 1u);
    BOOST_TEST(waiting(world) == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
