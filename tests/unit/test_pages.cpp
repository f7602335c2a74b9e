#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cctype>
#include <limits>
#include <string>
#include <vector>

#include "domain/status.h"
#include "domain/vocabulary_json.h"
#include "web/pages.h"

using namespace redriva;
using namespace redriva::web;

namespace {

// CTemplate's cache is frozen after loading: load once for the whole binary.
struct Templates {
    Templates() {
        static bool loaded = false;
        if (!loaded) {
            load_templates(REDRIVA_SOURCE_DIR "/templates");
            loaded = true;
        }
    }
};

const std::string kScript = "<script>alert(1)</script>";
const std::string kScriptEscaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
const std::string kImg = "\"><img src=x onerror=alert(1)>";
const std::string kImgEscaped = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;";
const std::string kQuote = "' onmouseover='x";
const std::string kQuoteEscaped = "&#39; onmouseover=&#39;x";
const std::string kTemplate = "{{X}}";
const std::string kEntity = "&amp;";
const std::string kEntityEscaped = "&amp;amp;";
const std::string kJs = "javascript:alert(1)";

std::size_t count_of(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (auto pos = haystack.find(needle); pos != std::string::npos;
         pos = haystack.find(needle, pos + needle.size()))
        ++n;
    return n;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Every value of an href/src/action attribute in the page.
std::vector<std::string> url_attributes(const std::string& html) {
    std::vector<std::string> out;
    for (const char* attr : {"href=\"", "src=\"", "action=\""}) {
        for (auto pos = html.find(attr); pos != std::string::npos; pos = html.find(attr, pos + 1)) {
            auto start = pos + std::string(attr).size();
            auto end = html.find('"', start);
            out.push_back(html.substr(start, end - start));
        }
    }
    return out;
}

// The raw markup never appears; each hostile text does, escaped.
void check_hostile_text_is_escaped(const std::string& html) {
    BOOST_TEST(html.find(kScript) == std::string::npos);
    BOOST_TEST(html.find("<img") == std::string::npos);
    BOOST_TEST(html.find(kImg) == std::string::npos);
    BOOST_TEST(html.find(kQuote) == std::string::npos);
    BOOST_TEST(lower(html).find("onerror=alert(1)>") == std::string::npos);
    BOOST_TEST(html.find(kScriptEscaped) != std::string::npos);
    BOOST_TEST(html.find(kImgEscaped) != std::string::npos);
    BOOST_TEST(html.find(kQuoteEscaped) != std::string::npos);
    BOOST_TEST(html.find(kEntityEscaped) != std::string::npos);
}

void check_no_script_url(const std::string& html) {
    for (const auto& url : url_attributes(html)) {
        BOOST_TEST_CONTEXT("url attribute '" << url << "'") {
            std::string compact;
            for (char c : lower(url))
                if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
            BOOST_TEST(compact.find("javascript:") == std::string::npos);
            BOOST_TEST(compact.find("javascript&#58;") == std::string::npos);
            BOOST_TEST(compact.find("data:") == std::string::npos);
        }
    }
}

db::TorrentRow hostile_row(const std::string& id, const std::string& name) {
    db::TorrentRow r;
    r.rowid = 1;
    r.id = id;
    r.filename = name;
    r.status = "error";
    r.added_on = "2025-07-29T10:30:00.000Z";
    r.host = "real-debrid.com";
    r.hash = std::string(40, 'a');
    r.error = kImg + " failed";
    r.bytes = 1536;
    r.progress = 42.7;
    r.files_count = 3;
    return r;
}

TorrentPage hostile_page(const std::string& query) {
    TorrentPage page;
    page.params.filter.query = query;
    page.params.page = 2;
    page.params.page_size = 5;
    page.total_count = 12;
    page.window = page_window(12, 2, 5);
    for (const auto& name : {kScript, kImg, kQuote, kTemplate, kEntity})
        page.rows.push_back(hostile_row("ABCDEFGHIJKLM", name));
    return page;
}

db::LibraryStats some_stats() {
    db::LibraryStats s;
    s.total_torrents = 12345;
    s.total_details = 12000;
    s.coverage = 97.2;
    s.active_count = 12;
    s.error_count = 34;
    s.recent_24h = 5;
    s.total_size = std::int64_t{5} << 40;
    s.status_counts = {{"downloaded", 12000}, {"dead", 30}, {"magnet_error", 4}};
    return s;
}

db::SyncJob job(std::int64_t id, const std::string& state) {
    db::SyncJob j;
    j.id = id;
    j.type = "smart";
    j.state = parse_job_state(state).value();
    j.source = "web";
    j.created_at = "2025-07-29T10:00:00.000Z";
    j.finished_at = "2025-07-29T10:05:00.000Z";
    j.phase = kScript;
    j.result = kImg;
    j.done = 1234;
    j.total = 5000;
    return j;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(pages, Templates)

BOOST_AUTO_TEST_CASE(torrent_list_escapes_hostile_names) {
    const TorrentPage page = hostile_page(kImg);
    const std::string html = render_torrent_list(page, some_stats(), true);
    check_hostile_text_is_escaped(html);
    check_no_script_url(html);
    // Template syntax in data is shown as is, never expanded.
    BOOST_TEST(html.find(kTemplate) != std::string::npos);
    // The query lands in the search box's value attribute, escaped.
    BOOST_TEST(html.find("value=\"" + kImgEscaped + "\"") != std::string::npos);
    // The error text of a row.
    BOOST_TEST(html.find(kImgEscaped + " failed") != std::string::npos);
    // Sizes, progress, dates and counts are formatted.
    BOOST_TEST(html.find("1.5 KiB") != std::string::npos);
    BOOST_TEST(html.find("value=\"42\"") != std::string::npos);
    BOOST_TEST(html.find("2025-07-29 10:30 UTC") != std::string::npos);
    BOOST_TEST(html.find("12,345") != std::string::npos);
    BOOST_TEST(html.find("demo data") != std::string::npos);
    // Sort links keep the query, percent-encoded.
    BOOST_TEST(html.find("q=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(torrent_list_links_and_pagination) {
    const TorrentPage page = hostile_page("matrix");
    const std::string html = render_torrent_list(page, some_stats(), false);
    BOOST_TEST(html.find("href=\"/torrents/ABCDEFGHIJKLM\"") != std::string::npos);
    // Page 2 of 3 at 5 a page: previous is page 1 (no page parameter), next is page 3.
    BOOST_TEST(html.find("href=\"/torrents?q=matrix&amp;page_size=5\" rel=\"prev\"") !=
               std::string::npos);
    BOOST_TEST(html.find("href=\"/torrents?q=matrix&amp;page_size=5&amp;page=3\" rel=\"next\"") !=
               std::string::npos);
    BOOST_TEST(html.find("demo data") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(search_page_escapes_the_query_and_names) {
    const std::string hint = render_search(kScript, nullptr, false);
    BOOST_TEST(hint.find(kScript) == std::string::npos);
    BOOST_TEST(hint.find(kScriptEscaped) != std::string::npos);

    const TorrentPage page = hostile_page(kQuote);
    const std::string html = render_search(kQuote, &page, false);
    check_hostile_text_is_escaped(html);
    check_no_script_url(html);
    // In the <title>, the input value and the results line.
    BOOST_TEST(count_of(html, kQuoteEscaped) >= 3u);

    const std::string js = render_search(kJs, &page, false);
    check_no_script_url(js);
}

BOOST_AUTO_TEST_CASE(torrent_page_escapes_every_field_and_blocks_script_links) {
    db::TorrentDetail d;
    d.row = hostile_row("ABCDEFGHIJKLM", kScript);
    d.has_details = true;
    d.original_filename = kImg;
    d.links = {kJs, "JavaScript:alert(2)", " javascript:alert(3)", "data:text/html,<b>x</b>",
               "https://real-debrid.com/d/OK"};
    d.files = {{1, "/" + kQuote + "/a.mkv", 100, true},
               {2, kJs, 5, false},
               {3, "/" + kTemplate + kEntity, 7, true}};
    d.ended = "2025-07-29T11:00:00.000Z";
    d.split = 2000;
    d.fetched_at = "2025-07-29T12:00:00.000Z";
    d.synced_at = "2025-07-29T12:00:00.000Z";
    const std::string html = render_torrent(d, std::nullopt, false);
    check_hostile_text_is_escaped(html);
    check_no_script_url(html);
    // The safe link is a link; the four unsafe ones are shown as text only.
    BOOST_TEST(count_of(html, "href=\"#\"") == 4u);
    BOOST_TEST(html.find("href=\"https://real-debrid.com/d/OK\"") != std::string::npos);
    BOOST_TEST(html.find(">javascript:alert(1)<") != std::string::npos);
    BOOST_TEST(html.find(kTemplate + kEntityEscaped) != std::string::npos);
    BOOST_TEST(html.find("<title>" + kScriptEscaped) != std::string::npos);
    BOOST_TEST(html.find("2,000") != std::string::npos);
    BOOST_TEST(html.find("1,536") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(torrent_page_without_details) {
    db::TorrentDetail d;
    d.row = hostile_row("ABCDEFGHIJKLM", "Plain.Name");
    d.row.error.clear();
    d.row.files_count.reset();
    const std::string html = render_torrent(d, std::nullopt, false);
    BOOST_TEST(html.find("have not been fetched yet") != std::string::npos);
    BOOST_TEST(html.find("No download links.") != std::string::npos);
    BOOST_TEST(html.find("alert-danger") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(dashboard_escapes_and_carries_the_csrf_token) {
    const db::LibraryStats stats = some_stats();
    DashboardView v;
    v.stats = &stats;
    v.csrf_token = std::string(64, 'c');
    v.active = job(8, "running");
    v.last = job(7, "done");
    v.flash = Flash{"success", kQuote};
    v.events = {{1, 7, "2025-07-29T10:00:00.000Z", "info", kScript},
                {2, 7, "2025-07-29T10:01:00.000Z", "warn", kImg},
                {3, std::nullopt, "2025-07-29T10:02:00.000Z", "info", kEntity}};
    const std::string html = render_dashboard(v);
    check_hostile_text_is_escaped(html);
    check_no_script_url(html);
    BOOST_TEST(count_of(html, "name=\"csrf_token\" value=\"" + v.csrf_token + "\"") == 4u);
    for (const char* type : {"smart", "fast", "torrents", "errors"})
        BOOST_TEST(html.find(std::string("action=\"/sync/") + type + "\"") != std::string::npos);
    BOOST_TEST(count_of(html, " disabled") >= 4u);  // a job is running
    BOOST_TEST(html.find("12,345") != std::string::npos);
    BOOST_TEST(html.find("97.2% coverage") != std::string::npos);
    BOOST_TEST(html.find("5.0 TiB") != std::string::npos);
    BOOST_TEST(html.find("href=\"/torrents?status=errors\"") != std::string::npos);
    BOOST_TEST(html.find("href=\"/torrents?status=magnet_error\"") != std::string::npos);
    BOOST_TEST(html.find("1,234/5,000") != std::string::npos);

    // Without a job: buttons enabled, "never synced".
    DashboardView idle;
    idle.stats = &stats;
    idle.csrf_token = std::string(64, 'd');
    const std::string quiet = render_dashboard(idle);
    BOOST_TEST(count_of(quiet, "value=\"" + idle.csrf_token + "\"") == 4u);
    BOOST_TEST(quiet.find("No sync has run yet") != std::string::npos);
    BOOST_TEST(quiet.find(" disabled") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(pages_speak_french_with_no_key_left_over) {
    const db::LibraryStats stats = some_stats();
    DashboardView v;
    v.stats = &stats;
    v.csrf_token = std::string(64, 'c');
    const std::string dashboard = render_dashboard(v, "fr");
    BOOST_TEST(dashboard.find("<html lang=\"fr\">") != std::string::npos);
    BOOST_TEST(dashboard.find("Tableau de bord") != std::string::npos);
    BOOST_TEST(dashboard.find("Synchro intelligente") != std::string::npos);
    // Numbers as Intl.NumberFormat('fr-FR') writes them: U+202F groups, a decimal comma.
    BOOST_TEST(dashboard.find("97,2 % de couverture") != std::string::npos);
    BOOST_TEST(dashboard.find(">12\u202F345<") != std::string::npos);
    BOOST_TEST(dashboard.find(">5,0 Tio<") != std::string::npos);
    BOOST_TEST(dashboard.find("12,345") == std::string::npos);
    // A status in French, RD's word kept as the badge's title.
    BOOST_TEST(dashboard.find("title=\"downloaded\" data-status=\"downloaded\">téléchargé<") !=
               std::string::npos);
    BOOST_TEST(dashboard.find(">downloaded<") == std::string::npos);
    BOOST_TEST(dashboard.find("\"js.sync.queued\":\"La tâche {id}") != std::string::npos);
    const std::string error = render_error(404, "x", false, "fr");
    BOOST_TEST(error.find("Retour au tableau de bord") != std::string::npos);
    for (const std::string& html : {dashboard, error, render_dashboard(v, "en")}) {
        // A T_ name left in the page would mean a string missing from the catalogue.
        BOOST_TEST(html.find("T_") == std::string::npos);
        BOOST_TEST(html.find("{{") == std::string::npos);
    }
    BOOST_TEST(render_dashboard(v, "xx").find("<html lang=\"en\">") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_last_sync_is_said_from_its_counts_in_the_pages_language) {
    const db::LibraryStats stats = some_stats();
    DashboardView v;
    v.stats = &stats;
    v.last = job(7, "done");
    v.last->type = "fast";
    v.last->result = "an English sentence the page must not show";
    SyncSummary& s = v.last->summary.emplace();
    s.listed = 2506;
    s.detailed = 2506;
    s.requests = 2507;
    const std::string fr = render_dashboard(v, "fr");
    BOOST_TEST(fr.find("Dernière synchro : synchro complète · terminée · <time datetime=\"") !=
               std::string::npos);
    BOOST_TEST(fr.find("2\u202F506 torrents listés, 2\u202F506 détaillés, 0 retirés (2\u202F507 "
                       "requêtes") != std::string::npos);
    BOOST_TEST(fr.find("English sentence") == std::string::npos);
    const std::string en = render_dashboard(v, "en");
    BOOST_TEST(en.find("Last sync: fast · done · ") != std::string::npos);
    BOOST_TEST(en.find("2,506 torrents listed, 2,506 detailed, 0 removed (2,507 requests") !=
               std::string::npos);
    // A job recorded before the counts were kept shows its stored sentence.
    v.last->summary.reset();
    BOOST_TEST(render_dashboard(v, "fr").find("English sentence") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(error_page_escapes_the_message) {
    const std::string html = render_error(404, kScript + kImg + kQuote + kEntity, false);
    check_hostile_text_is_escaped(html);
    BOOST_TEST(html.find("<title>404 Not Found") != std::string::npos);
    BOOST_TEST(html.find("Not Found</h1>") != std::string::npos);
    const std::string e500 = render_error(500, "Something failed", true);
    BOOST_TEST(e500.find("Internal Server Error") != std::string::npos);
    BOOST_TEST(e500.find("demo data") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(list_url_leaves_defaults_out_and_encodes_values) {
    ListParams p;
    BOOST_TEST(list_url("/torrents", p, 1) == "/torrents");
    BOOST_TEST(list_url("/torrents", p, 2) == "/torrents?page=2");
    p.filter.query = "a b&c=d/\xC3\xA9";
    BOOST_TEST(list_url("/search", p, 1) == "/search?q=a%20b%26c%3Dd%2F%C3%A9");
    p.filter.status = "errors";
    BOOST_TEST(list_url("/torrents", p, 3) ==
               "/torrents?q=a%20b%26c%3Dd%2F%C3%A9&status=errors&page=3");
    p.filter.query.clear();
    p.filter.sort = db::SortKey::kName;
    p.filter.descending = false;  // name's default order: left out
    BOOST_TEST(list_url("/torrents", p, 1) == "/torrents?status=errors&sort=name");
    p.filter.descending = true;
    BOOST_TEST(list_url("/torrents", p, 1) == "/torrents?status=errors&sort=name&order=desc");
    p.filter.status.clear();
    p.filter.sort = db::SortKey::kAdded;
    p.filter.descending = true;
    p.sort_given = true;
    p.order_given = true;  // given in the URL: kept even when default
    BOOST_TEST(list_url("/torrents", p, 1) == "/torrents?sort=added&order=desc");
    p.sort_given = p.order_given = false;
    p.filter.descending = false;
    p.page_size = 100;
    BOOST_TEST(list_url("/torrents", p, 4) == "/torrents?order=asc&page_size=100&page=4");
}

BOOST_AUTO_TEST_CASE(status_badges) {
    BOOST_TEST(status_badge("downloaded") == "done");
    for (const char* s : {"downloading", "compressing", "uploading"})
        BOOST_TEST(status_badge(s) == "transferring");
    for (const char* s : {"queued", "magnet_conversion", "waiting_files_selection"})
        BOOST_TEST(status_badge(s) == "waiting");
    for (const char* s : {"error", "dead", "virus", "magnet_error"})
        BOOST_TEST(status_badge(s) == "failed");
    for (const char* s : {"", "unknown", "Downloaded", "<x>"})
        BOOST_TEST(status_badge(s) == "other");
    // Every RD status has a real badge.
    for (auto s : kStatuses) BOOST_TEST(status_badge(s) != "other");
}

// The browser scripts read the vocabulary from the page: it must be there, and it
// must be the server's.
BOOST_AUTO_TEST_CASE(pages_carry_the_vocabulary) {
    const std::string html = render_error(404, "Not found", false, "en");
    const std::string block =
        "<script type=\"application/json\" id=\"vocabulary\">" + vocabulary_json() + "</script>";
    BOOST_TEST(html.find(block) != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
