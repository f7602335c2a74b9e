// Adding to the library: magnets and .torrent files (the add page and the API),
// and the choice of files of a torrent that waits for one. As every action, the
// web records a job; redriva-sync's action lane talks to Real-Debrid.
#include <algorithm>

#include "web/action_params.h"
#include "web/action_views.h"
#include "web/add_params.h"
#include "web/handlers.h"
#include "web/pages.h"

namespace redriva::web {

namespace {

std::string select_params(const std::string& select) {
    return select == "auto" ? "{}" : R"({"select":")" + select + "\"}";
}

std::int64_t total_bytes(const std::vector<db::NewItem>& items) {
    std::int64_t bytes = 0;
    for (const auto& item : items) bytes += item.bytes;
    return bytes;
}

}  // namespace

Response Handlers::api_torrent_add(const Call& call) {
    auto add = parse_add_request(call.request);
    if (!add) return error(call, 400, add.error().message);
    return action_outcome(
        call, jobs_.request_action(ActionKind::kAdd, add->items, select_params(add->select), "api"),
        total_bytes(add->items));
}

Response Handlers::api_torrent_files(const Call& call) {
    const std::string& id = call.capture;
    if (!is_torrent_id(id)) return error(call, 404, "No torrent has this id");
    const auto detail = library_.detail(id);
    if (!detail) return error(call, 404, "No torrent has the id " + id);
    Response r = Response::json(200, torrent_files_json(*detail));
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

// Why the torrent's files cannot be chosen now (a 409's message), if they cannot.
std::optional<std::string> Handlers::selection_refused(const db::TorrentDetail& detail,
                                                       const SelectOptions& options) {
    if (detail.row.status != "waiting_files_selection")
        return "Its files are chosen already (the torrent is " + detail.row.status + ")";
    // Ticked ids must be the torrent's (when its file list is known here; the runner
    // checks against RD's list in any case).
    if (!detail.has_details || detail.files.empty()) return std::nullopt;
    for (std::int64_t id : options.file_ids) {
        const bool known = std::any_of(detail.files.begin(), detail.files.end(),
                                       [id](const TorrentFile& f) { return f.id == id; });
        if (!known) return "File " + std::to_string(id) + " is not one of its files";
    }
    return std::nullopt;
}

Response Handlers::api_torrent_select(const Call& call) {
    const std::string& id = call.capture;
    if (!is_torrent_id(id)) return error(call, 404, "No torrent has this id");
    auto params = parse_select_options(call.request);
    if (!params) return error(call, 400, params.error().message);
    const auto detail = library_.detail(id);
    if (!detail) return error(call, 404, "No torrent has the id " + id);
    if (auto refused = selection_refused(*detail, *params)) return error(call, 409, *refused);
    return one_torrent_action(call, ActionKind::kSelect, params->params());
}

// ---------------------------------------------------------------- the pages

Response Handlers::add_page(const Call& call) {
    const auto lang = language_of(call.request);
    return html(200, render_add(AddView{}, library_.demo(), lang), lang);
}

Response Handlers::add_form(const Call& call) {
    const auto lang = language_of(call.request);
    auto add = parse_add_request(call.request);
    if (!add) {
        // The form again, with what was typed and why it cannot be queued.
        AddView view;
        view.magnets = std::string(call.request.form_value("magnets").value_or(""));
        view.select = std::string(call.request.form_value("select").value_or("auto"));
        view.problem = add.error().message;
        return html(400, render_add(view, library_.demo(), lang), lang);
    }
    const jobs::ActionOutcome outcome =
        jobs_.request_action(ActionKind::kAdd, add->items, select_params(add->select), "web");
    if (outcome.kind == jobs::Outcome::Kind::kAccepted)
        return redirect_to_job(outcome.job.id, outcome.kind == jobs::Outcome::Kind::kAccepted);
    Response r = error(call, 503, outcome.reason);
    r.headers.emplace_back("Retry-After", "2");
    return r;
}

Response Handlers::add_form_expired(const Call&) {
    return Response::redirect("/add");
}

Response Handlers::torrent_select_form(const Call& call) {
    const std::string& id = call.capture;
    if (!is_torrent_id(id)) return error(call, 404, "No torrent has this id.");
    auto params = parse_select_options(call.request);
    if (!params) return error(call, 400, params.error().message + ".");
    const auto detail = library_.detail(id);
    if (!detail) return error(call, 404, "No torrent has the id " + id + ".");
    if (auto refused = selection_refused(*detail, *params)) return error(call, 409, *refused + ".");
    db::Targets targets = targets_.by_id({id});
    const jobs::ActionOutcome outcome =
        jobs_.request_action(ActionKind::kSelect, targets.items, params->params(), "web");
    if (outcome.kind == jobs::Outcome::Kind::kAccepted ||
        outcome.kind == jobs::Outcome::Kind::kConflict)
        return redirect_to_job(outcome.job.id, outcome.kind == jobs::Outcome::Kind::kAccepted);
    Response r = error(call, 503, outcome.reason);
    r.headers.emplace_back("Retry-After", "2");
    return r;
}

}  // namespace redriva::web
