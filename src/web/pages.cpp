#include "web/pages.h"

#include <ctemplate/template.h>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "common/clock.h"
#include "common/strings.h"
#include "domain/file_selection.h"
#include "domain/job.h"
#include "domain/status.h"
#include "domain/vocabulary_json.h"
#include "web/csrf.h"
#include "web/i18n.h"
#include "web/page_frame.h"
#include "web/server_types.h"
#include "web/sync_summary_text.h"
#include "web/word_labels.h"

namespace redriva::web {

namespace {

using ctemplate::TemplateDictionary;

constexpr const char* kTemplates[] = {
    "layout.tpl",        "login.tpl",   "dashboard.tpl",  "torrents.tpl", "search.tpl",
    "torrent_table.tpl", "torrent.tpl", "error.tpl",      "job.tpl",      "add.tpl",
    "trash.tpl",         "history.tpl", "duplicates.tpl", "confirm.tpl"};

// Whether the frame shows the log-out button (set_login_ui). A worker serves
// one request at a time, so a process-wide flag is the request's.
bool g_login_enabled = false;

std::string progress_text(double progress) {
    if (!(progress >= 0)) progress = 0;
    if (progress > 100) progress = 100;
    return std::to_string(static_cast<int>(std::floor(progress)));
}

void add_pagination(TemplateDictionary* table, const TorrentPage& page, const std::string& base,
                    const Catalogue& cat) {
    const auto& w = page.window;
    if (w.total_pages <= 1 && page.params.page == 1) return;
    TemplateDictionary* nav = table->AddSectionDictionary("PAGINATION");
    nav->SetIntValue("PAGE", page.params.page);
    nav->SetValue("TOTAL_PAGES", cat.numbers().count(w.total_pages));
    nav->SetValue("TOTAL_COUNT", cat.numbers().count(page.total_count));
    auto link = [&](const std::string& text, std::int64_t target, bool enabled, bool current,
                    const char* rel) {
        TemplateDictionary* item = nav->AddSectionDictionary("PAGE_LINK");
        item->SetValue("TEXT", text);
        if (current) item->ShowSection("CURRENT");
        if (!enabled) item->ShowSection("DISABLED");
        if (enabled && !current) {
            TemplateDictionary* a = item->AddSectionDictionary("LINK");
            a->SetValue("URL", list_url(base, page.params, target));
            if (rel) a->SetValueAndShowSection("REL_VALUE", rel, "REL");
        } else {
            item->ShowSection("NOLINK");
        }
    };
    const std::int64_t current = page.params.page;
    const std::int64_t last = std::max<std::int64_t>(w.total_pages, 1);
    link(cat.text("T_FIRST"), 1, current > 1, false, nullptr);
    link(cat.text("T_PREVIOUS"), current - 1, w.has_prev, false, "prev");
    for (std::int64_t p = std::max<std::int64_t>(1, current - 2); p <= std::min(last, current + 2);
         ++p)
        link(cat.numbers().count(p), p, true, p == current, nullptr);
    link(cat.text("T_NEXT"), current + 1, w.has_next, false, "next");
    link(cat.text("T_LAST"), last, current < last, false, nullptr);
}

// `selectable`: each row has a checkbox of the list's selection form.
void add_torrent_table(TemplateDictionary* parent, const TorrentPage& page, const std::string& base,
                       const std::string& empty_text, const Catalogue& cat, bool selectable) {
    TemplateDictionary* table = parent->AddIncludeDictionary("TABLE");
    table->SetFilename("torrent_table.tpl");
    if (selectable) table->ShowSection("SELECTABLE");
    table->SetValue("COLUMNS", selectable ? "6" : "5");
    struct Column {
        const char* label;
        db::SortKey key;
        bool numeric;
    };
    static constexpr Column kColumns[] = {{"T_COL_NAME", db::SortKey::kName, false},
                                          {"T_COL_STATUS", db::SortKey::kStatus, false},
                                          {"T_COL_SIZE", db::SortKey::kSize, true},
                                          {"T_COL_PROGRESS", db::SortKey::kProgress, false},
                                          {"T_COL_ADDED", db::SortKey::kAdded, false}};
    for (const auto& column : kColumns) {
        TemplateDictionary* th = table->AddSectionDictionary("HEADER");
        if (column.numeric) th->ShowSection("NUMERIC");
        TemplateDictionary* sortable = th->AddSectionDictionary("SORTABLE");
        sortable->SetValue("LABEL", cat.text(column.label));
        sortable->SetValue("SORT_KEY", sort_name(column.key));
        sortable->SetValue("DEFAULT_ORDER", default_descending(column.key) ? "desc" : "asc");
        ListParams target = page.params;
        const bool active = page.params.filter.sort == column.key;
        target.filter.sort = column.key;
        target.filter.descending =
            active ? !page.params.filter.descending : default_descending(column.key);
        target.sort_given = target.order_given = true;
        sortable->SetValue("SORT_URL", list_url(base, target, 1));
        if (active) {
            TemplateDictionary* arrow = sortable->AddSectionDictionary("ARROW");
            arrow->SetValue("ARROW_CHAR", page.params.filter.descending ? "▼" : "▲");
            arrow->SetValue(
                "ARROW_TEXT",
                cat.text(page.params.filter.descending ? "T_DESCENDING_LC" : "T_ASCENDING_LC"));
            arrow->SetValue("ARIA_SORT",
                            page.params.filter.descending ? "descending" : "ascending");
        }
    }
    // What the list script needs to load the next pages itself (infinite scroll).
    table->SetValue("LIST_API", list_url("/api/torrents", page.params, 1));
    table->SetIntValue("PAGE", page.params.page);
    table->SetValue("HAS_NEXT", page.window.has_next ? "1" : "0");
    table->SetValue("TOTAL_COUNT_RAW", std::to_string(page.total_count));
    for (const auto& [key, label] : {std::pair{"L_NAME", "T_COL_NAME"},
                                     {"L_STATUS", "T_COL_STATUS"},
                                     {"L_SIZE", "T_COL_SIZE"},
                                     {"L_PROGRESS", "T_COL_PROGRESS"},
                                     {"L_ADDED", "T_COL_ADDED"}})
        table->SetValue(key, cat.text(label));
    for (const auto& row : page.rows) {
        TemplateDictionary* tr = table->AddSectionDictionary("ROW");
        if (selectable) tr->ShowSection("SELECTABLE");
        tr->SetValue("ID", row.id);
        tr->SetValue("DETAIL_URL", "/torrents/" + url_encode(row.id));
        tr->SetValue("FILENAME", row.filename);
        tr->SetValue("STATUS", row.status);
        tr->SetValue("STATUS_TEXT", label(cat, WordFamily::kStatus, row.status));
        tr->SetValue("BADGE", std::string(status_badge(row.status)));
        tr->SetValue("SIZE", cat.numbers().size(row.bytes));
        tr->SetValue("PROGRESS", progress_text(row.progress));
        set_date(tr, "ADDED", row.added_on);
        if (!row.error.empty()) tr->SetValueAndShowSection("ERROR_TEXT", row.error, "ERROR");
    }
    if (page.rows.empty()) table->SetValueAndShowSection("EMPTY_TEXT", empty_text, "EMPTY");
    add_pagination(table, page, base, cat);
}

}  // namespace

std::string expand(const TemplateDictionary& dict) {
    std::string out;
    if (!ctemplate::ExpandTemplate("layout.tpl", ctemplate::STRIP_BLANK_LINES, &dict, &out))
        throw std::runtime_error("template expansion failed");
    return out;
}

// The page frame; returns the dictionary of the page's own template.
// Every T_ entry of the catalogue is visible to the page and its includes, and the
// page scripts get their strings (the js. entries) in a JSON data block.
TemplateDictionary* frame(TemplateDictionary& root, const std::string& title,
                          const char* content_template, const char* nav, bool demo,
                          const Catalogue& cat, FrameFor reader) {
    root.SetValue("TITLE", title);
    if (nav == nullptr || std::string_view(nav) != "NAV_LOGIN") root.ShowSection("NAV_LINKS");
    if (g_login_enabled && reader == FrameFor::kVisitor &&
        (nav == nullptr || std::string_view(nav) != "NAV_LOGIN"))
        root.ShowSection("LOGOUT");
    // A page for anyone carries no token: nothing replaces the placeholder there.
    root.SetTemplateGlobalValue("CSRF_TOKEN",
                                reader == FrameFor::kVisitor ? csrf_placeholder() : std::string());
    root.SetValue("LANG", cat.lang());
    root.SetValue("I18N_JSON", cat.script_json());
    root.SetValue("VOCABULARY_JSON", vocabulary_json());
    for (const auto& [key, text] : cat.entries())
        if (key.starts_with("T_")) root.SetTemplateGlobalValue(key, text);
    if (demo) root.ShowSection("DEMO");
    if (nav) root.ShowSection(nav);
    TemplateDictionary* content = root.AddIncludeDictionary("CONTENT");
    content->SetFilename(content_template);
    return content;
}

// `text` with every "{name}" replaced by `value` (catalogue placeholders).
std::string fill(std::string text, std::string_view name, std::string_view value) {
    // Built with append: GCC 12's -Wrestrict misfires on "{" + std::string(…)
    // once inlined here (a false positive: GCC bug 105329).
    std::string token;
    token.reserve(name.size() + 2);
    token.append("{").append(name).append("}");
    for (std::size_t at = text.find(token); at != std::string::npos;
         at = text.find(token, at + value.size()))
        text.replace(at, token.size(), value);
    return text;
}

// A page's own script, static/js/<name>.js, loaded after the shared redriva.js.
void add_script(TemplateDictionary& root, const char* name) {
    root.AddSectionDictionary("PAGE_SCRIPT")->SetValue("PAGE_SCRIPT_NAME", name);
}

void set_date(TemplateDictionary* dict, const std::string& name, std::string_view iso) {
    const auto at = parse_iso8601_utc(iso);
    dict->SetValue(name, at ? display_date(iso) : std::string());
    dict->SetValue(name + "_ISO", at ? iso8601_utc(*at) : std::string());
}

void set_text_with_date(TemplateDictionary* dict, const std::string& name, const std::string& text,
                        std::string_view iso) {
    const std::size_t at = text.find("{when}");
    dict->SetValue(name + "_BEFORE", text.substr(0, at));
    dict->SetValue(name + "_AFTER", at == std::string::npos ? "" : text.substr(at + 6));
    set_date(dict, name + "_WHEN", iso);
}

std::string job_counts_text(const Catalogue& cat, const db::ItemCounts& c) {
    const NumberFormat& n = cat.numbers();
    std::string text = fill(cat.text("T_JOB_COUNTS"), "done", n.count(c.done));
    text = fill(text, "failed", n.count(c.failed));
    text = fill(text, "skipped", n.count(c.skipped));
    return fill(text, "total", n.count(c.total));
}

void load_templates(const std::string& directory) {
    // nginx serves /static/ with a far-future expiry: URLs carry a version
    // (the newest modification time of our assets) so a change reaches browsers.
    std::int64_t newest = 0;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(directory + "/../static", ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        struct stat st {};
        if (it->is_regular_file(ec) && stat(it->path().c_str(), &st) == 0)
            newest = std::max<std::int64_t>(newest, st.st_mtime);
    }
    TemplateDictionary::SetGlobalValue("ASSET_VERSION", std::to_string(newest));
    load_catalogues(directory + "/../i18n");
    auto* cache = ctemplate::mutable_default_template_cache();
    cache->SetTemplateRootDirectory(directory);
    for (const char* name : kTemplates)
        if (!ctemplate::LoadTemplate(name, ctemplate::STRIP_BLANK_LINES))
            throw std::runtime_error(std::string("cannot load template ") + directory + "/" + name);
    cache->Freeze();
}

std::string_view status_badge(std::string_view status) {
    const auto phase = phase_of(status);
    return phase ? phase_name(*phase) : "other";
}

std::string list_url(const std::string& base, const ListParams& p, std::int64_t page) {
    std::string query;
    auto add = [&](const char* key, const std::string& value) {
        query += query.empty() ? '?' : '&';
        query += key;
        query += '=';
        query += url_encode(value);
    };
    if (!p.filter.query.empty()) add("q", p.filter.query);
    if (!p.filter.status.empty()) add("status", p.filter.status);
    if (p.sort_given || p.filter.sort != db::SortKey::kAdded) add("sort", sort_name(p.filter.sort));
    if (p.order_given || p.filter.descending != default_descending(p.filter.sort))
        add("order", p.filter.descending ? "desc" : "asc");
    if (p.page_size != 50) add("page_size", std::to_string(p.page_size));
    if (page != 1) add("page", std::to_string(page));
    return base + query;
}

std::string render_dashboard(const DashboardView& v, std::string_view lang) {
    const Catalogue& cat = catalogue(lang);
    TemplateDictionary root("dashboard");
    TemplateDictionary* d =
        frame(root, cat.text("T_DASHBOARD_TITLE"), "dashboard.tpl", "NAV_DASHBOARD", v.demo, cat);
    const db::LibraryStats& s = *v.stats;
    d->SetValue("ERRORS_TEXT",
                fill(cat.text("T_CARE_ERRORS"), "count", cat.numbers().count(s.error_count)));
    d->SetValue("DUPLICATES_TEXT",
                fill(cat.text("T_CARE_DUPLICATES"), "count", cat.numbers().count(v.duplicates)));
    d->SetValue("TRASH_TEXT",
                fill(cat.text("T_CARE_TRASH"), "count", cat.numbers().count(v.trash)));
    if (v.account) {
        const AccountSummary& a = *v.account;
        TemplateDictionary* account = d->AddSectionDictionary("ACCOUNT");
        account->SetValue("USERNAME", a.username);
        account->SetValue("TYPE", a.type);
        account->SetValue("PREMIUM_DAYS", cat.numbers().count(a.premium_days));
        account->SetValue("POINTS", cat.numbers().count(a.points));
        account->SetValue("ACTIVE", cat.numbers().count(a.active));
        account->SetValue("SLOTS", cat.numbers().count(a.slots));
        if (a.traffic_left)
            account->SetValueAndShowSection("TRAFFIC_LEFT", cat.numbers().size(*a.traffic_left),
                                            "TRAFFIC");
        set_text_with_date(account, "ACCOUNT_READ", cat.text("T_ACCOUNT_READ"), a.updated_at);
    } else {
        d->ShowSection("NO_ACCOUNT");
    }
    struct Card {
        const char* kind;
        const char* title;
        std::string value, note, url;
    };
    const std::string coverage = cat.numbers().decimal(s.coverage, 1);
    const Card cards[] = {
        {"total", "T_CARD_TOTAL", cat.numbers().count(s.total_torrents),
         cat.text("T_CARD_TOTAL_NOTE"), "/torrents"},
        {"details", "T_CARD_DETAILS", cat.numbers().count(s.total_details),
         fill(cat.text("T_CARD_DETAILS_NOTE"), "percent", coverage), "/torrents"},
        {"active", "T_CARD_ACTIVE", cat.numbers().count(s.active_count),
         cat.text("T_CARD_ACTIVE_NOTE"), "/torrents?status=active"},
        {"errors", "T_CARD_ERRORS", cat.numbers().count(s.error_count),
         cat.text("T_CARD_ERRORS_NOTE"), "/torrents?status=errors"},
        {"recent", "T_CARD_RECENT", cat.numbers().count(s.recent_24h),
         cat.text("T_CARD_RECENT_NOTE"), "/torrents"},
        {"size", "T_CARD_SIZE", cat.numbers().size(s.total_size), cat.text("T_CARD_SIZE_NOTE"),
         "/torrents?sort=size&order=desc"},
    };
    for (const auto& c : cards) {
        TemplateDictionary* card = d->AddSectionDictionary("CARD");
        card->SetValue("KIND", c.kind);
        card->SetValue("TITLE", cat.text(c.title));
        card->SetValue("VALUE", c.value);
        card->SetValue("NOTE", c.note);
        card->SetValue("URL", c.url);
    }
    if (v.last) {
        TemplateDictionary* last = d->AddSectionDictionary("LAST_SYNC");
        last->SetValue("LAST_TYPE", label(cat, WordFamily::kJobKind, v.last->type));
        last->SetValue("LAST_STATE",
                       label(cat, WordFamily::kJobState, job_state_name(v.last->state)));
        set_date(last, "LAST_FINISHED", v.last->finished_at);
        // The counts in the reader's language; a job recorded before they were kept,
        // or one that failed before it had them, has its sentence only.
        const std::string result =
            v.last->summary ? summary_text(cat, *v.last->summary) : v.last->result;
        if (!result.empty())
            last->SetValueAndShowSection("LAST_RESULT_TEXT", result, "LAST_RESULT");
    } else {
        d->ShowSection("NEVER_SYNCED");
    }
    if (v.flash) {
        TemplateDictionary* flash = d->AddSectionDictionary("FLASH");
        flash->SetValue("FLASH_KIND", v.flash->kind);
        flash->SetValue("FLASH_TEXT", v.flash->text);
    }
    if (v.active) {
        TemplateDictionary* job = d->AddSectionDictionary("ACTIVE_JOB");
        job->SetIntValue("JOB_ID", v.active->id);
        job->SetValue("JOB_TYPE", label(cat, WordFamily::kJobKind, v.active->type));
        job->SetValue("JOB_STATE",
                      label(cat, WordFamily::kJobState, job_state_name(v.active->state)));
        if (!v.active->phase.empty())
            job->SetValueAndShowSection("JOB_PHASE_TEXT", cat.text("js.phase." + v.active->phase),
                                        "JOB_PHASE");
        if (v.active->total > 0) {
            TemplateDictionary* progress = job->AddSectionDictionary("JOB_PROGRESS");
            progress->SetValue("JOB_DONE", cat.numbers().count(v.active->done));
            progress->SetValue("JOB_TOTAL", cat.numbers().count(v.active->total));
        }
    }
    struct Action {
        SyncMode mode;
        const char* title;
        const char* description;
        const char* style;
    };
    static constexpr Action kActions[] = {
        {SyncMode::kSmart, "T_SYNC_SMART", "T_SYNC_SMART_NOTE", "primary"},
        {SyncMode::kFast, "T_SYNC_FAST", "T_SYNC_FAST_NOTE", "secondary"},
        {SyncMode::kTorrents, "T_SYNC_TORRENTS", "T_SYNC_TORRENTS_NOTE", "secondary"},
        {SyncMode::kErrors, "T_SYNC_ERRORS", "T_SYNC_ERRORS_NOTE", "danger"},
    };
    for (const auto& a : kActions) {
        TemplateDictionary* action = d->AddSectionDictionary("SYNC_ACTION");
        const std::string type(sync_mode_name(a.mode));
        action->SetValue("ACTION_URL", "/sync/" + type);
        action->SetValue("TYPE", type);
        action->SetValue("TITLE", cat.text(a.title));
        action->SetValue("DESCRIPTION", cat.text(a.description));
        action->SetValue("STYLE", a.style);
        action->SetValue("CSRF", v.csrf_token);
        if (v.active) action->ShowSection("BUSY");
    }
    for (const auto& e : v.events) {
        TemplateDictionary* ev = d->AddSectionDictionary("EVENT");
        ev->SetIntValue("EVENT_ID", e.id);
        ev->SetValue("LEVEL", e.level);
        set_date(ev, "AT", e.at);
        ev->SetValue("MESSAGE", e.message);
    }
    if (v.events.empty()) d->ShowSection("NO_EVENTS");
    d->SetIntValue("LAST_EVENT_ID", v.events.empty() ? 0 : v.events.back().id);
    add_script(root, "dashboard");
    add_script(root, "charts");
    for (const auto& [status, count] : s.status_counts) {
        TemplateDictionary* row = d->AddSectionDictionary("STATUS_ROW");
        row->SetValue("STATUS_TEXT", label(cat, WordFamily::kStatus, status));
        row->SetValue("STATUS", status);
        row->SetValue("BADGE", std::string(status_badge(status)));
        row->SetValue("COUNT", cat.numbers().count(count));
        row->SetValue("URL", "/torrents?status=" + url_encode(status));
    }
    return expand(root);
}

std::string render_torrent_list(const TorrentPage& page, const db::LibraryStats& stats, bool demo,
                                std::string_view lang) {
    const Catalogue& cat = catalogue(lang);
    TemplateDictionary root("torrents");
    TemplateDictionary* d =
        frame(root, cat.text("T_TORRENTS_TITLE"), "torrents.tpl", "NAV_TORRENTS", demo, cat);
    const auto& f = page.params.filter;
    d->SetValue("TOTAL_COUNT", cat.numbers().count(page.total_count));
    d->ShowSection(f.status.empty() && f.query.empty() ? "UNFILTERED" : "FILTERED");
    d->SetValue("QUERY", f.query);
    d->SetValue("ALL_COUNT", cat.numbers().count(stats.total_torrents));
    auto option = [&](const std::string& value, const std::string& label, std::int64_t count) {
        TemplateDictionary* o = d->AddSectionDictionary("STATUS_OPTION");
        o->SetValue("VALUE", value);
        o->SetValue("LABEL", label);
        o->SetValue("COUNT", cat.numbers().count(count));
        if (f.status == value) o->ShowSection("SELECTED");
    };
    option("active", cat.text("T_ACTIVE_ALL"), stats.active_count);
    option("errors", cat.text("T_FAILED_ALL"), stats.error_count);
    for (auto status : kStatuses) {
        std::int64_t count = 0;
        for (const auto& [s, n] : stats.status_counts)
            if (s == status) count = n;
        option(std::string(status), label(cat, WordFamily::kStatus, status), count);
    }
    static constexpr std::pair<db::SortKey, const char*> kSortLabels[] = {
        {db::SortKey::kAdded, "T_SORT_ADDED"},
        {db::SortKey::kName, "T_COL_NAME"},
        {db::SortKey::kSize, "T_COL_SIZE"},
        {db::SortKey::kStatus, "T_COL_STATUS"},
        {db::SortKey::kProgress, "T_COL_PROGRESS"}};
    for (const auto& [key, label] : kSortLabels) {
        TemplateDictionary* o = d->AddSectionDictionary("SORT_OPTION");
        o->SetValue("VALUE", sort_name(key));
        o->SetValue("LABEL", cat.text(label));
        if (f.sort == key) o->ShowSection("SELECTED");
    }
    d->ShowSection(f.descending ? "DESC" : "ASC");
    add_torrent_table(d, page, "/torrents",
                      cat.text(page.total_count == 0 ? "T_NO_MATCH" : "T_EMPTY_PAGE"), cat, true);
    // The bulk forms: the ticked rows, or every match of the filter (never the whole
    // library: that form shows only once the list is filtered).
    d->SetValue("BACK_URL", list_url("/torrents", page.params, page.params.page));
    d->SetValue("STATUS_VALUE", f.status);
    d->SetValue("ALL_MATCHING_TEXT",
                fill(cat.text("T_ALL_MATCHING"), "count", cat.numbers().count(page.total_count)));
    ListParams exported = page.params;
    exported.page_size = 50;
    const std::string export_base = list_url("/api/export", exported, 1);
    const char* joiner = export_base.find('?') == std::string::npos ? "?" : "&";
    d->SetValue("EXPORT_DMM", export_base + joiner + "format=dmm");
    d->SetValue("EXPORT_CSV", export_base + joiner + "format=csv");
    add_script(root, "list");
    return expand(root);
}

std::string render_search(const std::string& query, const TorrentPage* page, bool demo,
                          std::string_view lang) {
    const Catalogue& cat = catalogue(lang);
    const std::string& title = cat.text("T_SEARCH_TITLE");
    TemplateDictionary root("search");
    TemplateDictionary* d = frame(root, query.empty() ? title : query + " · " + title, "search.tpl",
                                  "NAV_SEARCH", demo, cat);
    d->SetValue("QUERY", query);
    if (!page) {
        d->ShowSection("HINT");
        return expand(root);
    }
    TemplateDictionary* results = d->AddSectionDictionary("RESULTS");
    results->SetValue("QUERY", query);
    results->SetValue("TOTAL_COUNT", cat.numbers().count(page->total_count));
    if (page->window.total_pages > 1) {
        TemplateDictionary* more = results->AddSectionDictionary("MORE");
        more->SetValue("LIST_URL", list_url("/torrents", page->params, 1));
    }
    add_torrent_table(results, *page, "/search", cat.text("T_SEARCH_NOTHING"), cat, false);
    return expand(root);
}

std::string render_torrent(const db::TorrentDetail& t, const std::optional<db::LinkCheck>& check,
                           bool demo, std::string_view lang) {
    const Catalogue& cat = catalogue(lang);
    TemplateDictionary root("torrent");
    TemplateDictionary* d = frame(root, t.row.filename, "torrent.tpl", "NAV_TORRENTS", demo, cat);
    const auto dash = [](const std::string& s) { return s.empty() ? std::string("—") : s; };
    const auto opt = [&cat](const std::optional<std::int64_t>& v) {
        return v ? cat.numbers().count(*v) : std::string("—");
    };
    const auto date_or_dash = [&](const char* name, std::string_view iso) {
        set_date(d, name, iso);
        if (!parse_iso8601_utc(iso)) d->SetValue(name, "—");
    };
    d->SetValue("ID", t.row.id);
    d->SetValue("FILENAME", t.row.filename);
    d->SetValue("STATUS", t.row.status);
    d->SetValue("STATUS_TEXT", label(cat, WordFamily::kStatus, t.row.status));
    d->SetValue("BADGE", std::string(status_badge(t.row.status)));
    d->SetValue("PROGRESS", progress_text(t.row.progress));
    d->SetValue("SIZE", cat.numbers().size(t.row.bytes));
    d->SetValue("BYTES", cat.numbers().count(t.row.bytes));
    d->SetValue("ORIGINAL_SIZE", t.has_details ? cat.numbers().size(t.original_bytes) : "—");
    d->SetValue("ORIGINAL_FILENAME", dash(t.original_filename));
    date_or_dash("ADDED", t.row.added_on);
    date_or_dash("ENDED", t.ended ? *t.ended : "");
    d->SetValue("HASH", dash(t.row.hash));
    d->SetValue("HOST", dash(t.row.host));
    d->SetValue("SPLIT", opt(t.split));
    d->SetValue("SPEED", t.speed ? cat.numbers().size(*t.speed) + "/s" : "—");
    d->SetValue("SEEDERS", opt(t.seeders));
    d->SetValue("FILES_COUNT", t.has_details
                                   ? cat.numbers().count(static_cast<std::int64_t>(t.files.size()))
                                   : "—");
    date_or_dash("FETCHED", t.fetched_at);
    date_or_dash("SYNCED", t.synced_at);
    if (!t.row.error.empty()) d->SetValueAndShowSection("ERROR_TEXT", t.row.error, "ERROR");
    if (!t.has_details) d->ShowSection("NO_DETAILS");
    if (t.row.status == "waiting_files_selection" && !t.files.empty()) {
        // RD waits for a choice: the list is a form, the videos ticked.
        TemplateDictionary* choose = d->AddSectionDictionary("CHOOSE");
        const auto suggested = auto_selection(t.files);
        for (const auto& f : t.files) {
            TemplateDictionary* row = choose->AddSectionDictionary("CHOICE");
            row->SetIntValue("FILE_ID", f.id);
            row->SetValue("PATH", f.path);
            row->SetValue("SIZE", cat.numbers().size(f.bytes));
            if (std::find(suggested.begin(), suggested.end(), f.id) != suggested.end())
                row->ShowSection("CHECKED");
        }
    } else if (!t.files.empty()) {
        TemplateDictionary* files = d->AddSectionDictionary("FILES");
        for (const auto& f : t.files) {
            TemplateDictionary* row = files->AddSectionDictionary("FILE");
            row->SetIntValue("FILE_ID", f.id);
            row->SetValue("PATH", f.path);
            row->SetValue("SIZE", cat.numbers().size(f.bytes));
            row->ShowSection(f.selected ? "SELECTED" : "UNSELECTED");
        }
    }
    d->SetIntValue("LINKS_COUNT", static_cast<long>(t.links.size()));
    for (const auto& link : t.links) d->AddSectionDictionary("LINK")->SetValue("URL", link);
    d->ShowSection(t.links.empty() ? "NO_LINKS" : "HAS_LINKS");
    if (check) {
        std::string text = cat.text(check->dead > 0 ? "T_LINKS_CHECKED" : "T_LINKS_CHECKED_OK");
        text = fill(text, "dead", cat.numbers().count(check->dead));
        text = fill(text, "links", cat.numbers().count(check->links));
        TemplateDictionary* shown =
            d->AddSectionDictionary(check->dead > 0 ? "CHECK_DEAD" : "CHECK_OK");
        set_text_with_date(shown, "CHECK", text, check->checked_at);
    }
    const std::string size = cat.numbers().size(t.row.bytes);
    d->SetValue("DELETE_CONFIRM", fill(cat.text("T_DELETE_CONFIRM"), "size", size));
    d->SetValue("REPAIR_CONFIRM", fill(cat.text("T_REPAIR_CONFIRM"), "size", size));
    add_script(root, "torrent");
    return expand(root);
}

std::string render_job(const JobView& v, bool demo, std::string_view lang) {
    const Catalogue& cat = catalogue(lang);
    const db::ActionJob& job = v.job;
    const std::string kind = label(cat, WordFamily::kJobKind, action_kind_name(job.kind));
    const std::string state(job_state_name(job.state));
    const std::string heading =
        fill(fill(cat.text("T_JOB_TITLE"), "id", std::to_string(job.id)), "kind", kind);
    TemplateDictionary root("job");
    TemplateDictionary* d = frame(root, heading, "job.tpl", nullptr, demo, cat);
    // Until the job ends the page asks again every two seconds: no script needed.
    if (!is_finished(job.state)) {
        root.SetValueAndShowSection("REFRESH_SECONDS", "2", "REFRESH");
        d->ShowSection("UNFINISHED");
    }
    d->SetValue("HEADING", heading);
    d->SetValue("JOB_ID", std::to_string(job.id));
    d->SetValue("FINISHED", is_finished(job.state) ? "1" : "0");
    d->SetValue("FAILED", std::to_string(job.counts.failed));
    d->SetValue("STATE", state);
    d->SetValue("STATE_TEXT", label(cat, WordFamily::kJobState, state));
    d->SetValue("COUNTS", job_counts_text(cat, job.counts));
    // A finished job's result repeats its counts, in English: only a job that could
    // not run shows it (why, as the runner wrote it).
    if (!job.result.empty() && job.state != JobState::kDone)
        d->SetValueAndShowSection("RESULT_TEXT", job.result, "RESULT");
    for (const auto& item : v.items) {
        TemplateDictionary* row = d->AddSectionDictionary("ITEM");
        const std::string& shown = item.new_id ? *item.new_id : item.torrent_id;
        row->SetValue("ITEM_ID", shown);
        row->SetValue("ITEM_NAME", item.filename.empty() ? item.torrent_id : item.filename);
        // A link while the torrent is in the library (a deleted one is not).
        row->ShowSection(v.present.contains(shown) ? "ITEM_LINK" : "ITEM_GONE");
        row->SetValue("ITEM_STATE", std::string(item_state_name(item.state)));
        row->SetValue("ITEM_STATE_TEXT",
                      label(cat, WordFamily::kItemState, item_state_name(item.state)));
        row->SetValue("ITEM_REASON", item.reason);
    }
    // A check job's torrents with dead links, still in the library: one form repairs them.
    if (job.kind == ActionKind::kCheck && is_finished(job.state)) {
        TemplateDictionary* dead = nullptr;
        for (const auto& item : v.items) {
            if (item.state != ItemState::kFailed || !item.reason.starts_with("links dead") ||
                !v.present.contains(item.torrent_id))
                continue;
            if (!dead) {
                dead = d->AddSectionDictionary("DEAD");
                dead->SetValue("JOB_ID", std::to_string(job.id));
            }
            dead->AddSectionDictionary("DEAD_ID")->SetValue("VALUE", item.torrent_id);
        }
    }
    if (!v.links.empty()) {
        TemplateDictionary* direct = d->AddSectionDictionary("DIRECT");
        std::string text;
        for (const auto& link : v.links) {
            TemplateDictionary* li = direct->AddSectionDictionary("DIRECT_LINK");
            li->SetValue("URL", link.download);
            li->SetValue("LABEL", link.filename.empty() ? link.download : link.filename);
            text += link.download + "\n";
        }
        direct->SetValue("LINKS_TEXT", text);
    }
    add_script(root, "torrent");  // the copy buttons
    return expand(root);
}

std::string render_add(const AddView& v, bool demo, std::string_view lang) {
    const Catalogue& cat = catalogue(lang);
    TemplateDictionary root("add");
    TemplateDictionary* d = frame(root, cat.text("T_ADD_TITLE"), "add.tpl", "NAV_ADD", demo, cat);
    if (!v.problem.empty()) d->SetValueAndShowSection("PROBLEM_TEXT", v.problem, "PROBLEM");
    d->SetValue("MAGNETS", v.magnets);
    for (const auto& [value, label] :
         {std::pair{"auto", "T_ADD_SELECT_AUTO"}, std::pair{"all", "T_ADD_SELECT_ALL"},
          std::pair{"manual", "T_ADD_SELECT_MANUAL"}}) {
        TemplateDictionary* choice = d->AddSectionDictionary("CHOICE");
        choice->SetValue("VALUE", value);
        choice->SetValue("LABEL", cat.text(label));
        if (v.select == value) choice->ShowSection("CHECKED");
    }
    return expand(root);
}

void set_login_ui(bool login_enabled) {
    g_login_enabled = login_enabled;
}

std::string render_login(const std::string& next, LoginMessage message, std::string_view lang) {
    const Catalogue& cat = catalogue(lang);
    TemplateDictionary root("login");
    TemplateDictionary* d =
        frame(root, cat.text("T_LOGIN_TITLE"), "login.tpl", "NAV_LOGIN", false, cat);
    d->SetValue("NEXT", next);
    if (message != LoginMessage::kNone)
        d->SetValueAndShowSection(
            "TEXT",
            cat.text(message == LoginMessage::kWrongPassword ? "T_LOGIN_WRONG" : "T_LOGIN_EXPIRED"),
            "LOGIN_MESSAGE");
    return expand(root);
}

namespace {
std::string error_page(int status, const std::string& message, bool demo, std::string_view lang,
                       FrameFor reader) {
    const Catalogue& cat = catalogue(lang);
    TemplateDictionary root("error");
    // The reason in the reader's language when the catalogue has it (T_HTTP_404…).
    const auto& entries = cat.entries();
    const auto reason_entry = entries.find("T_HTTP_" + std::to_string(status));
    const std::string reason =
        reason_entry == entries.end() ? status_reason(status) : reason_entry->second;
    TemplateDictionary* d =
        frame(root, std::to_string(status) + " " + reason, "error.tpl", nullptr, demo, cat, reader);
    d->SetIntValue("STATUS", status);
    d->SetValue("REASON", reason);
    d->SetValue("MESSAGE", message);
    return expand(root);
}
}  // namespace

std::string render_error(int status, const std::string& message, bool demo, std::string_view lang) {
    return error_page(status, message, demo, lang, FrameFor::kVisitor);
}

std::string render_refusal(int status, const std::string& message) {
    return error_page(status, message, false, "en", FrameFor::kAnyone);
}

}  // namespace redriva::web
