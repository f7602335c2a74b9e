// The pages around the actions: the trash (restore, forget), the history, the
// duplicates, and the confirmation and start of a bulk action from a page. Plain
// forms; each POST is CSRF-checked by its route's policy.
#include <algorithm>
#include <cstdio>
#include <string_view>
#include <vector>

#include "domain/duplicates.h"
#include "web/action_params.h"
#include "web/handlers.h"
#include "web/pages.h"

namespace redriva::web {

namespace {

constexpr std::size_t kConfirmSample = 10;

Response no_store_page(Response r) {
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

// A fingerprint of the torrents a confirmation showed (FNV-1a over the sorted ids):
// the count alone would let a sync swap which torrents match a filter unnoticed.
std::string selection_digest(const db::Targets& targets) {
    std::vector<std::string_view> ids;
    ids.reserve(targets.items.size());
    for (const auto& item : targets.items) ids.push_back(item.torrent_id);
    std::sort(ids.begin(), ids.end());
    std::uint64_t hash = 14695981039346656037ull;
    for (const auto id : ids) {
        for (const char c : id) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
        hash = (hash ^ 0xffu) * 1099511628211ull;  // the separator: "ab","c" is not "a","bc"
    }
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
    return text;
}

// Only a path of this site: where a confirmation's Cancel goes.
std::string safe_back(std::string_view back) {
    if (back.starts_with("/") && !back.starts_with("//") &&
        back.find_first_of("\\\r\n") == std::string_view::npos && back.size() < 1000)
        return std::string(back);
    return "/torrents";
}

}  // namespace

Response Handlers::trash_page(const Call& call) {
    auto paging = parse_paging(call.request);
    if (!paging) return error(call, 400, paging.error().message + ".");
    TrashView view;
    view.page = paging->page;
    view.page_size = paging->page_size;
    view.entries = edits_.trash(view.page, view.page_size);
    view.total = edits_.trash_count();
    const auto lang = language_of(call.request);
    return no_store_page(html(200, render_trash(view, library_.demo(), lang), lang));
}

Response Handlers::trash_restore_form(const Call& call) {
    const std::string& hash = call.capture;
    if (!is_torrent_hash(hash)) return error(call, 404, "Nothing in the trash has this hash.");
    const auto entry = edits_.trash_entry(hash);
    if (!entry) return error(call, 404, "Nothing in the trash has the hash " + hash + ".");
    db::NewItem item;
    item.torrent_id = entry->torrent_id;  // the deleted one: one restore of it at a time
    item.hash = entry->hash;
    item.filename = entry->filename;
    item.bytes = entry->bytes;
    item.files = entry->files;
    const auto outcome = jobs_.request_action(ActionKind::kRestore, {item}, "{}", "web");
    if (outcome.kind == jobs::Outcome::Kind::kAccepted ||
        outcome.kind == jobs::Outcome::Kind::kConflict)
        return redirect_to_job(outcome.job.id, outcome.kind == jobs::Outcome::Kind::kAccepted);
    Response r = error(call, 503, outcome.reason);
    r.headers.emplace_back("Retry-After", "2");
    return r;
}

Response Handlers::trash_forget_form(const Call& call) {
    const std::string& hash = call.capture;
    if (!is_torrent_hash(hash)) return error(call, 404, "Nothing in the trash has this hash.");
    edits_.forget_trash(hash);  // already forgotten (a second click): the same page
    library_.note_own_write();
    return Response::redirect("/trash");
}

Response Handlers::page_form_expired(const Call& call) {
    // An old page's form: back to where such forms live, with a fresh token.
    const std::string& path = call.request.path;
    if (path.starts_with("/trash/")) return Response::redirect("/trash");
    const std::string back(call.request.form_value("back").value_or(""));
    return Response::redirect(safe_back(back));
}

Response Handlers::history_page(const Call& call) {
    auto paging = parse_paging(call.request);
    if (!paging) return error(call, 400, paging.error().message + ".");
    HistoryView view;
    view.page = paging->page;
    view.page_size = paging->page_size;
    db::HistoryFilter filter;
    filter.page = view.page;
    filter.page_size = view.page_size;
    if (auto kind = call.request.param("kind"); kind && !kind->empty()) {
        filter.kind = parse_action_kind(*kind);
        if (!filter.kind) return error(call, 400, "Unknown kind: use an action's name.");
        view.kind = std::string(*kind);
    }
    if (auto state = call.request.param("state"); state && !state->empty()) {
        filter.state = parse_job_state(*state);
        if (!filter.state) return error(call, 400, "Unknown state: use a job state.");
        view.state = std::string(*state);
    }
    jobs_.reap_dead_actions();
    view.jobs = jobs_.history(filter);
    view.total = jobs_.history_count(filter);
    const auto lang = language_of(call.request);
    return no_store_page(html(200, render_history(view, library_.demo(), lang), lang));
}

Response Handlers::duplicates_page(const Call& call) {
    const std::string keep(call.request.param("keep").value_or("largest"));
    const auto rule = parse_keep_rule(keep);
    if (!rule) return error(call, 400, "keep must be largest, newest or with_links.");
    const auto lang = language_of(call.request);
    return html(200,
                render_duplicates(find_duplicates(export_.candidates(), *rule), keep,
                                  library_.demo(), lang),
                lang);
}

Response Handlers::bulk_confirm_form(const Call& call) {
    auto bulk = parse_bulk_form(call.request, /*need_confirm=*/false);
    if (!bulk) return error(call, 400, bulk.error().message + ".");
    auto targets = targets_of(*bulk);
    if (!targets) return error(call, 400, targets.error().message + ".");
    ConfirmView view;
    view.action = bulk->action;
    view.ids = bulk->ids;
    view.filter = bulk->filter;
    view.count = static_cast<std::int64_t>(targets->items.size());
    view.bytes = targets->bytes;
    view.digest = selection_digest(*targets);
    for (std::size_t i = 0; i < targets->items.size() && i < kConfirmSample; ++i)
        view.sample.push_back(targets->items[i].filename);
    view.back = safe_back(call.request.form_value("back").value_or("/torrents"));
    if (view.count == 0) return error(call, 400, "Nothing matches: there is nothing to act on.");
    const auto lang = language_of(call.request);
    return no_store_page(html(200, render_confirm(view, library_.demo(), lang), lang));
}

Response Handlers::bulk_form(const Call& call) {
    auto bulk = parse_bulk_form(call.request, /*need_confirm=*/true);
    if (!bulk) return error(call, 400, bulk.error().message + ".");
    auto targets = targets_of(*bulk);
    if (!targets) return error(call, 400, targets.error().message + ".");
    // The selection must still be the one the confirmation showed: its count, and
    // (a form always carries it) the same torrents.
    const auto digest = call.request.form_value("digest");
    if (static_cast<std::int64_t>(targets->items.size()) != *bulk->confirm ||
        (digest && *digest != selection_digest(*targets)))
        return error(call, 409,
                     "The selection changed since it was confirmed (" +
                         std::to_string(*bulk->confirm) + " then, " +
                         std::to_string(targets->items.size()) +
                         " now): go back and confirm it again.");
    if (targets->items.empty()) return error(call, 400, "Nothing matches: no job was queued.");
    const auto outcome = jobs_.request_action(bulk->action, targets->items, bulk->params, "web");
    if (outcome.kind == jobs::Outcome::Kind::kAccepted)
        return redirect_to_job(outcome.job.id, outcome.kind == jobs::Outcome::Kind::kAccepted);
    if (outcome.kind == jobs::Outcome::Kind::kConflict)
        return error(call, 409,
                     "Job " + std::to_string(outcome.job.id) + " (" +
                         std::string(action_kind_name(outcome.job.kind)) + ") already acts on " +
                         std::to_string(outcome.busy.size()) +
                         " of these torrents: nothing was queued. Wait for it to end (/jobs/" +
                         std::to_string(outcome.job.id) + "), or cancel it, and confirm again.");
    Response r = error(call, 503, outcome.reason);
    r.headers.emplace_back("Retry-After", "2");
    return r;
}

}  // namespace redriva::web
