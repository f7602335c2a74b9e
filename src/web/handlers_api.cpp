// The JSON API under /api/.
#include <unistd.h>

#include <stdexcept>

#include "common/clock.h"
#include "common/log.h"
#include "common/strings.h"
#include "db/schema.h"
#include "web/handlers.h"
#include "web/json_views.h"
#include "web/list_params.h"

namespace redriva::web {

namespace {

Response no_store(Response r) {
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

}  // namespace

Response Handlers::api_stats(const Call&) {
    const std::int64_t now = unix_now();
    auto stats = library_.stats(now);
    auto active = jobs_.active();
    return Response::json(200,
                          stats_json(*stats, now, active, jobs_.last_finished(), library_.demo()));
}

Response Handlers::api_torrents(const Call& call) {
    auto parsed = parse_list_params(call.request);
    if (!parsed) return error(call, 400, parsed.error().message);
    return Response::json(200, torrent_list_json(library_.page(*parsed)));
}

Response Handlers::api_torrent(const Call& call) {
    const std::string& id = call.capture;
    if (!is_torrent_id(id)) return error(call, 404, "No torrent has this id");
    auto detail = library_.detail(id);
    if (!detail) return error(call, 404, "No torrent has the id " + id);
    return Response::json(200, torrent_detail_json(*detail));
}

Response Handlers::api_sync_start(const Call& call) {
    const std::string& type = call.capture;
    const auto mode = parse_sync_mode(type);
    if (!mode)
        return error(call, 400, "Unknown sync type '" + type + "': use " + sync_mode_choices());
    const jobs::Outcome outcome = request_sync(*mode, "api");
    switch (outcome.kind) {
        case jobs::Outcome::Kind::kAccepted: {
            auto stats = library_.stats(unix_now());
            Response r = Response::json(
                202, sync_accepted_json(outcome.job, jobs_.estimate_seconds(*mode, *stats)));
            r.headers.emplace_back("Location", "/api/sync/status");
            return r;
        }
        case jobs::Outcome::Kind::kConflict:
            return Response::json(409, sync_conflict_json(outcome.job));
        case jobs::Outcome::Kind::kBusy:
        case jobs::Outcome::Kind::kUnwritable: break;
    }
    return job_not_taken(call, outcome);
}

Response Handlers::api_sync_status(const Call&) {
    auto active = jobs_.active();
    return no_store(Response::json(200, sync_status_json(active, jobs_.last_finished())));
}

Response Handlers::api_sync_events(const Call& call) {
    auto parsed = parse_event_params(call.request);
    if (!parsed) return error(call, 400, parsed.error().message);
    const auto& p = *parsed;
    return no_store(
        Response::json(200, sync_events_json(jobs_.events_after(p.after, p.limit), p.after)));
}

Response Handlers::api_charts(const Call&) {
    auto& q = library_.queries();
    return Response::json(200, charts_json(q.status_totals(), q.growth_by_month()));
}

Response Handlers::api_metrics(const Call&) {
    return no_store(Response::json(200, metrics_json(*metrics_)));
}

Response Handlers::api_health(const Call&) {
    bool ok = false;
    try {
        ok = library_.queries().schema_ok();
    } catch (const std::exception& e) {
        log_error(std::string("health check: database unavailable: ") + e.what());
    }
    return no_store(Response::json(
        ok ? 200 : 503, health_json(ok, db::schema_version(), running_workers(*metrics_))));
}

Response Handlers::api_account(const Call&) {
    // Written by the last sync that could read it (sync/account.h): JSON already.
    if (auto account = library_.queries().meta("account"))
        return no_store(Response::json(200, *account));
    return no_store(
        Response::json(200, R"({"username":null,"type":null,"premium_days":null,"expiration":null,)"
                            R"("points":null,"active":null,"traffic":null,"updated_at":null})"));
}

Response Handlers::test_sleep(const Call& call) {
    auto ms = call.request.param("ms");
    auto value = ms ? parse_int(*ms) : std::optional<std::int64_t>(1000);
    if (!value || *value < 0 || *value > 600'000)
        return error(call, 400, "ms must be an integer from 0 to 600000");
    usleep(static_cast<useconds_t>(*value) * 1000);
    return Response::json(200, "{\"slept_ms\":" + std::to_string(*value) + "}");
}

Response Handlers::test_crash(const Call&) {
    throw std::runtime_error("crash requested by the test route");
}

}  // namespace redriva::web
