#include "notify/message_format.h"

#include "common/json_writer.h"
#include "notify/text_bounds.h"

namespace redriva::notify {

std::optional<NotifyFormat> parse_notify_format(std::string_view name) {
    for (const auto& [word, format] : kNotifyFormats)
        if (word == name) return format;
    return std::nullopt;
}

namespace {

constexpr const char* kJsonType = "application/json";

// A header value is one line of ASCII: ntfy reads RFC 2047's encoded words for the rest.
std::string header_value(const std::string& text) {
    bool ascii = true;
    for (unsigned char c : text) ascii = ascii && c < 0x80;
    if (ascii) return text;
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string b64;
    for (std::size_t i = 0; i < text.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, text.size() - i);
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < 3; ++k)
            v = (v << 8) | (k < n ? static_cast<unsigned char>(text[i + k]) : 0u);
        for (std::size_t k = 0; k < 4; ++k)
            b64 += k <= n ? kAlphabet[(v >> (18 - 6 * k)) & 0x3F] : '=';
    }
    return "=?UTF-8?B?" + b64 + "?=";
}

std::string slack_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '&')
            out += "&amp;";
        else if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else
            out += c;
    }
    return out;
}

std::string one_member(std::string_view name, const std::string& value) {
    rapidjson::StringBuffer b;
    json::Writer w(b);
    w.StartObject();
    json::member(w, name, value);
    w.EndObject();
    return json::text(b);
}

}  // namespace

HttpMessage render_message(const Notice& notice, NotifyFormat format) {
    const std::string title = bound_text(clean_text(notice.title), kMaxTitleBytes);
    const std::string message = bound_text(clean_text(notice.message, true), kMaxMessageBytes);
    HttpMessage out;
    out.content_type = kJsonType;
    rapidjson::StringBuffer b;
    json::Writer w(b);
    switch (format) {
        case NotifyFormat::kJson:
            w.StartObject();
            json::member(w, "event", notice.event);
            json::member(w, "title", title);
            json::member(w, "message", message);
            json::key(w, "counts");
            w.StartObject();
            for (const auto& [name, count] : notice.counts) json::member(w, name, count);
            w.EndObject();
            w.EndObject();
            out.body = json::text(b);
            break;
        case NotifyFormat::kNtfy:
            out.content_type = "text/plain; charset=utf-8";
            out.headers = {{"Title", header_value(title)},
                           {"Priority", notice.urgent ? "high" : "default"}};
            out.body = message;
            break;
        case NotifyFormat::kGotify:
            w.StartObject();
            json::member(w, "title", title);
            json::member(w, "message", message);
            json::member(w, "priority", notice.urgent ? 8 : 5);
            w.EndObject();
            out.body = json::text(b);
            break;
        case NotifyFormat::kDiscord:
            w.StartObject();
            json::member(w, "content", "**" + title + "**\n" + message);
            // Nobody is pinged by what a message quotes.
            json::key(w, "allowed_mentions");
            w.StartObject();
            json::key(w, "parse");
            w.StartArray();
            w.EndArray();
            w.EndObject();
            w.EndObject();
            out.body = json::text(b);
            break;
        case NotifyFormat::kSlack:
            out.body = one_member("text", slack_escape("*" + title + "*\n" + message));
            break;
    }
    return out;
}

}  // namespace redriva::notify
