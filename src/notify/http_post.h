// The one HTTP request of a notification: a POST to the user's URL with libcurl,
// bounded in time, no redirect followed, nothing but http and https. What went wrong
// is said without the URL (it is a secret: a webhook's path is its password).
#pragma once

#include <string>

#include "notify/message_format.h"

namespace redriva::notify {

struct SendResult {
    long status = 0;    // the receiver's HTTP status; 0: no answer
    std::string error;  // why there was no answer (curl's words, never the URL)

    bool delivered() const { return status >= 200 && status < 300; }
    // A 4xx the same message would meet again (not 408 or 429): retrying is useless.
    bool refused() const { return status >= 400 && status < 500 && status != 408 && status != 429; }
    // "HTTP 500", or curl's reason.
    std::string describe() const;
};

class MessageSender {
public:
    virtual ~MessageSender() = default;
    virtual SendResult send(const HttpMessage& message) = 0;
};

class CurlSender final : public MessageSender {
public:
    CurlSender(std::string url, long timeout_ms);
    SendResult send(const HttpMessage& message) override;

private:
    std::string url_;
    long timeout_ms_;
};

}  // namespace redriva::notify
