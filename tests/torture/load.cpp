#include "load.h"

#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "fake_rd.h"

namespace redriva::torture {

namespace {

// Counts 4xx and 5xx per wrk thread and prints the sums at the end.
constexpr const char* kScript = R"lua(
local paths = {}
for line in io.lines(os.getenv("REDRIVA_LOAD_PATHS")) do paths[#paths + 1] = line end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  counter = 0
  s4xx = 0
  s5xx = 0
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], { ["Connection"] = "close" })
end
function response(status, headers, body)
  if status >= 500 then s5xx = s5xx + 1 elseif status >= 400 then s4xx = s4xx + 1 end
end
function done(summary, latency, requests)
  local f, g = 0, 0
  for _, t in ipairs(threads) do
    g = g + t:get("s4xx")
    f = f + t:get("s5xx")
  end
  io.write(string.format("REDRIVA 4xx=%d 5xx=%d\n", g, f))
end
)lua";

std::int64_t number_after(const std::string& text, const std::string& label) {
    const auto at = text.find(label);
    if (at == std::string::npos) return 0;
    return std::atoll(text.c_str() + at + label.size());
}

}  // namespace

std::string LoadResult::describe(int connections) const {
    char seconds_text[32];
    std::snprintf(seconds_text, sizeof seconds_text, "%.0f s", seconds);
    return std::to_string(connections) + " conn, " + seconds_text + ", " + thousands(requests) +
           " req";
}

Load::Load(const std::string& base_url, const std::vector<std::string>& paths, int connections,
           int seconds)
    : seconds_(seconds) {
    char tmpl[] = "/tmp/redriva-load-XXXXXX";
    if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    std::ofstream(dir_ + "/load.lua") << kScript;
    std::ofstream list(dir_ + "/paths.txt");
    for (const auto& p : paths) list << p << "\n";
    list.close();
    pid_ = e2e::spawn_process({"/usr/bin/wrk", "-t2", "-c" + std::to_string(connections),
                               "-d" + std::to_string(seconds) + "s", "--timeout", "10s", "-s",
                               dir_ + "/load.lua", base_url},
                              {{"REDRIVA_LOAD_PATHS", dir_ + "/paths.txt"}}, dir_ + "/out.txt",
                              dir_ + "/err.txt");
}

Load::~Load() {
    if (pid_ > 0) e2e::kill_process(pid_);
    std::system(("rm -rf '" + dir_ + "'").c_str());
}

LoadResult Load::wait() {
    LoadResult r;
    const auto code = e2e::wait_process(pid_, std::chrono::seconds(seconds_ + 60));
    if (!code) e2e::kill_process(pid_);
    pid_ = -1;
    r.output = e2e::read_text_file(dir_ + "/out.txt") + e2e::read_text_file(dir_ + "/err.txt");
    const auto at = r.output.find(" requests in ");
    if (at != std::string::npos) {
        auto start = r.output.rfind('\n', at);
        r.requests = std::atoll(r.output.c_str() + (start == std::string::npos ? 0 : start + 1));
        // "… requests in 30.00s" or "in 10.00m".
        char* unit = nullptr;
        r.seconds = std::strtod(r.output.c_str() + at + 13, &unit);
        if (unit && *unit == 'm') r.seconds *= 60;
    }
    r.non_2xx = number_after(r.output, "Non-2xx or 3xx responses: ");
    r.errors = number_after(r.output, "Socket errors: connect ") +
               number_after(r.output, ", read ") + number_after(r.output, ", write ") +
               number_after(r.output, ", timeout ");
    r.status_4xx = number_after(r.output, "REDRIVA 4xx=");
    r.status_5xx = number_after(r.output, " 5xx=");
    if (!code || *code != 0 || r.requests == 0)
        throw std::runtime_error("wrk failed (exit " + (code ? std::to_string(*code) : "none") +
                                 "): " + r.output);
    return r;
}

std::vector<std::string> reader_paths(const std::vector<std::string>& ids) {
    std::vector<std::string> paths = {"/",
                                      "/torrents",
                                      "/torrents?page=2",
                                      "/torrents?status=dead&sort=size",
                                      "/torrents?sort=name&order=asc&page=3",
                                      "/search?q=night",
                                      "/api/stats",
                                      "/api/torrents?page_size=100",
                                      "/api/torrents?status=active",
                                      "/api/sync/status",
                                      "/api/charts"};
    for (std::size_t i = 0; i < ids.size(); ++i) {
        paths.push_back("/torrents/" + ids[i]);
        paths.push_back("/api/torrents/" + ids[i]);
    }
    return paths;
}

std::vector<pid_t> children_of(pid_t parent) {
    std::vector<pid_t> out;
    DIR* proc = ::opendir("/proc");
    if (!proc) return out;
    while (dirent* entry = ::readdir(proc)) {
        const pid_t pid = std::atoi(entry->d_name);
        if (pid <= 0) continue;
        std::ifstream stat("/proc/" + std::string(entry->d_name) + "/stat");
        std::string text;
        std::getline(stat, text);
        // pid (comm) state ppid …: comm may hold spaces, so read after the last ')'.
        const auto close = text.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(text.substr(close + 2));
        char state = 0;
        pid_t ppid = 0;
        rest >> state >> ppid;
        if (ppid == parent && state != 'Z') out.push_back(pid);
    }
    ::closedir(proc);
    return out;
}

std::int64_t rss_kb(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.starts_with("VmRSS:")) return std::atoll(line.c_str() + 6);
    return 0;
}

std::int64_t file_size(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<std::int64_t>(st.st_size) : 0;
}

std::string thousands(std::int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

}  // namespace redriva::torture
