#include "actions/links_work.h"

#include "common/clock.h"
#include "common/strings.h"
#include "rd/wire.h"

namespace redriva::actions {

namespace {

// RD's error codes for a hoster link that is gone for good (unavailable_file,
// infringing_file): retrying will not help. A hoster down for now (19) or the
// fair-usage limit (36) are 503s the item waits through.
bool dead_link(const sync::RdReply& reply) {
    const auto code = reply.error.error_code;
    return code == 24 || code == 35;
}

}  // namespace

LinksWork::LinksWork(db::Database& db, db::ActionQueue& queue, sync::RdClient& client,
                     std::set<std::int64_t> file_ids)
    : queue_(queue), client_(client), links_(db), file_ids_(std::move(file_ids)) {}

Advance LinksWork::advance(db::ActionItem& item) {
    const auto targets = links_.targets(item.torrent_id);
    if (targets.empty()) {
        item.state = ItemState::kFailed;
        item.reason = "the torrent has no links (it is not downloaded on Real-Debrid)";
        queue_.set_item(item);
        return Advance::finished();
    }
    const std::string since = iso8601_utc(unix_now() - kFreshSeconds);
    int made = 0, reused = 0;
    for (const db::LinkTarget& target : targets) {
        if (!file_ids_.empty() && target.file_id && !file_ids_.contains(*target.file_id)) continue;
        if (links_.fresh(item.torrent_id, target.link, since)) {
            ++reused;
            continue;
        }
        auto call = sync::RdCall::get("/unrestrict/link");
        call.method = "POST";
        call.body = "link=" + url_encode(target.link);
        call.forbidden_is_an_answer = true;
        // A 503 here may be an answer about the link (file gone: code 24 or 35),
        // which the client must not retry as if RD were down; a busy RD still waits
        // (transient, below), only at the item's slower pace.
        call.idempotent = false;
        const sync::RdReply reply = client_.call(call);
        if (reply.status >= 400 && dead_link(reply)) {
            item.state = ItemState::kFailed;
            item.reason = "a link is dead on Real-Debrid (" + reply.error.error +
                          "): repair the torrent to get new ones";
            queue_.set_item(item);
            return Advance::finished();
        }
        if (auto later = transient_failure(reply, call)) return *later;  // what is stored stays
        auto parsed = reply.status == 200 ? rd::parse_unrestricted(reply.body)
                                          : Result<rd::Unrestricted>(Failure{reply.describe(call)});
        if (!parsed) {
            item.state = ItemState::kFailed;
            item.reason = call.method + " " + call.path + ": " + parsed.error().message;
            queue_.set_item(item);
            return Advance::finished();
        }
        db::DirectLink d;
        d.torrent_id = item.torrent_id;
        d.link = target.link;
        d.file_id = target.file_id;
        d.path = target.path;
        d.bytes = target.file_id ? target.bytes : parsed->filesize;
        d.download = parsed->download;
        d.filename = parsed->filename;
        d.mime_type = parsed->mime_type;
        d.streamable = parsed->streamable;
        d.unrestricted_at = iso8601_now();
        links_.save(d);
        ++made;
    }
    item.state = ItemState::kDone;
    item.reason = reused > 0 && made == 0 ? "reused links unrestricted in the last hour" : "";
    queue_.set_item(item);
    return Advance::finished();
}

}  // namespace redriva::actions
