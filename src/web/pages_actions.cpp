// The pages around the actions: the trash, the history, the duplicates and the
// confirmation of a bulk action. Plain forms: everything works without a script.
#include <ctemplate/template.h>

#include "common/clock.h"
#include "common/strings.h"
#include "domain/job.h"
#include "web/list_params.h"
#include "web/page_frame.h"
#include "web/pages.h"
#include "web/word_labels.h"

namespace redriva::web {

namespace {

using ctemplate::TemplateDictionary;

// Previous and next links of a paged table ("?page=N" plus `query`).
void add_pager(TemplateDictionary* d, const std::string& base, const std::string& query, int page,
               int page_size, std::int64_t total) {
    const bool has_prev = page > 1;
    const bool has_next = static_cast<std::int64_t>(page) * page_size < total;
    if (!has_prev && !has_next) return;
    TemplateDictionary* pager = d->AddSectionDictionary("PAGER");
    const auto url = [&](int target) {
        return base + "?page=" + std::to_string(target) + (query.empty() ? "" : "&" + query);
    };
    if (has_prev) pager->AddSectionDictionary("PREV")->SetValue("URL", url(page - 1));
    if (has_next) pager->AddSectionDictionary("NEXT")->SetValue("URL", url(page + 1));
}

// "{count} torrents", or the catalogue's singular form (KEY_ONE) for one.
std::string counted(const Catalogue& cat, const std::string& key, std::int64_t n) {
    return fill(cat.text(n == 1 ? key + "_ONE" : key), "count", cat.numbers().count(n));
}

}  // namespace

std::string render_trash(const TrashView& v, bool demo, std::string_view lang) {
    const Catalogue& cat = catalogue(lang);
    TemplateDictionary root("trash");
    TemplateDictionary* d =
        frame(root, cat.text("T_TRASH_TITLE"), "trash.tpl", "NAV_TRASH", demo, cat);
    d->SetValue("TOTAL", counted(cat, "T_N_TORRENTS", v.total));
    if (v.entries.empty()) d->ShowSection("EMPTY");
    if (!v.entries.empty()) {
        TemplateDictionary* table = d->AddSectionDictionary("ENTRIES");
        for (const auto& e : v.entries) {
            TemplateDictionary* row = table->AddSectionDictionary("ENTRY");
            row->SetValue("HASH", e.hash);
            row->SetValue("FILENAME", e.filename.empty() ? e.hash : e.filename);
            row->SetValue("FILES_COUNT",
                          cat.numbers().count(static_cast<std::int64_t>(e.files.size())));
            row->SetValue("SIZE", cat.numbers().size(e.bytes));
            set_date(row, "DELETED_AT", e.deleted_at);
            if (e.job_id) row->SetValueAndShowSection("JOB_ID", std::to_string(*e.job_id), "JOB");
        }
    }
    add_pager(d, "/trash", "", v.page, v.page_size, v.total);
    return expand(root);
}

std::string render_history(const HistoryView& v, bool demo, std::string_view lang) {
    const Catalogue& cat = catalogue(lang);
    TemplateDictionary root("history");
    TemplateDictionary* d =
        frame(root, cat.text("T_HISTORY_TITLE"), "history.tpl", "NAV_HISTORY", demo, cat);
    d->SetValue("TOTAL", counted(cat, "T_N_JOBS", v.total));
    for (const auto& kind : kActionKinds) {
        TemplateDictionary* o = d->AddSectionDictionary("KIND_OPTION");
        o->SetValue("VALUE", std::string(kind.name));
        o->SetValue("LABEL", label(cat, WordFamily::kJobKind, kind.name));
        if (v.kind == kind.name) o->ShowSection("SELECTED");
    }
    for (const auto& state : kJobStates) {
        TemplateDictionary* o = d->AddSectionDictionary("STATE_OPTION");
        o->SetValue("VALUE", std::string(state.name));
        o->SetValue("LABEL", label(cat, WordFamily::kJobState, state.name));
        if (v.state == state.name) o->ShowSection("SELECTED");
    }
    if (v.jobs.empty()) d->ShowSection("EMPTY");
    if (!v.jobs.empty()) {
        TemplateDictionary* table = d->AddSectionDictionary("JOBS");
        for (const auto& job : v.jobs) {
            TemplateDictionary* row = table->AddSectionDictionary("JOB_ROW");
            row->SetValue("ID", std::to_string(job.id));
            row->SetValue("KIND", label(cat, WordFamily::kJobKind, action_kind_name(job.kind)));
            row->SetValue("STATE", std::string(job_state_name(job.state)));
            row->SetValue("STATE_TEXT",
                          label(cat, WordFamily::kJobState, job_state_name(job.state)));
            row->SetValue("COUNTS", job_counts_text(cat, job.counts));
            set_date(row, "CREATED", job.created_at);
            row->SetValue("SOURCE", job.source);
        }
    }
    std::string query;
    if (!v.kind.empty()) query += "kind=" + url_encode(v.kind);
    if (!v.state.empty()) {
        if (!query.empty()) query += '&';
        query += "state=";
        query += url_encode(v.state);
    }
    add_pager(d, "/history", query, v.page, v.page_size, v.total);
    return expand(root);
}

std::string render_duplicates(const std::vector<DuplicateGroup>& groups, std::string_view keep,
                              bool demo, std::string_view lang) {
    const Catalogue& cat = catalogue(lang);
    TemplateDictionary root("duplicates");
    TemplateDictionary* d =
        frame(root, cat.text("T_DUPLICATES_TITLE"), "duplicates.tpl", "NAV_DUPLICATES", demo, cat);
    std::int64_t hash_groups = 0, extra = 0;
    for (const auto& g : groups)
        if (g.kind == DuplicateGroup::Kind::kHash) {
            ++hash_groups;
            extra += static_cast<std::int64_t>(g.torrents.size()) - 1;
        }
    std::string summary = cat.text("T_DUPLICATES_SUMMARY");
    summary = fill(summary, "hash_groups", cat.numbers().count(hash_groups));
    summary = fill(summary, "extra", cat.numbers().count(extra));
    summary = fill(summary, "title_groups",
                   cat.numbers().count(static_cast<std::int64_t>(groups.size()) - hash_groups));
    d->SetValue("SUMMARY", summary);
    for (const auto& [value, label] :
         {std::pair{"largest", "T_KEEP_LARGEST"}, std::pair{"newest", "T_KEEP_NEWEST"},
          std::pair{"with_links", "T_KEEP_WITH_LINKS"}}) {
        TemplateDictionary* o = d->AddSectionDictionary("KEEP_OPTION");
        o->SetValue("VALUE", value);
        o->SetValue("LABEL", cat.text(label));
        if (keep == value) o->ShowSection("SELECTED");
    }
    if (groups.empty()) {
        d->ShowSection("NONE");
        return expand(root);
    }
    TemplateDictionary* some = d->AddSectionDictionary("SOME");
    int index = 0;
    for (const auto& g : groups) {
        TemplateDictionary* group = some->AddSectionDictionary("GROUP");
        const bool by_hash = g.kind == DuplicateGroup::Kind::kHash;
        group->SetValue("KIND", by_hash ? "hash" : "title");
        group->SetValue("KIND_TEXT", cat.text(by_hash ? "T_SAME_HASH" : "T_SAME_TITLE"));
        group->SetValue("KEY", g.key);
        ++index;
        for (std::size_t i = 0; i < g.torrents.size(); ++i) {
            const auto& t = g.torrents[i];
            TemplateDictionary* row = group->AddSectionDictionary("TORRENT");
            row->SetValue("GROUP_INDEX", std::to_string(index));
            row->SetValue("ID", t.id);
            row->SetValue("FILENAME", t.filename);
            row->SetValue("STATUS", t.status);
            row->SetValue("STATUS_TEXT", label(cat, WordFamily::kStatus, t.status));
            row->SetValue("BADGE", std::string(status_badge(t.status)));
            row->SetValue("SIZE", cat.numbers().size(t.bytes));
            set_date(row, "ADDED", t.added_on);
            row->SetValue("LINKS", cat.numbers().count(t.links_count));
            // Only a hash group's extra copies are ticked; a title group's never.
            if (by_hash && g.keep[i]) row->ShowSection("KEPT");
            if (by_hash && !g.keep[i]) row->ShowSection("TICKED");
        }
    }
    return expand(root);
}

std::string render_confirm(const ConfirmView& v, bool demo, std::string_view lang) {
    const Catalogue& cat = catalogue(lang);
    const bool del = v.action == ActionKind::kDelete;
    const bool check = v.action == ActionKind::kCheck;
    TemplateDictionary root("confirm");
    const std::string heading = cat.text(del     ? "T_CONFIRM_DELETE_TITLE"
                                         : check ? "T_CONFIRM_CHECK_TITLE"
                                                 : "T_CONFIRM_REPAIR_TITLE");
    TemplateDictionary* d = frame(root, heading, "confirm.tpl", nullptr, demo, cat);
    d->SetValue("HEADING", heading);
    std::string summary = cat.text("T_CONFIRM_SUMMARY");
    summary = fill(summary, "count", cat.numbers().count(v.count));
    summary = fill(summary, "size", cat.numbers().size(v.bytes));
    d->SetValue("SUMMARY", summary);
    d->SetValue("EXPLAIN", cat.text(del     ? "T_CONFIRM_DELETE_EXPLAIN"
                                    : check ? "T_CONFIRM_CHECK_EXPLAIN"
                                            : "T_CONFIRM_REPAIR_EXPLAIN"));
    d->ShowSection(del ? "NO_OPTIONS" : check ? "CHECK_OPTIONS" : "REPAIR_OPTIONS");
    for (const auto& name : v.sample) d->AddSectionDictionary("SAMPLE")->SetValue("NAME", name);
    if (v.count > static_cast<std::int64_t>(v.sample.size()))
        d->SetValueAndShowSection(
            "MORE_TEXT",
            fill(cat.text("T_AND_N_MORE"), "count",
                 cat.numbers().count(v.count - static_cast<std::int64_t>(v.sample.size()))),
            "MORE");
    d->SetValue("ACTION", std::string(action_kind_name(v.action)));
    d->SetValue("COUNT", std::to_string(v.count));
    d->SetValue("DIGEST", v.digest);
    for (const auto& id : v.ids) d->AddSectionDictionary("ID")->SetValue("VALUE", id);
    if (v.filter) {
        TemplateDictionary* f = d->AddSectionDictionary("FILTER");
        f->SetValue("STATUS", v.filter->status);
        f->SetValue("QUERY", v.filter->query);
    }
    d->SetValue("STYLE", del ? "danger" : check ? "primary" : "warning");
    d->SetValue("BUTTON", fill(cat.text(del     ? "T_DELETE_N"
                                        : check ? "T_CHECK_N"
                                                : "T_REPAIR_N"),
                               "count", cat.numbers().count(v.count)));
    d->SetValue("BACK", v.back);
    return expand(root);
}

}  // namespace redriva::web
