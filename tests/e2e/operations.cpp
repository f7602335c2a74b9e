// Operations: `redriva-sync backup FILE` on the live stack's database, the
// logrotate file, and the pool started the way systemd's socket activation does.
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fstream>
#include <string>

#include "fake_rd.h"
#include "stack.h"

namespace redriva::e2e {

namespace {

struct CommandResult {
    int code = -1;
    std::string output;
};

CommandResult run(const std::string& command) {
    CommandResult result;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    BOOST_REQUIRE(pipe != nullptr);
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
        result.output.append(buffer, n);
    const int status = ::pclose(pipe);
    result.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::string sync_command(const std::string& arguments) {
    return "REDRIVA_DATA_DIR='" + stack().data_dir() + "' " REDRIVA_BUILD_DIR "/redriva-sync " +
           arguments;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(operations)

BOOST_AUTO_TEST_CASE(backup_copies_the_live_database) {
    const std::string file = stack().data_dir() + "/backup-test.db";
    CommandResult r = run(sync_command("backup '" + file + "'"));
    BOOST_TEST(r.code == 0, r.output);
    BOOST_TEST(r.output.find("written to " + file) != std::string::npos, r.output);
    struct stat st {};
    BOOST_REQUIRE(::stat(file.c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0600u);
    {
        db::Database copy(file, db::Database::Mode::kReadOnly);
        auto check = copy.prepare("PRAGMA integrity_check");
        auto use = check.use();
        BOOST_REQUIRE(use.step());
        BOOST_TEST(use.str(0) == "ok");
        auto count = copy.prepare("SELECT count(*) FROM torrents");
        auto c = count.use();
        BOOST_REQUIRE(c.step());
        BOOST_TEST(c.int64(0) == truth().integer("SELECT count(*) FROM torrents"));
    }
    // Again over the same file: replaced whole, no temporary left behind.
    r = run(sync_command("backup '" + file + "'"));
    BOOST_TEST(r.code == 0, r.output);
    BOOST_TEST(run("ls '" + stack().data_dir() + "' | grep -c 'backup-test.db.tmp'").output ==
               "0\n");
    std::remove(file.c_str());
}

BOOST_AUTO_TEST_CASE(backup_refuses_what_it_cannot_do) {
    CommandResult r = run(sync_command("backup '" + stack().database_path() + "'"));
    BOOST_TEST(r.code == 1);
    BOOST_TEST(r.output.find("the database itself") != std::string::npos, r.output);
    r = run(sync_command("backup /nonexistent-dir/x.db"));
    BOOST_TEST(r.code == 1);
    BOOST_TEST(r.output.find("cannot create /nonexistent-dir/x.db") != std::string::npos, r.output);
    r = run(sync_command("backup"));
    BOOST_TEST(r.code == 2, r.output);
}

BOOST_AUTO_TEST_CASE(logrotate_config_is_valid_and_reopens_nginx_logs) {
    // The shipped file, pointed at this stack's data dir, run by logrotate itself.
    const std::string dir = stack().data_dir();
    // Its paths are the systemd layout's; scripts/run keeps nginx's files in run/nginx.
    TempDir own("redriva-e2e-logrotate");
    const std::string conf = own.path() + "/logrotate.conf";
    CommandResult r =
        run("sed -e 's|/var/log/redriva-nginx|" + dir + "/run/nginx|g' -e 's|/run/redriva-nginx|" +
            dir + "/run/nginx|g' -e 's|/var/lib/redriva|" + dir +
            "|g' " REDRIVA_SOURCE_DIR "/logrotate/redriva >'" + conf + "'");
    BOOST_REQUIRE(r.code == 0);
    // nginx buffers its access log for up to a second: wait for a line.
    BOOST_REQUIRE(http().get("/api/health").status == 200);
    BOOST_REQUIRE(eventually(std::chrono::seconds(5), [&] {
        struct stat now {};
        return ::stat((dir + "/run/nginx/access.log").c_str(), &now) == 0 && now.st_size > 0;
    }));
    r = run("logrotate --force --state '" + own.path() + "/logrotate.state' '" + conf + "'");
    BOOST_TEST(r.code == 0, r.output);
    struct stat st {};
    BOOST_TEST(::stat((dir + "/run/nginx/access.log.1").c_str(), &st) == 0);
    // nginx opened its logs anew (its workers inherit them from the master, which
    // can reach the data dir): the next request lands in a new access.log.
    BOOST_TEST(eventually(std::chrono::seconds(5), [&] {
        http().get("/api/health");
        struct stat now {};
        return ::stat((dir + "/run/nginx/access.log").c_str(), &now) == 0 && now.st_size > 0;
    }));
}

BOOST_AUTO_TEST_CASE(the_pool_runs_under_socket_activation) {
    // What systemd does for redriva-web.socket: it binds and listens, then starts
    // the service with the socket as fd 3, LISTEN_FDS=1 and LISTEN_PID=its pid.
    // Here a stack's own pool is stopped and replaced by one started that way on
    // the same path, behind the same nginx.
    StackOptions options;
    options.torrents = 30;
    Stack small(options);
    const std::string socket_path = small.data_dir() + "/run/sock/redriva-web.sock";
    const int old_master = small.master_pid();
    BOOST_REQUIRE(old_master > 0);
    ::kill(old_master, SIGTERM);
    BOOST_REQUIRE(eventually(std::chrono::seconds(10), [&] { return ::kill(old_master, 0) != 0; }));

    const int listener = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", socket_path.c_str());
    ::unlink(socket_path.c_str());
    BOOST_REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    ::chmod(socket_path.c_str(), 0666);
    BOOST_REQUIRE(::listen(listener, 128) == 0);
    const std::string data_dir = small.data_dir();
    const pid_t pid = ::fork();
    BOOST_REQUIRE(pid >= 0);
    if (pid == 0) {
        ::dup2(listener, 3);
        const std::string listen_pid = std::to_string(::getpid());
        ::setenv("LISTEN_FDS", "1", 1);
        ::setenv("LISTEN_PID", listen_pid.c_str(), 1);
        ::setenv("REDRIVA_DATA_DIR", data_dir.c_str(), 1);
        ::setenv("REDRIVA_WORKERS", "2", 1);
        const int null = ::open("/dev/null", O_RDWR);
        ::dup2(null, 0);
        ::execl(REDRIVA_BUILD_DIR "/redriva-web", "redriva-web", "--templates",
                REDRIVA_SOURCE_DIR "/templates", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(listener);
    const bool answers = eventually(std::chrono::seconds(20),
                                    [&] { return small.http().get("/api/health").status == 200; });
    BOOST_TEST(answers);
    BOOST_TEST(small.http().get("/torrents").status == 200);
    // A rolling restart keeps the inherited socket.
    ::kill(pid, SIGHUP);
    for (int i = 0; i < 20; ++i) BOOST_TEST(small.http().get("/api/stats").status == 200);
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    BOOST_TEST(WIFEXITED(status));
    BOOST_TEST(WEXITSTATUS(status) == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
