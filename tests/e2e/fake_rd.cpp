#include "fake_rd.h"

#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace redriva::e2e {

// ---------------------------------------------------------------- processes

TempDir::TempDir(const std::string& prefix) {
    std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
}

TempDir::~TempDir() {
    if (keep_) return;
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

namespace {

// The child's environment: ours without REDRIVA_* and RD_* (the test sets what it
// means), plus `env`.
std::vector<std::string> child_environment(const EnvVars& env) {
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) {
        std::string_view entry(*e);
        if (entry.starts_with("REDRIVA_") || entry.starts_with("RD_")) continue;
        const std::string_view key = entry.substr(0, entry.find('='));
        bool overridden = false;
        for (const auto& kv : env)
            if (kv.first == key) overridden = true;
        if (!overridden) env_strings.emplace_back(entry);
    }
    for (const auto& [key, value] : env) env_strings.push_back(key + "=" + value);
    return env_strings;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> p;
    for (auto& s : strings) p.push_back(s.data());
    p.push_back(nullptr);
    return p;
}

pid_t spawn_with(const std::vector<std::string>& argv, const EnvVars& env,
                 posix_spawn_file_actions_t* actions) {
    std::vector<std::string> env_strings = child_environment(env);
    std::vector<std::string> argv_copy = argv;
    std::vector<char*> envp = pointers(env_strings), args = pointers(argv_copy);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, args[0], actions, nullptr, args.data(), envp.data());
    posix_spawn_file_actions_destroy(actions);
    if (rc != 0) throw std::runtime_error("posix_spawn " + argv[0] + " failed: " + strerror(rc));
    return pid;
}

}  // namespace

pid_t spawn_process(const std::vector<std::string>& argv, const EnvVars& env,
                    const std::string& stdout_path, const std::string& stderr_path) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, stdout_path.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, stderr_path.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    return spawn_with(argv, env, &actions);
}

TerminalRun run_on_terminal(const std::vector<std::string>& argv, const EnvVars& env) {
    int master = -1, slave = -1;
    if (openpty(&master, &slave, nullptr, nullptr, nullptr) != 0)
        throw std::runtime_error(std::string("openpty: ") + strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, slave, 1);
    posix_spawn_file_actions_adddup2(&actions, slave, 2);
    posix_spawn_file_actions_addclose(&actions, master);
    posix_spawn_file_actions_addclose(&actions, slave);
    pid_t pid = -1;
    try {
        pid = spawn_with(argv, env, &actions);
    } catch (...) {
        ::close(master);
        ::close(slave);
        throw;
    }
    ::close(slave);
    // Read until the child's side closes (EIO on Linux), then reap it.
    TerminalRun run;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(master, buf, sizeof buf);
        if (n > 0) {
            run.output.append(buf, static_cast<std::size_t>(n));
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            break;
        }
    }
    ::close(master);
    run.code = wait_process(pid, std::chrono::seconds(60)).value_or(-1);
    return run;
}

std::optional<int> wait_process(pid_t pid, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (true) {
        int status = 0;
        const pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) {
            if (WIFEXITED(status)) return WEXITSTATUS(status);
            if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
            return -1;
        }
        if (r < 0 && errno != EINTR) throw std::runtime_error("waitpid failed");
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

void kill_process(pid_t pid) {
    if (pid <= 0) return;
    ::kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
}

std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// ---------------------------------------------------------------- flattening

namespace {

std::string format_progress(double progress) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4f", progress);
    return buf;
}

std::string join_links(const rapidjson::Value& links) {
    std::string out = "[";
    if (links.IsArray())
        for (const auto& link : links.GetArray()) out += json_string(link) + ",";
    return out + "]";
}

std::int64_t int_member(const rapidjson::Value& v, const char* name) {
    return v.HasMember(name) && v[name].IsInt64() ? v[name].GetInt64() : -1;
}

std::string list_key(const std::string& filename, const std::string& status,
                     const std::string& bytes, const std::string& added, const std::string& hash,
                     const std::string& host, const std::string& progress,
                     const std::string& links) {
    return "filename=" + filename + " status=" + status + " bytes=" + bytes + " added=" + added +
           " hash=" + hash + " host=" + host + " progress=" + progress + " links=" + links;
}

std::string details_head(const std::string& name, const std::string& status,
                         const std::string& size, const std::string& original_filename,
                         const std::string& original_bytes, const std::string& links) {
    return "name=" + name + " status=" + status + " size=" + size +
           " original=" + original_filename + "/" + original_bytes + " links=" + links + " files=";
}

std::string file_key(const std::string& id, const std::string& path, const std::string& bytes,
                     const std::string& selected) {
    return "{" + id + " " + path + " " + bytes + " " + selected + "}";
}

}  // namespace

// ---------------------------------------------------------------- fake-rd

FakeRd::FakeRd(const FakeRdConfig& config) : config_(config) {
    const std::string port_file = dir_.path() + "/port";
    std::vector<std::string> argv = {REDRIVA_BUILD_DIR "/fake-rd",
                                     "--port",
                                     "0",
                                     "--port-file",
                                     port_file,
                                     "--library",
                                     std::to_string(config.library),
                                     "--seed",
                                     std::to_string(config.seed),
                                     "--now",
                                     std::to_string(config.now_unix),
                                     "--token",
                                     config.token,
                                     "--rate",
                                     std::to_string(config.rate),
                                     "--window-ms",
                                     std::to_string(config.window_ms)};
    if (!config.latency.empty()) argv.insert(argv.end(), {"--latency", config.latency});
    if (config.fail_rate > 0) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.3f", config.fail_rate);
        argv.insert(argv.end(), {"--fail-rate", buf});
    }
    if (!config.bad_json.empty()) argv.insert(argv.end(), {"--bad-json", config.bad_json});
    if (config.hang_rate > 0)
        argv.insert(argv.end(), {"--hang-rate", std::to_string(config.hang_rate), "--hang-ms",
                                 std::to_string(config.hang_ms)});
    if (config.reset_rate > 0)
        argv.insert(argv.end(), {"--reset-rate", std::to_string(config.reset_rate)});
    argv.insert(argv.end(), {"--premium-days", std::to_string(config.premium_days)});
    const std::string log = dir_.path() + "/fake-rd.log";
    pid_ = spawn_process(argv, {}, log, log);

    const bool up = eventually(std::chrono::seconds(20), [&] {
        if (port_ == 0) {
            const std::string text = read_text_file(port_file);
            if (text.empty() || text.back() != '\n') return false;
            port_ = std::atoi(text.c_str());
            http_ = HttpClient("http://127.0.0.1:" + std::to_string(port_));
        }
        return port_ > 0 && http_.get("/control/stats").status == 200;
    });
    if (!up) {
        const std::string text = read_text_file(log);
        kill_process(pid_);
        pid_ = -1;
        throw std::runtime_error("fake-rd did not start: " + text);
    }
}

FakeRd::~FakeRd() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    if (!wait_process(pid_, std::chrono::seconds(5))) kill_process(pid_);
}

std::string FakeRd::api_url() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/rest/1.0";
}

rapidjson::Document FakeRd::stats() const {
    HttpResponse r = http_.get("/control/stats");
    BOOST_REQUIRE_EQUAL(r.status, 200);
    return parse_json(r.body);
}

std::int64_t FakeRd::stat(const char* name) const {
    rapidjson::Document doc = stats();
    BOOST_REQUIRE_MESSAGE(doc.HasMember(name) && doc[name].IsInt64(),
                          "/control/stats has no integer " << name);
    return doc[name].GetInt64();
}

std::vector<std::string> FakeRd::logged_paths() const {
    HttpResponse r = http_.get("/control/log");
    BOOST_REQUIRE_EQUAL(r.status, 200);
    rapidjson::Document doc = parse_json(r.body);
    BOOST_REQUIRE(doc.IsArray());
    std::vector<std::string> paths;
    for (const auto& e : doc.GetArray()) paths.push_back(json_string(e["path"]));
    return paths;
}

void FakeRd::reset_log() const {
    BOOST_REQUIRE_EQUAL(http_.post("/control/reset-log", "").status, 200);
}

std::vector<std::string> FakeRd::add(int n) const {
    HttpResponse r = http_.post("/control/add?n=" + std::to_string(n), "");
    BOOST_REQUIRE_EQUAL(r.status, 200);
    rapidjson::Document doc = parse_json(r.body);
    std::vector<std::string> ids;
    for (const auto& id : doc["ids"].GetArray()) ids.push_back(json_string(id));
    BOOST_REQUIRE_EQUAL(ids.size(), static_cast<std::size_t>(n));
    return ids;
}

void FakeRd::remove(const std::string& id) const {
    BOOST_REQUIRE_EQUAL(http_.post("/control/delete?id=" + url_encode(id), "").status, 200);
}

void FakeRd::set(const std::string& id, const std::string& status, double progress) const {
    const std::string target = "/control/set?id=" + url_encode(id) +
                               "&status=" + url_encode(status) +
                               "&progress=" + format_progress(progress);
    BOOST_REQUIRE_EQUAL(http_.post(target, "").status, 200);
}

void FakeRd::rules(const std::string& query) const {
    BOOST_REQUIRE_EQUAL(http_.post("/control/rules?" + query, "").status, 200);
}

HttpResponse FakeRd::api_get(const std::string& target) const {
    HttpOptions options;
    options.headers = {"Authorization: Bearer " + config_.token};
    for (int attempt = 0;; ++attempt) {
        HttpResponse r = http_.get("/rest/1.0" + target, options);
        const bool retry = r.status == 0 || r.status == 429 || r.status >= 500;
        if (!retry || attempt >= 200) return r;
        std::this_thread::sleep_for(std::chrono::milliseconds(r.status == 429 ? 200 : 20));
    }
}

std::vector<std::string> FakeRd::list_ids() const {
    std::vector<std::string> ids;
    for (const auto& [id, t] : truth(false)) ids.push_back(id);
    return ids;
}

Truth FakeRd::truth(bool details, const std::set<std::string>& no_details) const {
    Truth truth;
    constexpr int kLimit = 5000;
    for (int page = 1;; ++page) {
        HttpResponse r =
            api_get("/torrents?limit=" + std::to_string(kLimit) + "&page=" + std::to_string(page));
        if (r.status == 204) break;
        BOOST_REQUIRE_EQUAL(r.status, 200);
        rapidjson::Document doc = parse_json(r.body);
        BOOST_REQUIRE(doc.IsArray());
        for (const auto& e : doc.GetArray()) {
            TruthTorrent t;
            t.status = json_string(e["status"]);
            t.list = list_key(json_string(e["filename"]), t.status,
                              std::to_string(int_member(e, "bytes")), json_string(e["added"]),
                              json_string(e["hash"]), json_string(e["host"]),
                              format_progress(e["progress"].GetDouble()), join_links(e["links"]));
            truth[json_string(e["id"])] = std::move(t);
        }
        if (doc.GetArray().Size() < static_cast<rapidjson::SizeType>(kLimit)) break;
    }
    if (!details) return truth;

    std::vector<std::string> ids;
    for (const auto& [id, t] : truth)
        if (!no_details.count(id)) ids.push_back(id);
    std::vector<std::string> keys(ids.size());
    std::vector<std::string> errors;
    std::mutex errors_mutex;
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> threads;
    for (int n = 0; n < 8; ++n)
        threads.emplace_back([&] {
            for (std::size_t i; (i = next++) < ids.size();) {
                HttpResponse r = api_get("/torrents/info/" + ids[i]);
                rapidjson::Document doc;
                doc.Parse(r.body.c_str());
                if (r.status != 200 || doc.HasParseError() || !doc.IsObject() ||
                    !doc.HasMember("files")) {
                    std::lock_guard lock(errors_mutex);
                    errors.push_back(ids[i] + ": " + std::to_string(r.status));
                    continue;
                }
                std::string key = details_head(
                    json_string(doc["filename"]), json_string(doc["status"]),
                    std::to_string(int_member(doc, "bytes")), json_string(doc["original_filename"]),
                    std::to_string(int_member(doc, "original_bytes")), join_links(doc["links"]));
                std::map<std::int64_t, std::string> files;
                for (const auto& f : doc["files"].GetArray())
                    files[int_member(f, "id")] =
                        file_key(std::to_string(int_member(f, "id")), json_string(f["path"]),
                                 std::to_string(int_member(f, "bytes")),
                                 std::to_string(int_member(f, "selected")));
                for (const auto& [id, text] : files) key += text;
                keys[i] = std::move(key);
            }
        });
    for (auto& t : threads) t.join();
    if (!errors.empty())
        BOOST_FAIL("the fake's info failed for " << errors.size() << " torrents, first "
                                                 << errors.front());
    for (std::size_t i = 0; i < ids.size(); ++i) truth[ids[i]].details = std::move(keys[i]);
    return truth;
}

// ---------------------------------------------------------------- redriva-sync

SyncWorld::SyncWorld(const FakeRd& fake) : logs_(dir_.path() + "/e2e-stderr") {
    std::filesystem::create_directories(logs_);
    env = {{"RD_TOKEN", fake.config().token},
           {"REDRIVA_RD_API_URL", fake.api_url()},
           {"REDRIVA_RD_RATE", "100000"},
           {"REDRIVA_DATA_DIR", dir_.path()}};
}

std::string SyncWorld::stderr_path(const std::string& tag) const {
    return logs_ + "/" + tag + ".stderr";
}

std::string SyncWorld::stdout_path(const std::string& tag) const {
    return logs_ + "/" + tag + ".stdout";
}

EnvVars SyncWorld::with(const EnvVars& extra) const {
    EnvVars all = env;
    for (const auto& kv : extra) {
        bool replaced = false;
        for (auto& have : all)
            if (have.first == kv.first) {
                have.second = kv.second;
                replaced = true;
            }
        if (!replaced) all.push_back(kv);
    }
    return all;
}

pid_t SyncWorld::start(const std::vector<std::string>& args, const std::string& tag,
                       const EnvVars& extra) const {
    std::vector<std::string> argv = {REDRIVA_BUILD_DIR "/redriva-sync"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::error_code ignored;
    std::filesystem::remove(stderr_path(tag), ignored);
    std::filesystem::remove(stdout_path(tag), ignored);
    return spawn_process(argv, with(extra), stdout_path(tag), stderr_path(tag));
}

TerminalRun SyncWorld::run_on_terminal(const std::vector<std::string>& args,
                                       const EnvVars& extra) const {
    std::vector<std::string> argv = {REDRIVA_BUILD_DIR "/redriva-sync"};
    argv.insert(argv.end(), args.begin(), args.end());
    return e2e::run_on_terminal(argv, with(extra));
}

SyncOutcome SyncWorld::run(const std::vector<std::string>& args, const EnvVars& extra,
                           std::chrono::milliseconds limit) const {
    static int counter = 0;
    const std::string tag = "run" + std::to_string(++counter);
    const auto started = std::chrono::steady_clock::now();
    const pid_t pid = start(args, tag, extra);
    const std::optional<int> code = wait_process(pid, limit);
    SyncOutcome outcome;
    outcome.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!code) kill_process(pid);
    outcome.err = read_text_file(stderr_path(tag));
    outcome.out = read_text_file(stdout_path(tag));
    BOOST_REQUIRE_MESSAGE(code.has_value(), "redriva-sync did not finish: " << outcome.err);
    outcome.code = *code;
    return outcome;
}

// ---------------------------------------------------------------- comparison

Truth database_truth(const std::string& database_path) {
    TruthDb db(database_path);
    Truth truth;
    auto text = [](const SqlValue& v) { return v.value_or(""); };
    auto links = [&](const SqlValue& v) {
        rapidjson::Document doc;
        doc.Parse(text(v).c_str());
        return doc.HasParseError() ? "<bad JSON " + text(v) + ">" : join_links(doc);
    };
    for (const SqlRow& r : db.rows(
             "SELECT id, filename, status, bytes, added_on, hash, host, printf('%.4f', progress), "
             "links FROM torrents")) {
        TruthTorrent t;
        t.status = text(r[2]);
        t.list = list_key(text(r[1]), t.status, text(r[3]), text(r[4]), text(r[5]), text(r[6]),
                          text(r[7]), links(r[8]));
        truth[text(r[0])] = std::move(t);
    }
    for (const SqlRow& r :
         db.rows("SELECT id, name, status, size, original_filename, original_bytes, links "
                 "FROM torrent_details")) {
        // A details row without its list row shows up as a torrent with no list.
        truth[text(r[0])].details =
            details_head(text(r[1]), text(r[2]), text(r[3]), text(r[4]), text(r[5]), links(r[6]));
    }
    for (const SqlRow& r : db.rows("SELECT torrent_id, file_id, path, bytes, selected "
                                   "FROM torrent_files ORDER BY torrent_id, file_id")) {
        auto it = truth.find(text(r[0]));
        const std::string key = file_key(text(r[1]), text(r[2]), text(r[3]), text(r[4]));
        if (it == truth.end() || it->second.details.empty())
            truth["orphan files of " + text(r[0])].details += key;
        else
            it->second.details += key;
    }
    return truth;
}

void expect_same(const Truth& fake, const Truth& db, bool details) {
    int missing = 0, extra = 0, list_diffs = 0, detail_diffs = 0;
    constexpr int kShow = 3;
    for (const auto& [id, want] : fake) {
        auto it = db.find(id);
        if (it == db.end()) {
            if (++missing <= kShow) BOOST_ERROR("missing from the database: " << id);
            continue;
        }
        if (it->second.list != want.list && ++list_diffs <= kShow)
            BOOST_ERROR("list entry " << id << "\n  fake: " << want.list
                                      << "\n  db:   " << it->second.list);
        const std::string& expected = details ? want.details : std::string();
        if (it->second.details != expected && ++detail_diffs <= kShow)
            BOOST_ERROR("details " << id << "\n  fake: " << expected
                                   << "\n  db:   " << it->second.details);
    }
    for (const auto& [id, have] : db)
        if (!fake.count(id) && ++extra <= kShow)
            BOOST_ERROR("in the database, not on the fake: " << id);
    BOOST_TEST(missing == 0);
    BOOST_TEST(extra == 0);
    BOOST_TEST(list_diffs == 0);
    BOOST_TEST(detail_diffs == 0);
    BOOST_TEST(db.size() == fake.size());
}

std::string outcome_text(const SyncOutcome& out) {
    return "exit " + std::to_string(out.code) + ": " + out.err;
}

std::vector<std::string> integrity_check(const std::string& path) {
    db::Database db(path);
    std::vector<std::string> lines;
    auto stmt = db.prepare("PRAGMA integrity_check");
    auto use = stmt.use();
    while (use.step()) lines.push_back(use.str(0));
    return lines;
}

bool kill_then_converge(const FakeRd& fake, const SyncWorld& world,
                        const std::vector<std::string>& args, int pause_ms) {
    const Truth truth = fake.truth();
    const pid_t pid = world.start(args, "killed");
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
    kill_process(pid);

    std::vector<std::string> running;
    if (std::filesystem::exists(world.database_path())) {
        BOOST_TEST(integrity_check(world.database_path()) == std::vector<std::string>{"ok"},
                   boost::test_tools::per_element());
        running =
            TruthDb(world.database_path()).column("SELECT id FROM jobs WHERE state = 'running'");
    }

    const SyncOutcome next = world.run({"smart"});
    BOOST_TEST(next.code == 0, outcome_text(next));
    BOOST_TEST(integrity_check(world.database_path()) == std::vector<std::string>{"ok"},
               boost::test_tools::per_element());
    expect_same(truth, database_truth(world.database_path()));
    TruthDb db(world.database_path());
    BOOST_TEST(db.integer("SELECT count(*) FROM jobs WHERE state = 'running'") == 0);
    for (const auto& id : running)
        BOOST_TEST(db.column("SELECT state FROM jobs WHERE id = ?", {id}) ==
                       std::vector<std::string>{"failed"},
                   boost::test_tools::per_element());
    return !running.empty();
}

}  // namespace redriva::e2e
