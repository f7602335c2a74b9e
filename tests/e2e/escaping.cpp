// Hostile torrent names (the generator's ~3%: markup, quotes, entities, template
// syntax) are shown escaped on every page and returned byte-exact by the API.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <map>
#include <set>

#include "demo/library_generator.h"
#include "stack.h"

namespace redriva::e2e {

namespace {

struct Hostile {
    std::string id, name;
    std::int64_t position = 0;  // in the default list order (added_on DESC, id DESC)
};

// The generator's corpus of names made to break pages (LibraryGenerator::
// hostile_names(), 50+ of them): each is in a library of this size verbatim.
const std::vector<std::string>& corpus() {
    static const std::vector<std::string> names = demo::LibraryGenerator::hostile_names();
    return names;
}

bool is_hostile(const std::string& name) {
    for (const std::string& h : corpus())
        if (name.find(h) != std::string::npos) return true;
    for (const char* mark : {"<", ">", "\"", "'", "&", "{{"})
        if (name.find(mark) != std::string::npos) return true;
    return false;
}

std::vector<Hostile> hostile_torrents() {
    std::vector<Hostile> out;
    auto rows = truth().rows(
        "SELECT id, filename, row_number() OVER (ORDER BY added_on DESC, id DESC) - 1 "
        "FROM torrents ORDER BY 3");
    for (auto& row : rows)
        if (is_hostile(*row[1])) out.push_back(Hostile{*row[0], *row[1], std::stoll(*row[2])});
    return out;
}

bool has_markup(const std::string& name) {
    return name.find('<') != std::string::npos || name.find('"') != std::string::npos;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The parts of a tag outside quoted attribute values: where an injected
// attribute (an event handler) would have to be.
std::string unquoted_part(const std::string& tag) {
    std::string out;
    char quote = 0;
    for (char c : tag) {
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else {
            out += c;
        }
    }
    return out;
}

// No injected markup: no script payload and no tag carrying an onerror handler.
void check_no_injection(const std::string& what, const std::string& html) {
    BOOST_TEST_CONTEXT(what) {
        BOOST_TEST(html.find("<script>alert") == std::string::npos);
        BOOST_TEST(html.find("<img src=x") == std::string::npos);
        for (std::size_t open = html.find('<'); open != std::string::npos;
             open = html.find('<', open + 1)) {
            const std::size_t close = html.find('>', open);
            if (close == std::string::npos) break;
            const std::string tag = lower(html.substr(open, close - open));
            BOOST_TEST(unquoted_part(tag).find("onerror") == std::string::npos, "tag " << tag);
        }
    }
}

void check_name_shown_escaped(const std::string& what, const std::string& html,
                              const std::string& name) {
    BOOST_TEST_CONTEXT(what) {
        BOOST_TEST(html.find(html_escape(name)) != std::string::npos);
        if (has_markup(name)) BOOST_TEST(html.find(name) == std::string::npos);
        if (name.find('<') != std::string::npos) BOOST_TEST(html.find("&lt;") != std::string::npos);
        check_no_injection(what, html);
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(escaping)

BOOST_AUTO_TEST_CASE(the_library_has_hostile_names) {
    auto all = hostile_torrents();
    BOOST_TEST(corpus().size() >= 50u);
    // Every name of the corpus, alone (or with ".mkv"), is a torrent: the tests
    // below go through each of them on every page kind.
    for (const std::string& name : corpus()) {
        const bool present = std::any_of(all.begin(), all.end(), [&](const Hostile& h) {
            return h.name == name || h.name == name + ".mkv";
        });
        BOOST_TEST(present, "corpus name " << name);
    }
    std::size_t with_tags = 0;
    for (const auto& h : all) with_tags += h.name.find('<') != std::string::npos;
    BOOST_TEST(with_tags >= 1u);
}

BOOST_AUTO_TEST_CASE(detail_pages_escape_names_and_paths) {
    for (const auto& h : hostile_torrents()) {
        HttpResponse r = http().get("/torrents/" + h.id);
        BOOST_TEST_CONTEXT("detail of " << h.id) {
            BOOST_REQUIRE(r.status == 200);
            check_name_shown_escaped("detail " + h.id, r.body, h.name);
            for (const auto& path :
                 truth().column("SELECT path FROM torrent_files WHERE torrent_id = ?", {h.id}))
                BOOST_TEST(r.body.find(html_escape(path)) != std::string::npos, "path " << path);
        }
    }
}

BOOST_AUTO_TEST_CASE(list_pages_escape_names) {
    std::map<std::int64_t, std::vector<const Hostile*>> by_page;
    auto all = hostile_torrents();
    for (const auto& h : all) by_page[h.position / 50 + 1].push_back(&h);
    for (const auto& [page, torrents] : by_page) {
        const std::string target = "/torrents?page=" + std::to_string(page);
        HttpResponse r = http().get(target);
        BOOST_REQUIRE(r.status == 200);
        const auto ids = linked_torrent_ids(r.body);
        for (const Hostile* h : torrents) {
            BOOST_TEST_CONTEXT(target << " holding " << h->id) {
                BOOST_TEST(std::count(ids.begin(), ids.end(), h->id) == 1);
                check_name_shown_escaped(target, r.body, h->name);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(search_pages_escape_names) {
    for (const auto& h : hostile_torrents()) {
        const std::string target = "/search?q=" + h.id;
        HttpResponse r = http().get(target);
        BOOST_TEST_CONTEXT(target) {
            BOOST_REQUIRE(r.status == 200);
            const auto ids = linked_torrent_ids(r.body);
            BOOST_TEST(std::count(ids.begin(), ids.end(), h.id) == 1);
            check_name_shown_escaped(target, r.body, h.name);
        }
    }
}

BOOST_AUTO_TEST_CASE(reflected_input_is_escaped) {
    const std::vector<std::string> payloads = {"<script>alert(1)</script>",
                                               "\"><img src=x onerror=alert(1)>",
                                               "'><img src=x onerror=alert(1)>"};
    for (const auto& payload : payloads) {
        for (const std::string& target :
             {"/search?q=" + url_encode(payload), "/torrents?q=" + url_encode(payload),
              "/torrents?q=" + url_encode(payload) + "&status=errors&sort=name",
              "/torrents/" + url_encode(payload), "/nope" + url_encode(payload),
              "/torrents?page=abc" + url_encode(payload)}) {
            HttpResponse r = http().get(target);
            BOOST_TEST_CONTEXT("GET " << target) {
                BOOST_TEST(r.status < 500);
                if (r.is_html()) check_no_injection(target, r.body);
                BOOST_TEST(r.body.find(payload) == std::string::npos);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(every_page_kind_is_free_of_injection) {
    for (const char* target :
         {"/", "/torrents", "/torrents?sort=name&order=asc", "/torrents?status=errors",
          "/search?q=script", "/search?q=img", "/search?q=TEMPLATE", "/search?q=Tom"}) {
        HttpResponse r = http().get(target);
        BOOST_TEST_CONTEXT(target) {
            BOOST_REQUIRE(r.status == 200);
            check_no_injection(target, r.body);
        }
    }
    // CTemplate markers in names stay text: shown as they are, not expanded.
    HttpResponse t = http().get("/search?q=TEMPLATE");
    BOOST_TEST(t.body.find(html_escape("{{TEMPLATE}} {{#SECTION}}x{{/SECTION}} {{>INCLUDE}}")) !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_returns_the_exact_stored_bytes) {
    for (const auto& h : hostile_torrents()) {
        BOOST_TEST_CONTEXT("torrent " << h.id) {
            HttpResponse r = http().get("/api/torrents/" + h.id);
            BOOST_REQUIRE(r.status == 200);
            auto doc = parse_json(r.body);
            BOOST_TEST(json_string(doc["filename"]) == h.name);
            auto list = parse_json(http().get("/api/torrents?q=" + h.id).body);
            bool found = false;
            for (const auto& item : list["torrents"].GetArray()) {
                if (json_string(item["id"]) != h.id) continue;
                found = true;
                BOOST_TEST(json_string(item["filename"]) == h.name);
            }
            BOOST_TEST(found);
        }
    }
    // Every other unusual name too (emoji, RTL override, zero-width, combining marks).
    for (const auto& row : truth().rows(
             "SELECT id, filename FROM torrents WHERE filename GLOB '*[^ -~]*' LIMIT 40")) {
        auto doc = parse_json(http().get("/api/torrents/" + *row[0]).body);
        BOOST_TEST(json_string(doc["filename"]) == *row[1]);
    }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
