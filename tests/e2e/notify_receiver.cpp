#include "notify_receiver.h"

#include <httplib.h>

#include <strings.h>
#include <boost/test/unit_test.hpp>
#include <chrono>

namespace redriva::e2e {

std::string ReceivedRequest::header(const std::string& name) const {
    for (const auto& [n, v] : headers)
        if (::strcasecmp(n.c_str(), name.c_str()) == 0) return v;
    return "";
}

NotifyReceiver::NotifyReceiver(int status)
    : server_(std::make_unique<httplib::Server>()), status_(status) {
    server_->Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
        ReceivedRequest r{req.method, req.path, req.get_header_value("Content-Type"), req.body, {}};
        for (const auto& [name, value] : req.headers) r.headers.emplace_back(name, value);
        std::lock_guard lock(mutex_);
        requests_.push_back(std::move(r));
        res.status = status_;
        res.set_content(status_ < 300 ? "{}" : R"({"error":"receiver says no"})",
                        "application/json");
    });
    port_ = server_->bind_to_any_port("127.0.0.1");
    BOOST_REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

NotifyReceiver::~NotifyReceiver() {
    server_->stop();
    if (thread_.joinable()) thread_.join();
}

std::string NotifyReceiver::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void NotifyReceiver::answer(int status) {
    std::lock_guard lock(mutex_);
    status_ = status;
}

std::vector<ReceivedRequest> NotifyReceiver::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

void NotifyReceiver::clear() {
    std::lock_guard lock(mutex_);
    requests_.clear();
}

}  // namespace redriva::e2e
