// The library as a whole: export it (DMM's hash list or CSV, the whole library or
// a filter), import a hash list (an add job of every hash the library lacks), and
// find its duplicates.
#include "common/clock.h"
#include "common/json_writer.h"
#include "domain/duplicates.h"
#include "jobs/library_files.h"
#include "web/action_views.h"
#include "web/handlers.h"
#include "web/list_params.h"
#include "web/pages.h"

namespace redriva::web {

Response Handlers::api_export(const Call& call) {
    const std::string format(call.request.param("format").value_or("dmm"));
    if (format != "dmm" && format != "csv") return error(call, 400, "format must be dmm or csv");
    auto params = parse_list_params(call.request);
    if (!params) return error(call, 400, params.error().message);
    jobs::ExportWriter writer(format == "dmm" ? jobs::ExportWriter::Format::kDmm
                                              : jobs::ExportWriter::Format::kCsv);
    export_.rows(library_.queries().ordered_rowids(params->filter),
                 [&](const db::ExportRow& row) { writer.add(row); });
    Response r;
    r.status = 200;
    r.content_type = format == "dmm" ? "application/json" : "text/csv; charset=utf-8";
    r.body = writer.finish();
    const std::string name =
        "redriva-library-" + iso8601_now().substr(0, 10) + (format == "dmm" ? ".dmm.json" : ".csv");
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

namespace {

// The hash list of an import: the JSON body, or the one file of a multipart form.
Result<std::vector<db::NewItem>> import_items(const Request& request) {
    std::string_view body = request.body;
    if (!request.uploads.empty()) {
        if (request.uploads.size() != 1 || request.uploads[0].field != "file")
            return Failure{"Upload one .dmm.json file in the field \"file\""};
        body = request.uploads[0].body;
    } else if (!request.content_type.starts_with("application/json")) {
        return Failure{
            "Send the .dmm.json file as JSON (Content-Type: application/json) or as a "
            "multipart upload"};
    }
    return jobs::parse_hash_list(body);
}

}  // namespace

Response Handlers::import_form(const Call& call) {
    auto items = import_items(call.request);
    if (!items) {
        AddView view;
        view.problem = items.error().message;
        const auto lang = language_of(call.request);
        return html(400, render_add(view, library_.demo(), lang), lang);
    }
    const auto outcome = jobs_.request_action(ActionKind::kImport, *items, "{}", "web");
    if (outcome.kind == jobs::Outcome::Kind::kAccepted)
        return redirect_to_job(outcome.job.id, outcome.kind == jobs::Outcome::Kind::kAccepted);
    Response r = error(call, 503, outcome.reason);
    r.headers.emplace_back("Retry-After", "2");
    return r;
}

Response Handlers::api_import(const Call& call) {
    auto items = import_items(call.request);
    if (!items) return error(call, 400, items.error().message);
    const auto held = export_.hashes();
    std::int64_t present = 0;
    for (const auto& item : *items) present += held.contains(item.hash) ? 1 : 0;
    const jobs::ActionOutcome outcome =
        jobs_.request_action(ActionKind::kImport, *items, "{}", "api");
    if (outcome.kind != jobs::Outcome::Kind::kAccepted) return action_outcome(call, outcome, 0);
    rapidjson::StringBuffer b;
    json::Writer w(b);
    w.StartObject();
    json::member(w, "job", outcome.job.id);
    json::member(w, "count", static_cast<std::int64_t>(items->size()));
    json::member(w, "present", present);
    w.EndObject();
    Response r = Response::json(202, json::text(b));
    r.headers.emplace_back("Location", "/api/jobs/" + std::to_string(outcome.job.id));
    return r;
}

Response Handlers::api_duplicates(const Call& call) {
    const auto keep = parse_keep_rule(call.request.param("keep").value_or("largest"));
    if (!keep) return error(call, 400, "keep must be largest, newest or with_links");
    return Response::json(200, duplicates_json(find_duplicates(export_.candidates(), *keep)));
}

}  // namespace redriva::web
