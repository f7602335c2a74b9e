// What root does for a stack it does not own (the systemd layout: nginx's master runs
// as root, the data dir belongs to the web's user): scripts/render-nginx writes only
// in root's directories, through temporary files, and refuses a directory or a setting
// the data dir's owner could use to steer it. And what a stack writes is not readable
// by other local users.
#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "fake_rd.h"
#include "stack.h"

namespace redriva::e2e {
namespace {

struct Rendered {
    int code = -1;
    std::string output;
};

class RenderWorld {
public:
    RenderWorld() {
        for (const std::string& d : {data, nginx, logs, victim_dir})
            std::filesystem::create_directory(d);
        ::chmod(victim_dir.c_str(), 0700);
        std::ofstream(victim) << kVictimText;
        ::chmod(victim.c_str(), 0644);
    }
    ~RenderWorld() {
        // The static files' copy render-nginx made in /run/redriva/<hash>.
        render("bash -c 'source " REDRIVA_SOURCE_DIR "/scripts/lib.sh && remove_public_dir'");
    }

    Rendered render(const std::string& command = "bash " REDRIVA_SOURCE_DIR "/scripts/render-nginx",
                    const std::string& extra_env = "") const {
        const std::string out = dir.path() + "/render.out";
        const std::string env =
            "REDRIVA_DATA_DIR='" + data + "' REDRIVA_NGINX_DIR='" + nginx +
            "' REDRIVA_NGINX_LOG_DIR='" + logs + "' REDRIVA_SOCKET='" + dir.path() +
            "/sock/web.sock' REDRIVA_PORT=" + std::to_string(port) + " " + extra_env + " ";
        const int status = std::system((env + command + " >'" + out + "' 2>&1").c_str());
        return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_text_file(out)};
    }

    std::string conf() const { return read_text_file(nginx + "/nginx.conf"); }

    static constexpr const char* kVictimText = "a file of root's\n";
    TempDir dir{"redriva-e2e-render"};
    std::string data = dir.path() + "/data", nginx = dir.path() + "/nginx",
                logs = dir.path() + "/logs", victim = dir.path() + "/victim",
                victim_dir = dir.path() + "/victim-dir";
    int port = free_port();
};

bool is_link(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

unsigned mode_of(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 ? st.st_mode & 07777 : 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(root_layout)

BOOST_AUTO_TEST_CASE(render_nginx_replaces_planted_links_and_leaves_the_data_dir_alone) {
    BOOST_REQUIRE(::geteuid() == 0);  // the layout is root's
    RenderWorld w;
    // The data dir's owner plants links where root writes, and points run/ elsewhere.
    ::symlink(w.victim.c_str(), (w.nginx + "/nginx.conf").c_str());
    ::symlink(w.victim.c_str(), (w.nginx + "/security_headers.conf").c_str());
    ::symlink(w.victim_dir.c_str(), (w.data + "/run").c_str());
    const Rendered r = w.render();
    BOOST_TEST(r.code == 0, r.output);
    BOOST_TEST(read_text_file(w.victim) == RenderWorld::kVictimText);
    BOOST_TEST(!is_link(w.nginx + "/nginx.conf"));
    BOOST_TEST(!is_link(w.nginx + "/security_headers.conf"));
    BOOST_TEST(w.conf().find("listen 127.0.0.1:" + std::to_string(w.port)) != std::string::npos);
    BOOST_TEST(w.conf().find("error_log \"" + w.logs + "/error.log\"") != std::string::npos);
    // Nothing made or changed in the data dir (run/ points at a directory of root's).
    BOOST_TEST(mode_of(w.victim_dir) == 0700u);
    BOOST_TEST(std::filesystem::is_empty(w.victim_dir));
    // The benchmark's extra locations only when asked for.
    BOOST_TEST(w.conf().find("/extra/") == std::string::npos);
    BOOST_TEST(w.render("bash " REDRIVA_SOURCE_DIR "/scripts/render-nginx", "REDRIVA_NGINX_EXTRA=1")
                   .code == 0);
    BOOST_TEST(w.conf().find("include \"" + w.nginx + "/extra/*.conf\";") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(render_nginx_refuses_a_directory_others_control) {
    RenderWorld w;
    BOOST_REQUIRE(w.render().code == 0);
    const std::string before = w.conf();

    ::chown(w.nginx.c_str(), 65534, 65534);  // nobody's
    Rendered r = w.render();
    BOOST_TEST(r.code != 0);
    BOOST_TEST(r.output.find("must belong to root") != std::string::npos, r.output);
    ::chown(w.nginx.c_str(), 0, 0);

    ::chmod(w.nginx.c_str(), 0777);
    r = w.render();
    BOOST_TEST(r.code != 0);
    BOOST_TEST(r.output.find("must not be writable") != std::string::npos, r.output);
    ::chmod(w.nginx.c_str(), 0755);

    const std::string real = w.dir.path() + "/nginx-real";
    std::filesystem::rename(w.nginx, real);
    ::symlink(real.c_str(), w.nginx.c_str());
    r = w.render();
    BOOST_TEST(r.code != 0);
    BOOST_TEST(r.output.find("not a link") != std::string::npos, r.output);
    ::unlink(w.nginx.c_str());
    std::filesystem::rename(real, w.nginx);

    // A setting that would smuggle a directive into root's nginx.
    std::ofstream(w.data + "/redriva.conf")
        << "REDRIVA_SERVER_NAMES = example.org; load_module /tmp/x.so\n";
    ::chmod((w.data + "/redriva.conf").c_str(), 0600);
    r = w.render();
    BOOST_TEST(r.code != 0);
    BOOST_TEST(r.output.find("is not a host name") != std::string::npos, r.output);
    BOOST_TEST(w.conf() == before);
    std::ofstream(w.data + "/redriva.conf") << "REDRIVA_BIND = 127.0.0.1;include /etc/shadow\n";
    r = w.render();
    BOOST_TEST(r.code != 0);
    BOOST_TEST(r.output.find("must be an IP address") != std::string::npos, r.output);
    BOOST_TEST(w.conf() == before);
}

BOOST_AUTO_TEST_CASE(what_a_stack_writes_is_not_for_other_users) {
    // The shared stack: its database (+ -wal, -shm), logs and runtime files, written by
    // scripts/run, redriva-generate, the pool and nginx.
    std::size_t checked = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(stack().data_dir())) {
        // (The test's own logs, e2e-*, are not the stack's.)
        if (entry.is_symlink() || entry.is_socket() ||
            entry.path().filename().string().starts_with("e2e-"))
            continue;
        const std::string path = entry.path().string();
        BOOST_TEST((mode_of(path) & 0007u) == 0u, path << " is " << std::oct << mode_of(path));
        ++checked;
    }
    BOOST_TEST(checked >= 8u);
    for (const char* suffix : {"", "-wal", "-shm"}) {
        const std::string path = stack().database_path() + suffix;
        const unsigned others = mode_of(path) & 0077u;
        BOOST_TEST((others == 0040u || others == 0u), path << " is " << std::oct << mode_of(path));
    }
}

// scripts/run as root with REDRIVA_USER: the pool, its workers, fake-rd and the syncs
// run as that user, nginx's master as root, the data dir is the user's. Where the user
// cannot read this checkout (a clone in a directory only root enters, as CI's), the
// script refuses, saying why.
BOOST_AUTO_TEST_CASE(scripts_run_as_root_drops_to_the_service_user) {
    TempDir dir("redriva-e2e-user");
    ::chmod(dir.path().c_str(), 0755);  // the user must reach its data dir
    const std::string data = dir.path() + "/data", out = dir.path() + "/run.out";
    const bool readable =
        std::system(
            "setpriv --reuid=nobody --regid=nogroup --init-groups -- test -r " REDRIVA_SOURCE_DIR
            "/templates/layout.tpl -a -x " REDRIVA_BUILD_DIR "/redriva-web") == 0;
    const int port = free_port();
    const std::string env = "REDRIVA_DATA_DIR='" + data + "' REDRIVA_PORT=" + std::to_string(port) +
                            " REDRIVA_USER=nobody REDRIVA_DEMO_TORRENTS=40 REDRIVA_NO_BUILD=1"
                            " REDRIVA_BUILD_DIR=" REDRIVA_BUILD_DIR " ";
    const int status = std::system(
        (env + "bash " REDRIVA_SOURCE_DIR "/scripts/run --detach >'" + out + "' 2>&1").c_str());
    const std::string said = read_text_file(out);
    if (!readable) {
        BOOST_TEST_MESSAGE("nobody cannot read this checkout: checking the refusal");
        BOOST_TEST(WEXITSTATUS(status) != 0);
        BOOST_TEST(
            said.find("REDRIVA_USER=nobody: nobody cannot read this checkout") != std::string::npos,
            said);
        return;
    }
    BOOST_REQUIRE_MESSAGE(WEXITSTATUS(status) == 0, said);
    BOOST_TEST(said.find("run as nobody") != std::string::npos, said);
    auto uid_of = [](const std::string& pid) {
        const std::string status_text = read_text_file("/proc/" + pid + "/status");
        const std::size_t at = status_text.find("\nUid:\t");
        return at == std::string::npos ? -1 : std::stoi(status_text.substr(at + 6));
    };
    auto pid_in = [&](const std::string& file) {
        std::string text = read_text_file(data + "/run/" + file);
        return text.substr(0, text.find('\n'));
    };
    const std::string master = pid_in("redriva-web.pid");
    BOOST_TEST(uid_of(master) == 65534);
    BOOST_TEST(uid_of(pid_in("fake-rd.pid")) == 65534);
    // Every worker of the pool too.
    std::size_t workers = 0;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        const std::string stat = read_text_file("/proc/" + name + "/stat");
        const std::size_t close = stat.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(stat.substr(close + 2));
        std::string state, ppid;
        rest >> state >> ppid;
        if (ppid != master) continue;
        ++workers;
        BOOST_TEST(uid_of(name) == 65534, "worker " << name);
    }
    BOOST_TEST(workers >= 1u);
    struct stat st {};
    BOOST_TEST((::stat((data + "/redriva.db").c_str(), &st) == 0 && st.st_uid == 65534));
    // The demo's first sync ran as nobody and filled the library; the dashboard answers.
    const HttpClient http("http://127.0.0.1:" + std::to_string(port));
    HttpResponse r = http.get("/api/stats");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(parse_json(r.body)["total_torrents"].GetInt64() == 40);
    // A deploy backs up as that user and swaps in a pool of that user.
    const int deployed = std::system(
        (env + "bash " REDRIVA_SOURCE_DIR "/scripts/deploy --skip-tests >>'" + out + "' 2>&1")
            .c_str());
    BOOST_TEST(WEXITSTATUS(deployed) == 0, read_text_file(out));
    BOOST_TEST(pid_in("redriva-web.pid") != master);
    BOOST_TEST(uid_of(pid_in("redriva-web.pid")) == 65534);
    bool backed_up = false;
    for (const auto& entry : std::filesystem::directory_iterator(data + "/backups")) {
        struct stat backup {};
        backed_up = ::stat(entry.path().c_str(), &backup) == 0 && backup.st_uid == 65534;
    }
    BOOST_TEST(backed_up);
    BOOST_TEST(http.get("/api/health").status == 200);
    std::system((env + "bash " REDRIVA_SOURCE_DIR "/scripts/stop >>'" + out + "' 2>&1").c_str());
    BOOST_TEST(read_text_file(out).find("stopping redriva-web") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
