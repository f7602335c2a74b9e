// A notice as the receiver wants it (REDRIVA_NOTIFY_FORMAT): the body, its content
// type and the headers of one HTTP POST.
//   json     {"event", "title", "message", "counts"} (the default)
//   ntfy     the message as text, the title in a Title header
//   gotify   {"title", "message", "priority"}
//   discord  {"content"} (mentions off: a torrent named "@everyone" pings nobody)
//   slack    {"text"} (&, < and > escaped, as Slack's text requires)
// Titles and messages are bounded here, whatever the caller built.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "notify/notice.h"

namespace redriva::notify {

enum class NotifyFormat { kJson, kNtfy, kGotify, kDiscord, kSlack };

inline constexpr std::array<std::pair<std::string_view, NotifyFormat>, 5> kNotifyFormats = {{
    {"json", NotifyFormat::kJson},
    {"ntfy", NotifyFormat::kNtfy},
    {"gotify", NotifyFormat::kGotify},
    {"discord", NotifyFormat::kDiscord},
    {"slack", NotifyFormat::kSlack},
}};

std::optional<NotifyFormat> parse_notify_format(std::string_view name);

// A title's and a message's bounds, in bytes: with Discord's "**title**\n" the content
// stays under its 2,000 characters; ntfy shows 4,096 bytes.
inline constexpr std::size_t kMaxTitleBytes = 120;
inline constexpr std::size_t kMaxMessageBytes = 1800;

struct HttpMessage {
    std::string content_type;
    std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
    std::string body;
};

HttpMessage render_message(const Notice& notice, NotifyFormat format);

}  // namespace redriva::notify
