// redriva-web: the FastCGI worker pool behind nginx.
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <iostream>
#include <string>

#include "common/config.h"
#include "common/log.h"
#include "common/secrets.h"
#include "common/strings.h"
#include "db/schema.h"
#include "server/pool.h"
#include "web/app.h"
#include "web/login.h"
#include "web/pages.h"
#include "web/scrapers.h"

namespace {

std::string default_templates_dir() {
    // <repo>/build/redriva-web -> <repo>/templates
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return "templates";
    std::string path(exe, static_cast<std::size_t>(n));
    path = path.substr(0, path.rfind('/'));
    return path.substr(0, path.rfind('/')) + "/templates";
}

// One line of standard input; on a terminal, read without echo after a prompt.
std::string read_secret_line(const char* prompt) {
    const bool terminal = isatty(STDIN_FILENO) == 1;
    termios saved{};
    if (terminal) {
        std::fprintf(stderr, "%s", prompt);
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::string line;
    std::getline(std::cin, line);
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        std::fprintf(stderr, "\n");
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

// `--set-password`: the new password from standard input (twice on a terminal).
int set_password_command(const redriva::Config& config) {
    const std::string password = read_secret_line("New password: ");
    if (isatty(STDIN_FILENO) == 1 && read_secret_line("Again: ") != password) {
        std::fprintf(stderr, "redriva-web: the two passwords differ; nothing changed\n");
        return 2;
    }
    mkdir(config.data_dir.c_str(), 0750);
    try {
        redriva::web::set_password(config.password_path(), password);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "redriva-web: %s; nothing changed\n", e.what());
        return 2;
    }
    std::printf(
        "redriva-web: password set in %s; the login is on now, and every earlier session "
        "has ended\n",
        config.password_path().c_str());
    return 0;
}

int remove_password_command(const redriva::Config& config) {
    if (unlink(config.password_path().c_str()) != 0 && errno != ENOENT) {
        std::fprintf(stderr, "redriva-web: cannot remove %s\n", config.password_path().c_str());
        return 1;
    }
    std::printf("redriva-web: password removed; the dashboard is open to whoever reaches it\n");
    return 0;
}

// Listening beyond this machine with no login would hand the library, and the
// sync buttons, to the whole network.
void refuse_open_network(const redriva::Config& config, const std::string& listen_address) {
    std::string host = listen_address.substr(0, listen_address.rfind(':'));
    struct stat st {};
    const bool has_password = ::stat(config.password_path().c_str(), &st) == 0;
    for (const std::string& address : {config.bind, host}) {
        if (address.empty() || has_password || redriva::web::is_loopback_address(address)) continue;
        throw std::runtime_error(
            "refusing to listen on " + address +
            " without a login: anyone on the network could read the library and start syncs. "
            "Set a password first (redriva-web --set-password), or listen on 127.0.0.1");
    }
}

}  // namespace

int main(int argc, char** argv) {
    // The library, the job history and the logs are the user's: what we create is
    // not readable by other local users (0640 files, 0750 directories).
    ::umask(027);
    using namespace redriva;
    CLI::App cli{
        "redriva-web: the Redriva dashboard's FastCGI worker pool.\n"
        "Without --socket or --listen it serves the listening socket inherited on fd 0\n"
        "(spawn-fcgi) or fd 3 (systemd socket activation). Configuration comes from\n"
        "REDRIVA_* environment variables and $REDRIVA_DATA_DIR/redriva.conf."};
    std::string socket_path, listen_address, pid_file, templates = default_templates_dir();
    std::string socket_mode_text = "0660";
    int workers = -1, max_requests = -1, request_timeout = -1;
    cli.add_option("--socket", socket_path, "unix socket path to listen on");
    cli.add_option("--listen", listen_address, "TCP HOST:PORT to listen on (e.g. 127.0.0.1:9000)");
    cli.add_option("--socket-mode", socket_mode_text, "permissions of the unix socket (octal)");
    cli.add_option("--workers", workers, "worker processes (default: REDRIVA_WORKERS or CPUs)")
        ->check(CLI::Range(1, 128));
    cli.add_option("--max-requests", max_requests, "recycle a worker after M requests (0: never)")
        ->check(CLI::Range(0, 1'000'000'000));
    cli.add_option("--request-timeout", request_timeout,
                   "kill a worker stuck on one request longer than this (seconds)")
        ->check(CLI::Range(1, 3600));
    cli.add_option("--pid-file", pid_file, "write the master's pid here");
    cli.add_option("--templates", templates, "directory of the CTemplate files");
    bool set_password = false, remove_password = false;
    cli.add_flag("--set-password", set_password,
                 "read a new login password from standard input, store its argon2id hash, "
                 "and exit");
    cli.add_flag("--remove-password", remove_password, "turn the login off, and exit");
    CLI11_PARSE(cli, argc, argv);

    try {
        Config config = load_config();
        if (set_password) return set_password_command(config);
        if (remove_password) return remove_password_command(config);
        refuse_open_network(config, listen_address);
        // A mistyped REDRIVA_METRICS_ALLOW stops the start, not every scrape.
        (void)web::ScraperAccess(config.metrics_allow, config.metrics_token);
        // Only redriva-sync talks to Real-Debrid: the web never holds the token, and
        // the syncs it starts read it from the data dir (redriva.conf, or the token
        // file scripts/run writes). A token file's path, and the bundled fake's demo
        // token, are no secret, and the syncs need them.
        if (!config.demo && !looks_like_token_path(config.rd_token)) {
            ::unsetenv("RD_TOKEN");
            config.rd_token.clear();
        }
        // The notification URL likewise (a webhook's path is its password): the syncs
        // read it from the conf or the data dir's notify-url file.
        ::unsetenv("REDRIVA_NOTIFY_URL");
        config.notify_url.clear();
        if (workers > 0) config.workers = workers;
        if (config.workers <= 0)
            // One per CPU, within what the shared metrics block holds.
            config.workers = static_cast<int>(std::clamp(sysconf(_SC_NPROCESSORS_ONLN), 1L, 128L));
        if (max_requests >= 0) config.max_requests = max_requests;
        if (request_timeout > 0) config.request_timeout_s = request_timeout;

        mkdir(config.data_dir.c_str(), 0750);
        init_log(config.web_log_path(), config.log_max_bytes, config.log_files);

        // Migrate once here, then close: each worker opens its own connection
        // after fork.
        { db::open_database(config.database_path()); }
        web::load_templates(templates);
        // Before the fork: one session key for every worker.
        web::load_or_create_session_key(config.session_key_path());

        server::PoolOptions options;
        options.config = &config;
        options.workers = config.workers;
        options.pid_file = pid_file;
        options.make_handler = web::web_app_factory(config);
        if (!socket_path.empty()) {
            auto mode = std::stoul(socket_mode_text, nullptr, 8);
            options.listen_fd =
                server::open_unix_listener(socket_path, static_cast<unsigned>(mode));
            options.socket_path = socket_path;
        } else if (!listen_address.empty()) {
            options.listen_fd = server::open_tcp_listener(listen_address);
        } else {
            options.listen_fd = server::inherited_listener();
        }
        return server::run_pool(options);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "redriva-web: %s\n", e.what());
        log_error(std::string("redriva-web cannot start: ") + e.what());
        return 1;
    }
}
