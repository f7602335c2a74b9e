// The actions' API: queue an action (one torrent, or a confirmed bulk selection),
// follow and cancel its job, read the trash and the history. The web only records
// jobs; redriva-sync's action lane does the work on Real-Debrid.
#include "web/action_params.h"
#include "web/action_views.h"
#include "web/handlers.h"
#include "web/json_views.h"
#include "web/pages.h"

namespace redriva::web {

namespace {

Response no_store(Response r) {
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

std::string list_of(const std::vector<std::string>& ids) {
    constexpr std::size_t kNamed = 10;
    std::string out;
    for (std::size_t i = 0; i < ids.size() && i < kNamed; ++i) out += (i ? ", " : "") + ids[i];
    if (ids.size() > kNamed) out += " and " + std::to_string(ids.size() - kNamed) + " more";
    return out;
}

}  // namespace

Result<db::Targets> Handlers::targets_of(const BulkRequest& bulk) {
    if (bulk.filter) return targets_.by_rowid(library_.queries().ordered_rowids(*bulk.filter));
    db::Targets found = targets_.by_id(bulk.ids);
    if (!found.unknown.empty()) return Failure{"Not in the library: " + list_of(found.unknown)};
    return found;
}

Response Handlers::action_outcome(const Call& call, const jobs::ActionOutcome& outcome,
                                  std::int64_t bytes) {
    switch (outcome.kind) {
        case jobs::Outcome::Kind::kAccepted: {
            Response r = Response::json(202, action_accepted_json(outcome.job, bytes));
            r.headers.emplace_back("Location", "/api/jobs/" + std::to_string(outcome.job.id));
            return r;
        }
        case jobs::Outcome::Kind::kConflict:
            return Response::json(409, action_conflict_json(outcome.job, outcome.busy));
        case jobs::Outcome::Kind::kBusy:
        case jobs::Outcome::Kind::kUnwritable: break;
    }
    Response r = error(call, 503, outcome.reason);
    r.headers.emplace_back("Retry-After", "2");
    return r;
}

Response Handlers::one_torrent_action(const Call& call, ActionKind kind,
                                      const std::string& params) {
    const std::string& id = call.capture;
    if (!is_torrent_id(id)) return error(call, 404, "No torrent has this id");
    db::Targets targets = targets_.by_id({id});
    if (targets.items.empty()) return error(call, 404, "No torrent has the id " + id);
    return action_outcome(call, jobs_.request_action(kind, targets.items, params, "api"),
                          targets.bytes);
}

Response Handlers::api_torrent_delete(const Call& call) {
    return one_torrent_action(call, ActionKind::kDelete, "{}");
}

Response Handlers::api_torrent_repair(const Call& call) {
    auto options = parse_repair_options(call.request);
    if (!options) return error(call, 400, options.error().message);
    return one_torrent_action(call, ActionKind::kRepair, *options);
}

Response Handlers::api_torrent_links_start(const Call& call) {
    auto params = parse_links_options(call.request);
    if (!params) return error(call, 400, params.error().message);
    return one_torrent_action(call, ActionKind::kLinks, *params);
}

Response Handlers::api_torrent_check(const Call& call) {
    return one_torrent_action(call, ActionKind::kCheck, "{}");
}

Response Handlers::api_torrent_links(const Call& call) {
    const std::string& id = call.capture;
    if (!is_torrent_id(id)) return error(call, 404, "No torrent has this id");
    if (!library_.detail(id)) return error(call, 404, "No torrent has the id " + id);
    return no_store(Response::json(200, direct_links_json(links_.for_torrent(id))));
}

Response Handlers::api_trash_restore(const Call& call) {
    const std::string& hash = call.capture;
    if (!is_torrent_hash(hash)) return error(call, 404, "Nothing in the trash has this hash");
    const auto entry = edits_.trash_entry(hash);
    if (!entry) return error(call, 404, "Nothing in the trash has the hash " + hash);
    db::NewItem item;
    item.torrent_id = entry->torrent_id;  // the deleted one: its restore is one job at a time
    item.hash = entry->hash;
    item.filename = entry->filename;
    item.bytes = entry->bytes;
    item.files = entry->files;
    return action_outcome(call, jobs_.request_action(ActionKind::kRestore, {item}, "{}", "api"),
                          entry->bytes);
}

Response Handlers::api_trash_forget(const Call& call) {
    const std::string& hash = call.capture;
    if (!is_torrent_hash(hash)) return error(call, 404, "Nothing in the trash has this hash");
    if (!edits_.forget_trash(hash))
        return error(call, 404, "Nothing in the trash has the hash " + hash);
    library_.note_own_write();
    return no_store(Response::json(200, R"({"forgotten":")" + hash + R"("})"));
}

Response Handlers::api_actions_preview(const Call& call) {
    auto bulk = parse_bulk_request(call.request, /*need_confirm=*/false);
    if (!bulk) return error(call, 400, bulk.error().message);
    auto targets = targets_of(*bulk);
    if (!targets) return error(call, 400, targets.error().message);
    return no_store(Response::json(200, preview_json(action_kind_name(bulk->action), *targets)));
}

Response Handlers::api_actions_start(const Call& call) {
    auto bulk = parse_bulk_request(call.request, /*need_confirm=*/true);
    if (!bulk) return error(call, 400, bulk.error().message);
    auto targets = targets_of(*bulk);
    if (!targets) return error(call, 400, targets.error().message);
    // The selection is fixed now; it must still be the one the user saw.
    if (static_cast<std::int64_t>(targets->items.size()) != *bulk->confirm)
        return Response::json(409, confirm_mismatch_json(*bulk->confirm, *targets));
    if (targets->items.empty()) return error(call, 400, "Nothing matches: no job was queued");
    return action_outcome(call,
                          jobs_.request_action(bulk->action, targets->items, bulk->params, "api"),
                          targets->bytes);
}

Response Handlers::api_job(const Call& call) {
    const auto id = parse_job_id(call.capture);
    if (!id) return error(call, 404, "No job has this id");
    jobs_.reap_dead_actions();
    if (auto job = jobs_.action(*id)) {
        const auto items = jobs_.action_items(*id);
        return no_store(Response::json(200, action_job_json(*job, &items)));
    }
    if (auto job = jobs_.sync_job(*id)) return no_store(Response::json(200, sync_job_json(*job)));
    return error(call, 404, "No job has the id " + call.capture);
}

Response Handlers::api_job_cancel(const Call& call) {
    const auto id = parse_job_id(call.capture);
    if (!id) return error(call, 404, "No job has this id");
    using Cancel = db::ActionQueue::CancelOutcome;
    switch (jobs_.cancel_action(*id)) {
        case Cancel::kCancelled:
        case Cancel::kRequested: {
            auto job = jobs_.action(*id);
            return no_store(Response::json(200, action_job_json(*job, nullptr)));
        }
        case Cancel::kAlreadyFinished: return error(call, 409, "The job has already finished");
        case Cancel::kNotFound: break;
    }
    if (jobs_.sync_job(*id))
        return error(call, 409, "A sync cannot be cancelled; it ends on its own");
    return error(call, 404, "No job has the id " + call.capture);
}

Response Handlers::api_job_retry(const Call& call) {
    const auto id = parse_job_id(call.capture);
    if (!id) return error(call, 404, "No job has this id");
    jobs_.reap_dead_actions();
    const auto job = jobs_.action(*id);
    if (!job) {
        if (jobs_.sync_job(*id)) return error(call, 409, "A sync is not retried: start another");
        return error(call, 404, "No job has the id " + call.capture);
    }
    if (!is_finished(job->state)) return error(call, 409, "The job has not finished yet");
    // The failed items again, as they were recorded (a restore keeps its trash entry,
    // an add its magnet or file).
    std::vector<db::NewItem> again;
    std::int64_t bytes = 0;
    for (const auto& item : jobs_.action_items(*id)) {
        if (item.state != ItemState::kFailed) continue;
        again.push_back({item.torrent_id, item.hash, item.filename, item.bytes, item.files,
                         item.input, item.step, item.new_id});
        bytes += item.bytes;
    }
    if (again.empty()) return error(call, 409, "No item of this job failed: nothing to retry");
    return action_outcome(call, jobs_.request_action(job->kind, again, job->params, "api", *id),
                          bytes);
}

Response Handlers::api_trash(const Call& call) {
    auto paging = parse_paging(call.request);
    if (!paging) return error(call, 400, paging.error().message);
    return no_store(
        Response::json(200, trash_json(edits_.trash(paging->page, paging->page_size), paging->page,
                                       paging->page_size, edits_.trash_count())));
}

Response Handlers::api_history(const Call& call) {
    auto paging = parse_paging(call.request);
    if (!paging) return error(call, 400, paging.error().message);
    db::HistoryFilter filter;
    filter.page = paging->page;
    filter.page_size = paging->page_size;
    if (auto kind = call.request.param("kind"); kind && !kind->empty()) {
        filter.kind = parse_action_kind(*kind);
        if (!filter.kind) return error(call, 400, "Unknown kind: use an action's name");
    }
    if (auto state = call.request.param("state"); state && !state->empty()) {
        filter.state = parse_job_state(*state);
        if (!filter.state) return error(call, 400, "Unknown state: use a job state");
    }
    return no_store(
        Response::json(200, history_json(jobs_.history(filter), filter.page, filter.page_size,
                                         jobs_.history_count(filter))));
}

// ---------------------------------------------------------------- the pages' forms

Response Handlers::torrent_action_form(const Call& call, ActionKind kind) {
    const std::string& id = call.capture;
    if (!is_torrent_id(id)) return error(call, 404, "No torrent has this id.");
    db::Targets targets = targets_.by_id({id});
    if (targets.items.empty()) return error(call, 404, "No torrent has the id " + id + ".");
    const jobs::ActionOutcome outcome = jobs_.request_action(kind, targets.items, "{}", "web");
    switch (outcome.kind) {
        case jobs::Outcome::Kind::kAccepted:
        // The job in the way is the one to watch.
        case jobs::Outcome::Kind::kConflict:
            return redirect_to_job(outcome.job.id, outcome.kind == jobs::Outcome::Kind::kAccepted);
        case jobs::Outcome::Kind::kBusy:
        case jobs::Outcome::Kind::kUnwritable: break;
    }
    Response r = error(call, 503, outcome.reason);
    r.headers.emplace_back("Retry-After", "2");
    return r;
}

Response Handlers::torrent_delete_form(const Call& call) {
    return torrent_action_form(call, ActionKind::kDelete);
}

Response Handlers::torrent_repair_form(const Call& call) {
    return torrent_action_form(call, ActionKind::kRepair);
}

Response Handlers::torrent_links_form(const Call& call) {
    return torrent_action_form(call, ActionKind::kLinks);
}

Response Handlers::torrent_check_form(const Call& call) {
    return torrent_action_form(call, ActionKind::kCheck);
}

Response Handlers::torrent_form_expired(const Call& call) {
    // An old page's form: back to the torrent, whose page carries a fresh token.
    return Response::redirect(is_torrent_id(call.capture) ? "/torrents/" + call.capture : "/");
}

Response redirect_to_job(std::int64_t job_id, bool started_here) {
    return Response::redirect("/jobs/" + std::to_string(job_id) +
                              (started_here ? "?started=1" : ""));
}

Response Handlers::job_page(const Call& call) {
    const auto id = parse_job_id(call.capture);
    if (!id) return error(call, 404, "No job has this id.");
    jobs_.reap_dead_actions();
    auto job = jobs_.action(*id);
    if (!job) return error(call, 404, "No action job has the id " + call.capture + ".");
    JobView view;
    view.job = std::move(*job);
    view.items = jobs_.action_items(*id);
    for (const auto& item : view.items) {
        const std::string& shown = item.new_id ? *item.new_id : item.torrent_id;
        if (library_.detail(shown)) view.present.insert(shown);
        if (view.job.kind == ActionKind::kLinks && item.state == ItemState::kDone)
            for (auto& link : links_.for_torrent(item.torrent_id))
                view.links.push_back(std::move(link));
    }
    Response r = html(200, render_job(view, library_.demo(), language_of(call.request)),
                      language_of(call.request));
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

}  // namespace redriva::web
