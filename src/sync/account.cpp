#include "sync/account.h"

#include <rapidjson/document.h>

#include "common/clock.h"
#include "common/json_writer.h"
#include "db/torrent_store.h"
#include "rd/wire.h"

namespace redriva::sync {

namespace {

constexpr std::size_t kMaxTrafficBytes = 64 * 1024;

// The body of a GET that answered 200, or why not.
Result<std::string> get(RdClient& client, const std::string& path) {
    const RdCall call = RdCall::get(path);
    RdReply reply = client.call(call);
    if (!reply.failure.empty()) return Failure{reply.failure};
    if (reply.status != 200) return Failure{reply.describe(call)};
    return std::move(reply.body);
}

}  // namespace

bool refresh_account(RdClient& client, db::Database& db, std::string& why) {
    auto user_body = get(client, "/user");
    if (!user_body) return why = user_body.error().message, false;
    auto user = rd::parse_user(*user_body);
    if (!user) return why = "GET /user: " + user.error().message, false;

    auto traffic_body = get(client, "/traffic");
    if (!traffic_body) return why = traffic_body.error().message, false;
    rapidjson::Document traffic;
    traffic.Parse<rapidjson::kParseIterativeFlag>(traffic_body->data(), traffic_body->size());
    if (traffic_body->size() > kMaxTrafficBytes || traffic.HasParseError() || !traffic.IsObject())
        return why = "GET /traffic: not a JSON object", false;

    auto active_body = get(client, "/torrents/activeCount");
    if (!active_body) return why = active_body.error().message, false;
    rapidjson::Document active;
    active.Parse<rapidjson::kParseIterativeFlag>(active_body->data(), active_body->size());
    if (active.HasParseError() || !active.IsObject() || !active.HasMember("nb") ||
        !active["nb"].IsInt64() || !active.HasMember("limit") || !active["limit"].IsInt64())
        return why = "GET /torrents/activeCount: not {nb, limit}", false;

    rapidjson::StringBuffer b;
    json::Writer w(b);
    w.StartObject();
    json::member(w, "username", user->username);
    json::member(w, "type", user->type);
    json::member(w, "premium_days", user->premium / 86'400);
    json::member(w, "expiration", user->expiration);
    json::member(w, "points", user->points);
    json::key(w, "active");
    w.StartObject();
    json::member(w, "nb", active["nb"].GetInt64());
    json::member(w, "limit", active["limit"].GetInt64());
    w.EndObject();
    json::key(w, "traffic");
    traffic.Accept(w);  // as RD sends it, written again (never pasted as text)
    json::member(w, "updated_at", iso8601_now());
    w.EndObject();

    db::WriteTransaction tx(db);
    db::TorrentStore(db).set_meta(kAccountMetaKey, json::text(b));
    tx.commit();
    return true;
}

}  // namespace redriva::sync
