// The HTML pages: dashboard, lists, a torrent, search, the sync buttons.
#include <rapidjson/document.h>

#include "common/clock.h"
#include "common/log.h"
#include "common/strings.h"
#include "web/csrf.h"
#include "web/handlers.h"
#include "web/i18n.h"
#include "web/json_views.h"
#include "web/page_frame.h"
#include "web/pages.h"

namespace redriva::web {

namespace {

constexpr int kDashboardEvents = 15;

void add_language_headers(Response& r, std::string_view lang) {
    r.headers.emplace_back("Content-Language", std::string(lang));
    // The same URL reads differently by language: caches must keep them apart.
    r.headers.emplace_back("Vary", "Accept-Language, Cookie");
}

}  // namespace

bool is_torrent_id(std::string_view id) {
    if (id.empty() || id.size() > 32) return false;
    for (char c : id)
        if (!is_ascii_alnum(c)) return false;
    return true;
}

bool is_torrent_hash(std::string_view hash) {
    if (hash.size() != 40) return false;
    for (char c : hash)
        if (!is_lower_hex(c)) return false;
    return true;
}

Response html(int status, std::string body, std::string_view lang) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    add_language_headers(r, lang);
    return r;
}

std::string_view language_of(const Request& request) {
    return pick_language(request.cookie(kLanguageCookie).value_or(""), request.accept_language);
}

Handlers::Handlers(const Config& config, db::Database& db, PoolMetrics* metrics, int slot)
    : config_(config),
      metrics_(metrics),
      slot_(slot),
      login_(config.password_path(), load_or_create_session_key(config.session_key_path())),
      library_(db),
      jobs_(config, db, [this] { library_.note_own_write(); }),
      targets_(db),
      edits_(db),
      links_(db),
      export_(db),
      scrapers_(config.metrics_allow, config.metrics_token),
      metrics_queries_(db),
      rd_window_(config.rd_window_path()) {}

Response Handlers::error(const Request& request, Errors errors, int status,
                         const std::string& message) const {
    if (errors == Errors::kJson) return Response::json(status, error_json(message));
    const std::string_view lang = language_of(request);
    return html(status, render_error(status, message, false, lang), lang);
}

jobs::Outcome Handlers::request_sync(SyncMode mode, const std::string& source) {
    jobs::Outcome outcome = jobs_.request_sync(mode, source);
    if (outcome.kind == jobs::Outcome::Kind::kAccepted)
        metrics_->slots[slot_].syncs.fetch_add(1, std::memory_order_relaxed);
    return outcome;
}

Response Handlers::job_not_taken(const Call& call, const jobs::Outcome& outcome) const {
    Response r = error(call, 503, outcome.reason);
    r.headers.emplace_back("Retry-After", "2");
    return r;
}

namespace {

// The account's JSON as the last sync stored it (sync/account.h); nullopt when no
// sync has read it, or it cannot be read.
std::optional<AccountSummary> account_summary(const std::optional<std::string>& stored) {
    if (!stored) return std::nullopt;
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseIterativeFlag>(stored->data(), stored->size());
    if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
    const auto text = [&](const rapidjson::Value& o, const char* name) {
        const auto it = o.FindMember(name);
        return it != o.MemberEnd() && it->value.IsString()
                   ? std::string(it->value.GetString(), it->value.GetStringLength())
                   : std::string();
    };
    const auto number = [&](const rapidjson::Value& o, const char* name) -> std::int64_t {
        const auto it = o.FindMember(name);
        return it != o.MemberEnd() && it->value.IsInt64() ? it->value.GetInt64() : 0;
    };
    AccountSummary a;
    a.username = text(doc, "username");
    a.type = text(doc, "type");
    a.expiration = text(doc, "expiration");
    a.updated_at = text(doc, "updated_at");
    a.premium_days = number(doc, "premium_days");
    a.points = number(doc, "points");
    if (const auto active = doc.FindMember("active");
        active != doc.MemberEnd() && active->value.IsObject()) {
        a.active = number(active->value, "nb");
        a.slots = number(active->value, "limit");
    }
    if (const auto traffic = doc.FindMember("traffic");
        traffic != doc.MemberEnd() && traffic->value.IsObject()) {
        const auto rd = traffic->value.FindMember("real-debrid.com");
        if (rd != traffic->value.MemberEnd() && rd->value.IsObject() &&
            rd->value.HasMember("left") && rd->value["left"].IsInt64())
            a.traffic_left = rd->value["left"].GetInt64();
    }
    return a;
}

}  // namespace

Response Handlers::dashboard(const Call& call) {
    const Request& request = call.request;
    std::optional<Flash> flash;
    const Catalogue& cat = catalogue(language_of(request));
    if (auto queued = request.param("queued")) {
        auto id = parse_int(*queued);
        if (!id || *id < 1) return error(call, 400, "queued must be a job id.");
        flash = Flash{"success", fill(cat.text("T_FLASH_QUEUED"), "id", std::to_string(*id))};
    } else if (auto busy = request.param("busy")) {
        auto id = parse_int(*busy);
        if (!id || *id < 1) return error(call, 400, "busy must be a job id.");
        flash = Flash{"warning", fill(cat.text("T_FLASH_BUSY"), "id", std::to_string(*id))};
    } else if (request.param("refused")) {
        flash = Flash{"danger", cat.text("T_FLASH_REFUSED")};
    }
    auto stats = library_.stats(unix_now());
    DashboardView view;
    view.stats = stats.get();
    view.active = jobs_.active();
    view.last = jobs_.last_finished();
    view.flash = std::move(flash);
    view.demo = library_.demo();
    view.events = jobs_.latest_events(kDashboardEvents);
    view.account = account_summary(library_.queries().meta("account"));
    // A scan of the hash index (~100 ms at 100k): once per change to the lists.
    view.duplicates =
        library_.list_figure(duplicates_, [this] { return export_.hash_duplicate_count(); });
    view.trash = edits_.trash_count();
    // The page is the same for everyone but for the CSRF token: the pipeline
    // swaps this placeholder for the request's token after the cache.
    view.csrf_token = csrf_placeholder();
    const std::string_view lang = language_of(request);
    return html(200, render_dashboard(view, lang), lang);
}

Response Handlers::torrent_list(const Call& call) {
    auto parsed = parse_list_params(call.request);
    if (!parsed) return error(call, 400, parsed.error().message);
    const TorrentPage page = library_.page(*parsed);
    auto stats = library_.stats(unix_now());
    const std::string_view lang = language_of(call.request);
    return html(200, render_torrent_list(page, *stats, library_.demo(), lang), lang);
}

Response Handlers::torrent_detail(const Call& call) {
    const std::string& id = call.capture;
    if (!is_torrent_id(id)) return error(call, 404, "No torrent has this id.");
    auto detail = library_.detail(id);
    if (!detail) return error(call, 404, "No torrent has the id " + id + ".");
    const std::string_view lang = language_of(call.request);
    return html(200, render_torrent(*detail, links_.check(detail->row.id), library_.demo(), lang),
                lang);
}

Response Handlers::search(const Call& call) {
    auto parsed = parse_list_params(call.request);
    if (!parsed) return error(call, 400, parsed.error().message);
    const ListParams& params = *parsed;
    const std::string_view lang = language_of(call.request);
    if (params.filter.query.empty())
        return html(200, render_search("", nullptr, library_.demo(), lang), lang);
    const TorrentPage page = library_.page(params);
    return html(200, render_search(params.filter.query, &page, library_.demo(), lang), lang);
}

Response Handlers::sync_form(const Call& call) {
    const auto mode = parse_sync_mode(call.capture);
    if (!mode) return error(call, 400, "Unknown sync type.");
    const jobs::Outcome outcome = request_sync(*mode, "web");
    switch (outcome.kind) {
        case jobs::Outcome::Kind::kAccepted:
            return Response::redirect("/?queued=" + std::to_string(outcome.job.id));
        case jobs::Outcome::Kind::kConflict:
            return Response::redirect("/?busy=" + std::to_string(outcome.job.id));
        case jobs::Outcome::Kind::kBusy:
        case jobs::Outcome::Kind::kUnwritable: break;
    }
    return job_not_taken(call, outcome);
}

Response Handlers::sync_form_expired(const Call&) {
    return Response::redirect("/?refused=1");
}

}  // namespace redriva::web
