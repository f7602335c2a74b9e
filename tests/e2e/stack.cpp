#include "stack.h"

#include "common/clock.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/test/tree/observer.hpp>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace redriva::e2e {

namespace {

// ---------------------------------------------------------------- libcurl RAII

struct CurlCleanup {
    void operator()(CURL* curl) const noexcept { curl_easy_cleanup(curl); }
};
using CurlHandle = std::unique_ptr<CURL, CurlCleanup>;

struct SlistCleanup {
    void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};
using HeaderList = std::unique_ptr<curl_slist, SlistCleanup>;

void append_header(HeaderList& list, const std::string& line) {
    curl_slist* grown = curl_slist_append(list.get(), line.c_str());
    if (!grown) throw std::runtime_error("curl_slist_append failed");
    (void)list.release();  // now owned by `grown`
    list.reset(grown);
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* response = static_cast<HttpResponse*>(user);
    std::string_view line(data, size * count);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
    if (line.starts_with("HTTP/")) {
        response->headers.clear();  // a new response (e.g. after 100 Continue)
        return size * count;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return size * count;
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    response->headers.emplace_back(std::move(name), std::string(value));
    return size * count;
}

// ---------------------------------------------------------------- processes

}  // namespace

int free_port() {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error("socket() failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = 0;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        close(fd);
        throw std::runtime_error("cannot find a free port");
    }
    close(fd);
    return ntohs(addr.sin_port);
}

namespace {

// Runs argv with `env` added to (and overriding) this process's environment;
// stdout and stderr go to `log_path`. Returns the exit code (-1 if signalled).
int run_process(const std::vector<std::string>& argv,
                const std::vector<std::pair<std::string, std::string>>& env,
                const std::string& log_path) {
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) {
        std::string_view entry(*e);
        bool overridden = false;
        for (const auto& [key, value] : env)
            if (entry.substr(0, entry.find('=')) == key) overridden = true;
        if (!overridden) env_strings.emplace_back(entry);
    }
    for (const auto& [key, value] : env) env_strings.push_back(key + "=" + value);
    std::vector<char*> envp, args;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> argv_copy = argv;
    for (auto& s : argv_copy) args.push_back(s.data());
    args.push_back(nullptr);

    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        int out = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (in < 0 || out < 0) _exit(126);
        dup2(in, 0);
        dup2(out, 1);
        dup2(out, 2);
        execve(args[0], args.data(), envp.data());
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) throw std::runtime_error("waitpid failed");
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

Stack* g_stack = nullptr;

}  // namespace

// ---------------------------------------------------------------- HttpResponse

std::string HttpResponse::header(std::string_view name) const {
    for (const auto& [key, value] : headers)
        if (key == name) return value;
    return "";
}

bool HttpResponse::has_header(std::string_view name) const {
    for (const auto& [key, value] : headers)
        if (key == name) return true;
    return false;
}

bool HttpResponse::is_html() const {
    return content_type.starts_with("text/html");
}
bool HttpResponse::is_json() const {
    return content_type.starts_with("application/json");
}

// ---------------------------------------------------------------- HttpClient

HttpResponse HttpClient::get(std::string_view target, const HttpOptions& options) const {
    return request("GET", target, std::nullopt, options);
}

HttpResponse HttpClient::head(std::string_view target, const HttpOptions& options) const {
    return request("HEAD", target, std::nullopt, options);
}

HttpResponse HttpClient::post(std::string_view target, std::string_view body,
                              const HttpOptions& options) const {
    return request("POST", target, body, options);
}

HttpResponse HttpClient::request(std::string_view method, std::string_view target,
                                 std::optional<std::string_view> body,
                                 const HttpOptions& options) const {
    HttpResponse response;
    CurlHandle curl(curl_easy_init());
    if (!curl) {
        response.error = "curl_easy_init failed";
        return response;
    }
    const std::string url = base_ + std::string(target);
    const std::string method_text(method);
    const std::string body_copy(body.value_or(""));
    HeaderList headers;
    append_header(headers, "Expect:");  // no 100-continue round trip for big bodies
    for (const auto& h : options.headers) append_header(headers, h);

    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, options.timeout_ms);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &response);
    if (!options.cookie.empty()) curl_easy_setopt(c, CURLOPT_COOKIE, options.cookie.c_str());
    if (method_text == "HEAD") {
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    } else if (method_text == "POST") {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body_copy.size()));
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body_copy.c_str());
    } else if (method_text != "GET") {
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method_text.c_str());
    }

    const auto started = std::chrono::steady_clock::now();
    CURLcode rc = curl_easy_perform(c);
    response.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (rc != CURLE_OK) {
        response.error = curl_easy_strerror(rc);
        response.status = 0;
        return response;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
    response.content_type = response.header("content-type");
    return response;
}

// ---------------------------------------------------------------- JSON

rapidjson::Document parse_json(const std::string& body) {
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseFullPrecisionFlag>(body.c_str(), body.size());
    BOOST_REQUIRE_MESSAGE(!doc.HasParseError(), "not JSON: " + body.substr(0, 300));
    return doc;
}

std::vector<std::string> member_names(const rapidjson::Value& object) {
    std::vector<std::string> names;
    if (!object.IsObject()) return names;
    for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it)
        names.emplace_back(it->name.GetString(), it->name.GetStringLength());
    return names;
}

std::string json_string(const rapidjson::Value& value) {
    return value.IsString() ? std::string(value.GetString(), value.GetStringLength())
                            : std::string();
}

// ---------------------------------------------------------------- TruthDb

TruthDb::TruthDb(const std::string& path) : db_(path, db::Database::Mode::kReadOnly) {}

std::vector<SqlRow> TruthDb::rows(const std::string& sql, const std::vector<SqlValue>& args) {
    struct Finalizer {
        void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
    };
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_.handle(), sql.c_str(), static_cast<int>(sql.size()), &raw,
                           nullptr) != SQLITE_OK)
        throw std::runtime_error("truth SQL: " + std::string(sqlite3_errmsg(db_.handle())) + ": " +
                                 sql);
    std::unique_ptr<sqlite3_stmt, Finalizer> statement(raw);
    for (std::size_t i = 0; i < args.size(); ++i) {
        const int index = static_cast<int>(i + 1);
        if (args[i])
            sqlite3_bind_text(raw, index, args[i]->data(), static_cast<int>(args[i]->size()),
                              SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(raw, index);
    }
    std::vector<SqlRow> out;
    const int columns = sqlite3_column_count(raw);
    int rc;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
        SqlRow row;
        for (int col = 0; col < columns; ++col) {
            if (sqlite3_column_type(raw, col) == SQLITE_NULL) {
                row.emplace_back(std::nullopt);
            } else {
                auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, col));
                row.emplace_back(
                    std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(raw, col))));
            }
        }
        out.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE)
        throw std::runtime_error("truth SQL: " + std::string(sqlite3_errmsg(db_.handle())));
    return out;
}

std::vector<std::string> TruthDb::column(const std::string& sql,
                                         const std::vector<SqlValue>& args) {
    std::vector<std::string> out;
    for (auto& row : rows(sql, args)) out.push_back(row.empty() ? "" : row[0].value_or(""));
    return out;
}

std::int64_t TruthDb::integer(const std::string& sql, const std::vector<SqlValue>& args) {
    auto all = rows(sql, args);
    if (all.empty() || all[0].empty() || !all[0][0]) return 0;
    return std::stoll(*all[0][0]);
}

bool job_finished(const Stack& stack, std::int64_t id, std::chrono::seconds limit) {
    return eventually(limit, [&] {
        auto doc = parse_json(stack.http().get("/api/sync/status").body);
        return doc["current"].IsNull() && doc["last"].IsObject() &&
               doc["last"]["id"].GetInt64() == id;
    });
}

rapidjson::Document wait_job(const Stack& stack, std::int64_t job) {
    rapidjson::Document doc;
    const bool ended = eventually(std::chrono::seconds(30), [&] {
        const HttpResponse r = stack.http().get("/api/jobs/" + std::to_string(job));
        if (r.status != 200) return false;
        doc = parse_json(r.body);
        const std::string state = json_string(doc["state"]);
        return state != "queued" && state != "running";
    });
    BOOST_TEST(ended, "job " << job << " did not end");
    return doc;
}

// ---------------------------------------------------------------- Stack

Stack::Stack(const StackOptions& options) {
    std::string tmpl = options.parent_dir + "/redriva-e2e-XXXXXX";
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed in " + options.parent_dir);
    dir_ = tmpl;
    const std::string log = dir_ + "/e2e-scripts.log";
    demo_ = options.demo;
    torrents_ = options.torrents;
    env_ = options.env;
    int rc = demo_ ? 0
                   : run_process({REDRIVA_BUILD_DIR "/redriva-generate", "--db", database_path(),
                                  "--torrents", std::to_string(options.torrents), "--seed",
                                  std::to_string(options.seed), "--demo"},
                                 {}, log);
    if (rc != 0) {
        keep_dir_ = true;
        throw std::runtime_error("redriva-generate failed (" + std::to_string(rc) +
                                 "): " + read_file(log));
    }
    port_ = free_port();
    http_ = HttpClient("http://127.0.0.1:" + std::to_string(port_));
    running_ = true;
    rc = run_script("run", log);
    if (rc != 0) {
        keep_dir_ = true;
        std::string text = read_file(log);
        stop();
        throw std::runtime_error("scripts/run --detach failed (" + std::to_string(rc) + ") for " +
                                 dir_ + ":\n" + text);
    }
    truth_ = std::make_unique<TruthDb>(database_path());
}

Stack::~Stack() {
    try {
        stop();
    } catch (...) {
    }
}

int Stack::run_script(const std::string& script, const std::string& log_name) const {
    std::vector<std::string> argv = {"/bin/bash", REDRIVA_SOURCE_DIR "/scripts/" + script};
    if (script == "run") argv.push_back("--detach");
    if (script == "deploy") argv.push_back("--skip-tests");
    std::vector<std::pair<std::string, std::string>> env = {
        {"REDRIVA_DATA_DIR", dir_},
        {"REDRIVA_PORT", std::to_string(port_)},
        {"REDRIVA_WORKERS", "2"},
        {"REDRIVA_BUILD_DIR", REDRIVA_BUILD_DIR},
        {"REDRIVA_NO_BUILD", "1"}};
    if (demo_) {
        // No token: scripts/run starts the bundled fake and syncs from it.
        env.insert(env.end(),
                   {{"RD_TOKEN", ""}, {"REDRIVA_DEMO_TORRENTS", std::to_string(torrents_)}});
    } else {
        // The generated library is the system under test: no sync may
        // replace it. A token (to nowhere) keeps scripts/run out of demo
        // mode, and queued jobs wait.
        env.insert(env.end(), {{"REDRIVA_TEST_ROUTES", "1"},
                               {"REDRIVA_REQUEST_TIMEOUT", "3"},
                               {"RD_TOKEN", "e2e-no-sync"},
                               {"REDRIVA_RD_API_URL", "http://127.0.0.1:9/rest/1.0"},
                               {"REDRIVA_SYNC_ON_REQUEST", "0"}});
    }
    for (const auto& [key, value] : env_) {
        auto same =
            std::find_if(env.begin(), env.end(), [&](const auto& kv) { return kv.first == key; });
        if (same != env.end())
            same->second = value;
        else
            env.emplace_back(key, value);
    }
    return run_process(argv, env, log_name);
}

void Stack::stop() {
    if (running_) {
        running_ = false;
        truth_.reset();
        int rc = run_script("stop", dir_ + "/e2e-scripts.log");
        if (rc != 0) {
            keep_dir_ = true;
            std::cerr << "e2e: scripts/stop failed (" << rc << ") for " << dir_ << "\n";
        }
    }
    if (dir_.empty()) return;
    if (keep_dir_) {
        std::cerr << "e2e: keeping the data dir " << dir_ << " (port " << port_ << ")\n";
    } else {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    dir_.clear();
}

std::string Stack::url(std::string_view target) const {
    return http_.base_url() + std::string(target);
}

int Stack::master_pid() const {
    std::string text = read_file(dir_ + "/run/redriva-web.pid");
    try {
        return std::stoi(text);
    } catch (...) {
        return 0;
    }
}

void set_shared_stack(Stack* shared) {
    g_stack = shared;
}

Stack& stack() {
    BOOST_REQUIRE_MESSAGE(g_stack != nullptr, "the shared stack did not start");
    return *g_stack;
}

// ---------------------------------------------------------------- helpers

std::vector<std::string> quoted_after(const std::string& text, std::string_view prefix) {
    std::vector<std::string> out;
    for (std::size_t at = text.find(prefix); at != std::string::npos;
         at = text.find(prefix, at + 1)) {
        const std::size_t start = at + prefix.size();
        const std::size_t end = text.find('"', start);
        if (end == std::string::npos) break;
        out.push_back(text.substr(start, end - start));
    }
    return out;
}

std::vector<std::string> linked_torrent_ids(const std::string& html) {
    std::vector<std::string> ids;
    for (auto& id : quoted_after(html, "href=\"/torrents/")) {
        bool alnum = !id.empty();
        for (unsigned char c : id) alnum = alnum && std::isalnum(c);
        if (alnum) ids.push_back(std::move(id));
    }
    return ids;
}

std::string html_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '\r':
            case '\n':
            case '\v':
            case '\f':
            case '\t': out += ' '; break;
            default: out += c;
        }
    }
    return out;
}

std::string iso8601(std::int64_t unix_seconds) {
    return redriva::iso8601_utc(unix_seconds);
}

std::int64_t unix_now() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

}  // namespace redriva::e2e
