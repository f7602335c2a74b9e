// The notifications' words and bodies: each receiver's format, the bounds every
// message keeps, and untrusted names made safe (escaped, cleaned, cut).
#include <rapidjson/document.h>

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "notify/message_format.h"
#include "notify/notices.h"
#include "notify/text_bounds.h"

using namespace redriva;
using namespace redriva::notify;

namespace {

rapidjson::Document parsed(const std::string& body) {
    rapidjson::Document doc;
    doc.Parse(body.c_str());
    BOOST_REQUIRE_MESSAGE(!doc.HasParseError() && doc.IsObject(), "not a JSON object: " << body);
    return doc;
}

std::string header(const HttpMessage& m, const std::string& name) {
    for (const auto& [n, v] : m.headers)
        if (n == name) return v;
    return "";
}

bool valid_utf8(const std::string& s) {
    return clean_text(s, true) == s;
}

// Characters, as Discord counts them.
std::size_t characters(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

const Notice kDead =
    torrents_failed(4, {"Alpha", "Beta \"quoted\" \\", "Gamma", "Delta"}, {"dead"});

}  // namespace

BOOST_AUTO_TEST_SUITE(notify_format)

BOOST_AUTO_TEST_CASE(the_words_are_short_and_human) {
    BOOST_TEST(kDead.title == "4 torrents turned dead");
    BOOST_TEST(kDead.message == "Alpha, Beta \"quoted\" \\, Gamma and 1 more");
    BOOST_TEST(kDead.event == "torrents_failed");
    BOOST_TEST(torrents_failed(1, {"One"}, {"error"}).title == "1 torrent turned error");
    BOOST_TEST(torrents_failed(2, {"A", "B"}, {"dead", "error"}).message == "A, B");
    BOOST_TEST(sync_failed("fast", "GET /torrents: 503 after 5 tries").title == "Sync fast failed");
    BOOST_TEST(action_failed("delete", 12, "Real-Debrid refused the API token").title ==
               "Delete job 12 failed");
    const Notice items = action_items_failed("repair", 7, {8, 2, 0}, {{"Movie.mkv", "not cached"}});
    BOOST_TEST(items.title == "Repair job 7: 2 of 10 items failed");
    BOOST_TEST(items.message == "Movie.mkv: not cached; and 1 more");
    BOOST_TEST(premium_ending(5, "2025-07-29T10:30:00.000Z").title ==
               "Real-Debrid premium ends in 5 days");
    BOOST_TEST(premium_ending(5, "2025-07-29T10:30:00.000Z").message ==
               "Premium until 2025-07-29 10:30 UTC.");
    BOOST_TEST(premium_ending(0, "").title == "Real-Debrid premium ends today");
    BOOST_TEST(premium_ending(-1, "").title == "Real-Debrid premium has ended");
}

BOOST_AUTO_TEST_CASE(format_names_are_parsed) {
    BOOST_TEST((parse_notify_format("ntfy") == NotifyFormat::kNtfy));
    BOOST_TEST((parse_notify_format("slack") == NotifyFormat::kSlack));
    BOOST_TEST(!parse_notify_format("JSON").has_value());
    BOOST_TEST(!parse_notify_format("").has_value());
}

BOOST_AUTO_TEST_CASE(json_carries_event_title_message_counts) {
    const HttpMessage m = render_message(kDead, NotifyFormat::kJson);
    BOOST_TEST(m.content_type == "application/json");
    BOOST_TEST(m.headers.empty());
    const auto doc = parsed(m.body);
    BOOST_TEST(doc.MemberCount() == 4u);
    BOOST_TEST(doc["event"].GetString() == std::string("torrents_failed"));
    BOOST_TEST(doc["title"].GetString() == kDead.title);
    // The quote and the backslash of a name survive the trip, escaped by the writer.
    BOOST_TEST(doc["message"].GetString() == kDead.message);
    BOOST_TEST(doc["counts"]["torrents"].GetInt64() == 4);
}

BOOST_AUTO_TEST_CASE(ntfy_sends_text_and_a_title_header) {
    const HttpMessage m = render_message(kDead, NotifyFormat::kNtfy);
    BOOST_TEST(m.content_type == "text/plain; charset=utf-8");
    BOOST_TEST(m.body == kDead.message);
    BOOST_TEST(header(m, "Title") == kDead.title);
    BOOST_TEST(header(m, "Priority") == "high");
    // A header is one line of ASCII: a name with accents is encoded (RFC 2047).
    Notice accented = kDead;
    accented.title = "Téléchargé";
    BOOST_TEST(header(render_message(accented, NotifyFormat::kNtfy), "Title") ==
               "=?UTF-8?B?VMOpbMOpY2hhcmfDqQ==?=");
    accented.title = "Line\r\nInjected: header";
    BOOST_TEST(header(render_message(accented, NotifyFormat::kNtfy), "Title") ==
               "Line  Injected: header");
}

BOOST_AUTO_TEST_CASE(gotify_has_a_priority) {
    const auto urgent = parsed(render_message(kDead, NotifyFormat::kGotify).body);
    BOOST_TEST(urgent.MemberCount() == 3u);
    BOOST_TEST(urgent["title"].GetString() == kDead.title);
    BOOST_TEST(urgent["message"].GetString() == kDead.message);
    BOOST_TEST(urgent["priority"].GetInt() == 8);
    const auto calm = parsed(render_message(premium_ending(6, ""), NotifyFormat::kGotify).body);
    BOOST_TEST(calm["priority"].GetInt() == 5);
}

BOOST_AUTO_TEST_CASE(discord_content_pings_nobody) {
    Notice n = kDead;
    n.message = "@everyone look";
    const auto doc = parsed(render_message(n, NotifyFormat::kDiscord).body);
    BOOST_TEST(doc["content"].GetString() == "**" + kDead.title + "**\n@everyone look");
    BOOST_TEST(doc["allowed_mentions"]["parse"].IsArray());
    BOOST_TEST(doc["allowed_mentions"]["parse"].Size() == 0u);
}

BOOST_AUTO_TEST_CASE(slack_text_is_escaped) {
    Notice n = kDead;
    n.message = "<!channel> & <http://x|y>";
    const auto doc = parsed(render_message(n, NotifyFormat::kSlack).body);
    BOOST_TEST(doc.MemberCount() == 1u);
    BOOST_TEST(doc["text"].GetString() ==
               "*" + kDead.title + "*\n&lt;!channel&gt; &amp; &lt;http://x|y&gt;");
}

BOOST_AUTO_TEST_CASE(every_format_stays_within_bounds) {
    // Long names in many bytes per character: whatever the notice, Discord's 2,000
    // characters hold, and the text stays valid UTF-8.
    std::string huge;
    for (int i = 0; i < 3000; ++i) huge += "é";
    Notice n{"x", huge, huge, {}, false};
    for (const auto& [name, format] : kNotifyFormats) {
        const HttpMessage m = render_message(n, format);
        BOOST_TEST(m.body.size() < 4096u, name);
        if (format == NotifyFormat::kDiscord) {
            const auto doc = parsed(m.body);
            BOOST_TEST(characters(doc["content"].GetString()) <= 2000u);
        }
    }
    const auto doc = parsed(render_message(n, NotifyFormat::kJson).body);
    const std::string title = doc["title"].GetString();
    BOOST_TEST(title.size() <= kMaxTitleBytes);
    BOOST_TEST(title.ends_with("…"));
    BOOST_TEST(valid_utf8(title));
    BOOST_TEST(std::string(doc["message"].GetString()).size() <= kMaxMessageBytes);
}

BOOST_AUTO_TEST_CASE(names_are_cleaned_and_bounded) {
    BOOST_TEST(clean_text("a\tb\x01\x7f"
                          "c") == "a b  c");
    BOOST_TEST(clean_text("bad \xff\xc3 end") == "bad ?? end");
    BOOST_TEST(clean_text("\xed\xa0\x80") == "???");  // a UTF-16 surrogate
    BOOST_TEST(clean_text("two\nlines", true) == "two\nlines");
    BOOST_TEST(clean_text("two\nlines") == "two lines");
    BOOST_TEST(bound_text("short", 10) == "short");
    BOOST_TEST(bound_text("abcdefghij", 6) == "abc…");
    // Never half a character: "é" is two bytes.
    BOOST_TEST(bound_text("ééééé", 6) == "é…");
    const std::string name(500, 'N');
    const std::string quoted = quote_names(1, {name});
    BOOST_TEST(quoted.size() <= 80u);
    BOOST_TEST(quote_names(7, {"A", "B", "C", "D"}) == "A, B, C and 4 more");
    BOOST_TEST(quote_names(2, {}) == "2 more");
}

BOOST_AUTO_TEST_CASE(merged_notices_make_one_message) {
    const Notice merged = merge_notices(
        {sync_failed("fast", "RD answered 503 five times"), kDead, premium_ending(3, "")});
    BOOST_TEST(merged.event == "merged");
    BOOST_TEST(merged.title == "Redriva: 3 notifications");
    BOOST_TEST(merged.message ==
               "Sync fast failed: RD answered 503 five times\n"
               "4 torrents turned dead: Alpha, Beta \"quoted\" \\, Gamma and 1 more\n"
               "Real-Debrid premium ends in 3 days: Renew it to keep syncing.");
    BOOST_TEST(merged.urgent);
    const auto doc = parsed(render_message(merged, NotifyFormat::kJson).body);
    BOOST_TEST(doc["counts"]["notifications"].GetInt64() == 3);
    BOOST_TEST(doc["counts"]["torrents"].GetInt64() == 4);
    BOOST_TEST(doc["counts"]["jobs"].GetInt64() == 1);
    // One notice is sent as itself.
    BOOST_TEST(merge_notices({kDead}).title == kDead.title);
    // Many: a bounded number of lines, then a count.
    std::vector<Notice> many(30, kDead);
    const Notice capped = merge_notices(many);
    BOOST_TEST(capped.message.ends_with("\nand 18 more"));
}

BOOST_AUTO_TEST_SUITE_END()
