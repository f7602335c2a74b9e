// HTML pages rendered with CTemplate. Every template starts with
// {{%AUTOESCAPE context="HTML"}}: values are escaped for the exact spot they
// land in (text, attribute, URL), so names from Real-Debrid are never markup.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "db/action_queue.h"
#include "db/job_queue.h"
#include "db/library_edits.h"
#include "db/library_queries.h"
#include "db/link_store.h"
#include "domain/duplicates.h"
#include "web/library_cache.h"

namespace redriva::web {

// Loads every template into CTemplate's cache, then freezes it. Called by the
// master before forking, so workers share the parsed templates. Throws when a
// template is missing or does not parse.
void load_templates(const std::string& directory);

struct Flash {
    std::string kind;  // a Bootstrap alert colour: success, warning, danger, info
    std::string text;
};

// The account as the last sync read it (GET /api/account has it whole).
struct AccountSummary {
    std::string username, type, expiration, updated_at;
    std::int64_t premium_days = 0, points = 0, active = 0, slots = 0;
    std::optional<std::int64_t> traffic_left;  // bytes left today on real-debrid.com
};

struct DashboardView {
    const db::LibraryStats* stats = nullptr;
    std::optional<AccountSummary> account;
    std::int64_t duplicates = 0;  // extra copies of a hash
    std::int64_t trash = 0;
    std::optional<db::SyncJob> active, last;
    std::vector<db::SyncEvent> events;  // oldest first
    std::string csrf_token;
    std::optional<Flash> flash;
    bool demo = false;
};

// `lang`: a language of i18n/ ("en", "fr"); English for anything else.
std::string render_dashboard(const DashboardView& view, std::string_view lang = "en");
std::string render_torrent_list(const TorrentPage& page, const db::LibraryStats& stats, bool demo,
                                std::string_view lang = "en");
// `page` is null when no query was given.
std::string render_search(const std::string& query, const TorrentPage* page, bool demo,
                          std::string_view lang = "en");
// `check`: the torrent's last dead-link check, if any.
std::string render_torrent(const db::TorrentDetail& detail,
                           const std::optional<db::LinkCheck>& check, bool demo,
                           std::string_view lang = "en");
// An action job's page: its state, counts and items, and the direct links a links
// job made. `present`: the items' torrents the library holds (linked).
struct JobView {
    db::ActionJob job;
    std::vector<db::ActionItem> items;
    std::vector<db::DirectLink> links;
    std::set<std::string> present;
};
std::string render_job(const JobView& view, bool demo, std::string_view lang = "en");

// The add page: empty, or again with what was typed and why it was refused.
struct AddView {
    std::string magnets;
    std::string select = "auto";
    std::string problem;
};
std::string render_add(const AddView& view, bool demo, std::string_view lang = "en");

// The trash (newest first) and the action history, a page at a time.
struct TrashView {
    std::vector<db::TrashEntry> entries;
    int page = 1, page_size = 50;
    std::int64_t total = 0;
};
std::string render_trash(const TrashView& view, bool demo, std::string_view lang = "en");

struct HistoryView {
    std::vector<db::ActionJob> jobs;
    int page = 1, page_size = 50;
    std::int64_t total = 0;
    std::string kind, state;  // the filter, "" for any
};
std::string render_history(const HistoryView& view, bool demo, std::string_view lang = "en");

// The duplicates with the keep rule applied: the torrents it would not keep are
// ticked in a form that leads to the bulk delete's confirmation.
std::string render_duplicates(const std::vector<DuplicateGroup>& groups, std::string_view keep,
                              bool demo, std::string_view lang = "en");

// The confirmation of a bulk action: what it acts on (count, size, a sample) and a
// form that carries the count shown, as the API's confirm does.
struct ConfirmView {
    ActionKind action = ActionKind::kDelete;
    std::vector<std::string> ids;          // the torrents named, or
    std::optional<db::ListFilter> filter;  // every match of a filter
    std::int64_t count = 0, bytes = 0;
    std::vector<std::string> sample;  // a few names
    std::string digest;               // of the torrents shown, checked when confirmed
    std::string back = "/torrents";   // where Cancel goes
};
std::string render_confirm(const ConfirmView& view, bool demo, std::string_view lang = "en");

enum class LoginMessage { kNone, kWrongPassword, kExpiredForm };
// The login form; `next` is where a successful login goes (already safe_next'ed).
std::string render_login(const std::string& next, LoginMessage message,
                         std::string_view lang = "en");
// Every page rendered after this shows (or not) the log-out button. The button's
// form carries csrf_placeholder(), which the app swaps for the request's token.
void set_login_ui(bool login_enabled);

std::string render_error(int status, const std::string& message, bool demo,
                         std::string_view lang = "en");
// The error page for a request refused before it was understood: no log-out form,
// no CSRF token (nothing is known of who asks).
std::string render_refusal(int status, const std::string& message);

// The URL of a list page with these parameters (defaults left out).
std::string list_url(const std::string& base, const ListParams& params, std::int64_t page);

// The badge a status is drawn with: its phase (waiting, transferring, done,
// failed), or "other" for a status Real-Debrid may add one day.
std::string_view status_badge(std::string_view status);

}  // namespace redriva::web
