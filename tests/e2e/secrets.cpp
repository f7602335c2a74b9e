// The Real-Debrid token is a secret: a stack syncs from the fake with a
// token file, then with a token the fake refuses, and neither token may appear
// in any page, API answer, log, job record or other file of the data dir; the
// repository itself holds nothing shaped like a real token.
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "fake_rd.h"
#include "notify_receiver.h"
#include "stack.h"

namespace redriva::e2e {

namespace {

// Real-Debrid tokens are 52 upper-case letters and digits; these look the part.
// Built from two pieces, so that this file holds no token-shaped run itself
// (the_repository_holds_no_token reads it too).
const std::string kToken = std::string("E2ESECRETTOKEN") + "7F3A9C0B1D2E4F5A6B7C8D9E0F1A2B3C4D5E6F";
const std::string kWrongToken =
    std::string("E2EWRONGTOKEN") + "4B1D7F3A9C0B1D2E4F5A6B7C8D9E0F1A2B3C4D5";

void write_private(const std::string& path, const std::string& text) {
    std::ofstream(path) << text << "\n";
    ::chmod(path.c_str(), 0600);
}

std::int64_t start_sync(const Stack& stack, const std::string& type) {
    HttpResponse r = stack.http().post("/api/sync/" + type, "");
    BOOST_REQUIRE(r.status == 202);
    return parse_json(r.body)["id"].GetInt64();
}

bool token_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// A run of exactly 52 upper-case letters and digits, not inside a longer word.
bool has_token_shape(const std::string& text) {
    std::size_t run = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        const char c = i < text.size() ? text[i] : ' ';
        if (token_char(c)) {
            ++run;
            continue;
        }
        const bool in_word = (c >= 'a' && c <= 'z') ||
                             (i >= run + 1 && text[i - run - 1] >= 'a' && text[i - run - 1] <= 'z');
        if (run == 52 && !in_word) return true;
        run = 0;
    }
    return false;
}

// "RD_TOKEN = <20+ token characters>" in a config or script.
bool has_token_setting(const std::string& text) {
    for (std::size_t at = text.find("RD_TOKEN"); at != std::string::npos;
         at = text.find("RD_TOKEN", at + 1)) {
        std::size_t i = at + 8;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        if (i >= text.size() || text[i] != '=') continue;
        ++i;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        std::size_t run = 0;
        while (i + run < text.size() && token_char(text[i + run])) ++run;
        if (run >= 20) return true;
    }
    return false;
}

void expect_no_token(const std::string& where, const std::string& text) {
    BOOST_TEST(text.find(kToken) == std::string::npos, "the token is in " << where);
    BOOST_TEST(text.find(kWrongToken) == std::string::npos, "the wrong token is in " << where);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(secrets)

BOOST_AUTO_TEST_CASE(the_token_appears_nowhere) {
    FakeRdConfig config;
    config.library = 150;
    config.token = kToken;
    FakeRd fake(config);
    TempDir secrets("redriva-e2e-secrets");
    const std::string token_file = secrets.path() + "/rd-token";
    write_private(token_file, kToken);

    StackOptions options;
    options.torrents = 20;
    options.env = {{"RD_TOKEN", token_file},
                   {"REDRIVA_RD_API_URL", fake.api_url()},
                   {"REDRIVA_RD_RATE", "100000"},
                   {"REDRIVA_SYNC_ON_REQUEST", "1"}};
    Stack stack(options);
    // A sync that works, then one that Real-Debrid refuses (the token changed).
    const std::int64_t good = start_sync(stack, "smart");
    BOOST_REQUIRE(job_finished(stack, good));
    BOOST_TEST(stack.truth().integer("SELECT count(*) FROM torrents") == 150);
    write_private(token_file, kWrongToken);
    const std::int64_t refused = start_sync(stack, "fast");
    BOOST_REQUIRE(job_finished(stack, refused));
    BOOST_TEST(
        stack.truth().column("SELECT state FROM jobs WHERE id = ?", {std::to_string(refused)}) ==
        std::vector<std::string>{"failed"});

    // Every page and API answer.
    const std::string some_id = stack.truth().column("SELECT id FROM torrents LIMIT 1").at(0);
    for (const std::string& target :
         {std::string("/"), std::string("/torrents"), "/torrents/" + some_id,
          std::string("/search?q=a"), std::string("/api/stats"), std::string("/api/torrents"),
          "/api/torrents/" + some_id, std::string("/api/sync/status"),
          std::string("/api/sync/events?after=0&limit=1000"), std::string("/api/metrics"),
          std::string("/api/health"), std::string("/api/charts"), std::string("/nothing-here"),
          std::string("/api/nothing-here")}) {
        HttpResponse r = stack.http().get(target);
        BOOST_TEST(r.status > 0);
        expect_no_token("GET " + target, r.body);
        for (const auto& [name, value] : r.headers)
            expect_no_token(target + " header " + name, value);
    }
    // The job records and their log lines, as SQL sees them.
    for (const auto& row : stack.truth().rows("SELECT * FROM jobs"))
        for (const auto& field : row) expect_no_token("jobs", field.value_or(""));
    for (const auto& row : stack.truth().rows("SELECT * FROM job_events"))
        for (const auto& field : row) expect_no_token("job_events", field.value_or(""));
    // Every byte of every file of the data dir: database, WAL, logs, nginx's
    // logs, the runtime files.
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(stack.data_dir())) {
        if (!entry.is_regular_file()) continue;
        ++files;
        expect_no_token(entry.path().string(), read_text_file(entry.path().string()));
    }
    BOOST_TEST(files >= 8u);
    // The sync's refusal was logged, so the check above read a failure's words.
    BOOST_TEST(read_text_file(stack.data_dir() + "/sync.log").find("refused the API token") !=
               std::string::npos);
}

// Given in the environment, the token goes to the data dir's token file (0600), and
// the web is started without it: only the syncs, which read the file, hold it. The
// notification URL (a webhook's path is its password) likewise.
BOOST_AUTO_TEST_CASE(the_web_never_holds_the_token) {
    FakeRdConfig config;
    config.library = 40;
    config.token = kToken;
    FakeRd fake(config);
    NotifyReceiver receiver;
    const std::string notify_url = receiver.url("/hook/e2e-webhook-secret-5d2a");
    StackOptions options;
    options.torrents = 10;
    options.env = {{"RD_TOKEN", kToken},
                   {"REDRIVA_RD_API_URL", fake.api_url()},
                   {"REDRIVA_RD_RATE", "100000"},
                   {"REDRIVA_SYNC_ON_REQUEST", "1"},
                   {"REDRIVA_NOTIFY_URL", notify_url}};
    Stack stack(options);
    for (const char* name : {"/rd-token", "/notify-url"}) {
        struct stat st {};
        const std::string file = stack.data_dir() + name;
        BOOST_REQUIRE(::stat(file.c_str(), &st) == 0);
        BOOST_TEST((st.st_mode & 077) == 0u, file);
    }
    // The pool's master and every worker: neither their environment nor their memory
    // maps' names hold it (the environment is the one they were started with).
    std::vector<int> pids{stack.master_pid()};
    const auto metrics = parse_json(stack.http().get("/api/metrics").body);
    for (const auto& worker : metrics["workers"].GetArray()) pids.push_back(worker["pid"].GetInt());
    BOOST_TEST(pids.size() >= 3u);
    for (int pid : pids) {
        const std::string environ = read_text_file("/proc/" + std::to_string(pid) + "/environ");
        BOOST_TEST(!environ.empty());
        expect_no_token("the environment of pid " + std::to_string(pid), environ);
        BOOST_TEST(environ.find("RD_TOKEN") == std::string::npos);
        BOOST_TEST(environ.find("e2e-webhook-secret") == std::string::npos);
        BOOST_TEST(environ.find("REDRIVA_NOTIFY_URL") == std::string::npos);
    }
    // A sync the web starts reads the token from the file, and works.
    const std::int64_t job = start_sync(stack, "smart");
    BOOST_REQUIRE(job_finished(stack, job));
    BOOST_TEST(stack.truth().column("SELECT state FROM jobs WHERE id = ?", {std::to_string(job)}) ==
               std::vector<std::string>{"done"});
    BOOST_TEST(stack.truth().integer("SELECT count(*) FROM torrents") == 40);
    // A sync the web starts reads the notification URL from its file, and notifies.
    write_private(stack.data_dir() + "/rd-token", kWrongToken);
    const std::int64_t refused = start_sync(stack, "fast");
    BOOST_REQUIRE(job_finished(stack, refused));
    BOOST_REQUIRE(
        eventually(std::chrono::seconds(5), [&] { return !receiver.requests().empty(); }));
    const auto got = receiver.requests();
    BOOST_TEST(got.size() == 1u);
    BOOST_TEST(got[0].path == "/hook/e2e-webhook-secret-5d2a");
    BOOST_TEST(json_string(parse_json(got[0].body)["title"]) == "Sync fast failed");
    expect_no_token("the notification", got[0].body);
    BOOST_TEST(read_text_file(stack.data_dir() + "/sync.log").find("e2e-webhook-secret") ==
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_repository_holds_no_token) {
    // Whatever a developer's own token is, it has RD's shape: no tracked file
    // holds a 52-character upper-case run, nor an RD_TOKEN setting with a value.
    BOOST_REQUIRE(kToken.size() == 52 && kWrongToken.size() == 52);
    BOOST_REQUIRE(has_token_shape("RD_TOKEN=" + kToken + "\n"));  // the checks can fail
    BOOST_REQUIRE(has_token_setting("RD_TOKEN = " + kToken));
    FILE* pipe = ::popen("git -C " REDRIVA_SOURCE_DIR " ls-files", "r");
    BOOST_REQUIRE(pipe != nullptr);
    char line[4096];
    std::size_t checked = 0;
    while (std::fgets(line, sizeof line, pipe)) {
        std::string path(line);
        path.pop_back();
        if (path.starts_with("docs/") || path.find("package-lock.json") != std::string::npos)
            continue;  // screenshots; npm's integrity hashes
        const std::string text = read_text_file(REDRIVA_SOURCE_DIR "/" + path);
        ++checked;
        BOOST_TEST(!has_token_shape(text), "a token-shaped string in " << path);
        BOOST_TEST(!has_token_setting(text), "an RD_TOKEN value in " << path);
    }
    ::pclose(pipe);
    BOOST_TEST(checked > 100u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
