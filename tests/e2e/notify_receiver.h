// A notification receiver for the end-to-end tests: a real HTTP server on a free
// loopback port (cpp-httplib, in a thread of the test) that records every request it
// gets and answers with the status the test chooses.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace httplib {
class Server;
}

namespace redriva::e2e {

struct ReceivedRequest {
    std::string method, path, content_type, body;
    std::vector<std::pair<std::string, std::string>> headers;  // as sent
    std::string header(const std::string& name) const;         // "" when absent
};

class NotifyReceiver {
public:
    explicit NotifyReceiver(int status = 200);
    ~NotifyReceiver();
    NotifyReceiver(const NotifyReceiver&) = delete;
    NotifyReceiver& operator=(const NotifyReceiver&) = delete;

    // http://127.0.0.1:PORT<path>
    std::string url(const std::string& path) const;
    void answer(int status);
    std::vector<ReceivedRequest> requests() const;
    void clear();

private:
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
    int port_ = 0;
    int status_;
    mutable std::mutex mutex_;
    std::vector<ReceivedRequest> requests_;
};

}  // namespace redriva::e2e
