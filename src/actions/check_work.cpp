#include "actions/check_work.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <optional>

#include "common/clock.h"
#include "common/strings.h"

namespace redriva::actions {

namespace {

// RD's error codes for a hoster link that is gone for good: unavailable_file (24) and
// infringing_file (35). A hoster down for now (19) or the fair-usage limit (36) say
// nothing about the link: those wait like any busy answer.
bool dead_answer(const sync::RdReply& reply) {
    const auto code = reply.error.error_code;
    return reply.status >= 400 && (code == 24 || code == 35);
}

// A 200 from /unrestrict/check: whether the hoster still serves the file
// ("supported": 1); nullopt for an answer that cannot be read (no answer, not "dead").
std::optional<bool> served(const std::string& body) {
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseIterativeFlag>(body.data(), body.size());
    if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
    const auto it = doc.FindMember("supported");
    return it == doc.MemberEnd() || !it->value.IsInt() || it->value.GetInt() != 0;
}

}  // namespace

CheckWork::CheckWork(db::Database& db, db::ActionQueue& queue, sync::RdClient& client,
                     int per_minute)
    : db_(db),
      queue_(queue),
      client_(client),
      links_(db),
      interval_ms_(60'000 / std::clamp(per_minute, 1, 600)) {}

Advance CheckWork::finish(db::ActionItem& item, ItemState state, const std::string& reason) {
    item.state = state;
    item.reason = reason;
    queue_.set_item(item);
    return Advance::finished();
}

Advance CheckWork::advance(db::ActionItem& item) {
    // The user's pace: one torrent per interval.
    const std::int64_t now = monotonic_ms();
    if (last_started_ms_ >= 0 && now - last_started_ms_ < interval_ms_)
        return Advance::later(interval_ms_ - (now - last_started_ms_));
    last_started_ms_ = now;

    const auto targets = links_.targets(item.torrent_id);
    if (targets.empty())
        return finish(item, ItemState::kSkipped, "no links to check (not downloaded)");
    std::int64_t dead = 0;
    for (const auto& target : targets) {
        auto call = sync::RdCall::get("/unrestrict/check");
        call.method = "POST";
        call.body = "link=" + url_encode(target.link);
        call.forbidden_is_an_answer = true;
        // A 503 with a dead-link code is an answer about the link, not about RD.
        call.idempotent = false;
        const sync::RdReply reply = client_.call(call);
        if (dead_answer(reply)) {
            ++dead;
            continue;
        }
        if (auto later = transient_failure(reply, call)) return *later;  // nothing recorded yet
        if (reply.status == 200) {
            const auto alive = served(reply.body);
            if (!alive)
                return Advance::transient(
                    5'000, call.method + " " + call.path + ": an answer that cannot be read");
            dead += *alive ? 0 : 1;
            continue;
        }
        return finish(item, ItemState::kFailed,
                      "the check could not be read: " + reply.describe(call));
    }
    const auto total = static_cast<std::int64_t>(targets.size());
    db::WriteTransaction tx(db_);
    links_.save_check(item.torrent_id, {iso8601_now(), total, dead});
    item.state = dead == 0 ? ItemState::kDone : ItemState::kFailed;
    item.reason = dead == 0 ? ""
                            : "links dead: " + std::to_string(dead) + " of " +
                                  std::to_string(total) + " (repair it to get new ones)";
    queue_.set_item(item);
    tx.commit();
    return Advance::finished();
}

}  // namespace redriva::actions
