// The benchmark's floor: the cheapest FastCGI responder libfcgi allows. It
// answers every request with N constant bytes (?bytes=N), so that a route of
// the dashboard can be compared with "nginx + FastCGI hop + nothing else".
// Usage: redriva-bench-floor SOCKET_PATH WORKERS
#include <fcgiapp.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s SOCKET_PATH WORKERS\n", argv[0]);
        return 2;
    }
    FCGX_Init();
    unlink(argv[1]);
    int fd = FCGX_OpenSocket(argv[1], 1024);
    if (fd < 0) {
        std::perror("FCGX_OpenSocket");
        return 1;
    }
    chmod(argv[1], 0666);
    const int workers = std::atoi(argv[2]);
    for (int i = 0; i < workers; ++i) {
        if (fork() != 0) continue;
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        std::string body;
        FCGX_Request request;
        FCGX_InitRequest(&request, fd, 0);
        while (FCGX_Accept_r(&request) == 0) {
            const char* qs = FCGX_GetParam("QUERY_STRING", request.envp);
            std::size_t n = 0;
            if (qs && std::strncmp(qs, "bytes=", 6) == 0) n = std::strtoul(qs + 6, nullptr, 10);
            if (body.size() != n) body.assign(n, 'x');
            char head[128];
            int len = std::snprintf(head, sizeof head,
                                    "Status: 200 OK\r\nContent-Type: text/html\r\n"
                                    "Content-Length: %zu\r\n\r\n",
                                    n);
            FCGX_PutStr(head, len, request.out);
            FCGX_PutStr(body.data(), static_cast<int>(n), request.out);
            FCGX_Finish_r(&request);
        }
        _exit(0);
    }
    while (wait(nullptr) > 0) {
    }
    return 0;
}
