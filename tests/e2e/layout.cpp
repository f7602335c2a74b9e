// Where a stack keeps its files: nginx's workers run unprivileged and reach what
// they need (the pool's socket, the static files, the error pages) even when the
// data dir and the checkout are in a directory only their owner can enter, as a
// clone under /root or in `mktemp -d` is.
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "fake_rd.h"
#include "stack.h"

namespace redriva::e2e {

namespace {

// The processes whose parent is `parent`, from /proc.
std::vector<pid_t> children_of(pid_t parent) {
    std::vector<pid_t> children;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream stat(entry.path() / "stat");
        std::string line;
        if (!std::getline(stat, line)) continue;
        const auto close = line.rfind(')');
        if (close == std::string::npos) continue;
        char state = 0;
        int ppid = 0;
        if (std::sscanf(line.c_str() + close + 1, " %c %d", &state, &ppid) == 2 && ppid == parent)
            children.push_back(std::stoi(name));
    }
    return children;
}

uid_t real_uid_of(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.starts_with("Uid:")) return static_cast<uid_t>(std::stoul(line.substr(4)));
    return static_cast<uid_t>(-1);
}

// A directory only its owner (root) can enter, removed at the end.
struct PrivateDir {
    PrivateDir() {
        char tmpl[] = "/tmp/redriva-private-XXXXXX";
        BOOST_REQUIRE(::mkdtemp(tmpl) != nullptr);
        path = tmpl;
        ::chmod(path.c_str(), 0700);
    }
    ~PrivateDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    std::string path;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(layout)

BOOST_AUTO_TEST_CASE(nginx_workers_run_unprivileged_in_a_private_directory) {
    const passwd* www = ::getpwnam("www-data");
    if (::geteuid() != 0 || www == nullptr) {
        BOOST_TEST_MESSAGE(
            "skipped: needs root and a www-data user (nginx's workers run as "
            "the caller otherwise)");
        return;
    }
    PrivateDir parent;
    StackOptions options;
    options.torrents = 50;
    options.parent_dir = parent.path;
    Stack stack(options);
    const std::string run_dir = stack.data_dir() + "/run";

    // The workers are www-data's, which cannot enter the data dir.
    const int nginx = std::stoi(read_text_file(run_dir + "/nginx/nginx.pid"));
    const auto workers = children_of(nginx);
    BOOST_REQUIRE(!workers.empty());
    for (pid_t worker : workers) BOOST_TEST(real_uid_of(worker) == www->pw_uid);

    // The data dir still names the socket: a link into a directory they can reach.
    const std::string link = run_dir + "/sock";
    const std::string target = std::filesystem::read_symlink(link).string();
    BOOST_TEST(target.starts_with("/run/redriva/"), target);
    struct stat st {};
    BOOST_REQUIRE(::stat((link + "/redriva-web.sock").c_str(), &st) == 0);
    BOOST_TEST(S_ISSOCK(st.st_mode));

    // Pages (through the socket), static files and scripts answer.
    BOOST_TEST(stack.http().get("/").status == 200);
    BOOST_TEST(stack.http().get("/torrents").status == 200);
    BOOST_TEST(stack.http().get("/api/health").status == 200);
    const HttpResponse css = stack.http().get("/static/css/redriva.css");
    BOOST_TEST(css.status == 200);
    BOOST_TEST(css.body == read_text_file(REDRIVA_SOURCE_DIR "/static/css/redriva.css"));
    BOOST_TEST(stack.http().get("/static/js/redriva.js").status == 200);

    // With the pool gone, nginx answers with its own error page.
    const int master = stack.master_pid();
    BOOST_REQUIRE(master > 0);
    ::kill(master, SIGTERM);
    BOOST_REQUIRE(eventually(std::chrono::seconds(10), [&] { return ::kill(master, 0) != 0; }));
    const HttpResponse down = stack.http().get("/");
    BOOST_TEST(down.status == 502);
    BOOST_TEST(down.body.find("Redriva is unavailable") != std::string::npos, down.body);

    // scripts/stop removes what the stack put outside its data dir.
    stack.stop();
    BOOST_TEST(!std::filesystem::exists(target));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
