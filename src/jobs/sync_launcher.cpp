#include "jobs/sync_launcher.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

namespace redriva::jobs {

std::string sync_binary_beside_self() {
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return {};
    std::string path(exe, static_cast<std::size_t>(n));
    path = path.substr(0, path.rfind('/') + 1) + "redriva-sync";
    return access(path.c_str(), X_OK) == 0 ? path : std::string();
}

bool launch_sync(const std::string& binary, const char* command) {
    if (binary.empty()) return false;
    const pid_t child = fork();
    if (child < 0) return false;
    if (child == 0) {
        // The intermediate child: start a new session, fork the sync, leave.
        setsid();
        if (fork() != 0) _exit(0);
        // A clean slate: default signal dispositions and mask (the worker
        // blocks and ignores some), stdio on /dev/null, nothing else open.
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        for (int s : {SIGPIPE, SIGHUP, SIGTERM, SIGINT, SIGQUIT, SIGCHLD}) signal(s, SIG_DFL);
        int null_fd = open("/dev/null", O_RDWR);
        if (null_fd >= 0) {
            dup2(null_fd, 0);
            dup2(null_fd, 1);
            dup2(null_fd, 2);
        }
        close_range(3, ~0U, 0);
        char* const argv[] = {const_cast<char*>("redriva-sync"), const_cast<char*>(command),
                              nullptr};
        execv(binary.c_str(), argv);
        _exit(127);
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace redriva::jobs
