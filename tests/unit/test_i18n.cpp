// The catalogues: loaded strictly, and carried to the page scripts inertly.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <set>
#include <stdexcept>
#include <string>

#include "domain/job.h"
#include "domain/status.h"
#include "temp_database.h"
#include "web/i18n.h"
#include "web/word_labels.h"

using namespace redriva;
using namespace redriva::web;

namespace {

std::string write_catalogue(const test::TempDatabasePath& dir, const std::string& json) {
    const std::string path = dir.path("xx.json");
    std::ofstream(path, std::ios::trunc) << json;
    return path;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(i18n)

BOOST_AUTO_TEST_CASE(the_english_catalogue_loads_and_names_every_script_string) {
    const Catalogue en = Catalogue::load(REDRIVA_SOURCE_DIR "/i18n/en.json", "en");
    BOOST_TEST(en.lang() == "en");
    BOOST_TEST(en.text("js.confirm.start") == "Start");
    BOOST_TEST(en.text("no.such.key") == "no.such.key");  // visible, never empty
    BOOST_TEST(en.script_json().find("\"js.confirm.start\":\"Start\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(only_script_strings_reach_the_page_and_they_cannot_end_the_element) {
    test::TempDatabasePath dir;
    const std::string path = write_catalogue(dir, R"({"page.title": "Not for scripts",
                 "js.evil": "</script><script>alert(1)</script> & <!-- \u2028"})");
    const Catalogue c = Catalogue::load(path, "xx");
    const std::string& json = c.script_json();
    BOOST_TEST(json.find("page.title") == std::string::npos);
    BOOST_TEST(json.find('<') == std::string::npos);
    BOOST_TEST(json.find('>') == std::string::npos);
    BOOST_TEST(json.find('&') == std::string::npos);
    BOOST_TEST(json.find("\xE2\x80\xA8") == std::string::npos);
    BOOST_TEST(json.find("\\u003c/script\\u003e") != std::string::npos);
    BOOST_TEST(json.find("\\u2028") != std::string::npos);
    BOOST_TEST(c.text("js.evil").find("</script>") == 0u);  // the text itself is intact
}

BOOST_AUTO_TEST_CASE(a_broken_catalogue_is_refused_with_its_path) {
    test::TempDatabasePath dir;
    for (const std::string bad : {"not json", "[\"an array\"]", R"({"key": 3})"}) {
        const std::string path = write_catalogue(dir, bad);
        try {
            Catalogue::load(path, "xx");
            BOOST_ERROR("loaded " << bad);
        } catch (const std::runtime_error& e) {
            BOOST_TEST(std::string(e.what()).find(path) != std::string::npos, e.what());
        }
    }
    BOOST_CHECK_THROW(Catalogue::load(dir.path("missing.json"), "xx"), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(every_language_has_every_key_and_its_placeholders) {
    const Catalogue en = Catalogue::load(REDRIVA_SOURCE_DIR "/i18n/en.json", "en");
    const Catalogue fr = Catalogue::load(REDRIVA_SOURCE_DIR "/i18n/fr.json", "fr");
    auto placeholders = [](const std::string& text) {
        std::set<std::string> names;
        for (std::size_t at = text.find('{'); at != std::string::npos; at = text.find('{', at + 1))
            names.insert(text.substr(at, text.find('}', at) - at + 1));
        return names;
    };
    for (const auto& [key, text] : en.entries()) {
        BOOST_TEST_CONTEXT(key) {
            BOOST_TEST(fr.entries().count(key) == 1u);
            BOOST_TEST(!fr.text(key).empty());
            BOOST_TEST(placeholders(fr.text(key)) == placeholders(text));
        }
    }
    BOOST_TEST(fr.entries().size() == en.entries().size());
}

// Walks the domain's own tables: a status, job kind or state added there without a
// label in every catalogue fails here.
BOOST_AUTO_TEST_CASE(every_word_of_the_domain_has_a_label_in_every_language) {
    for (const char* lang : {"en", "fr"}) {
        const Catalogue c =
            Catalogue::load(std::string(REDRIVA_SOURCE_DIR "/i18n/") + lang + ".json", lang);
        auto labelled = [&](WordFamily family, std::string_view word) {
            const std::string key = label_key(family, word);
            BOOST_TEST_CONTEXT(lang << ": " << key) {
                BOOST_TEST(c.entries().count(key) == 1u);
                BOOST_TEST(!c.text(key).empty());
            }
        };
        for (const auto& s : kStatusTable) labelled(WordFamily::kStatus, s.name);
        for (const auto& m : kSyncModes) labelled(WordFamily::kJobKind, m.name);
        for (const auto& a : kActionKinds) labelled(WordFamily::kJobKind, a.name);
        for (const auto& s : kJobStates) labelled(WordFamily::kJobState, s.name);
        for (const auto& s : kItemStates) labelled(WordFamily::kItemState, s.name);
    }
}

BOOST_AUTO_TEST_CASE(a_label_is_the_catalogues_or_the_word_made_readable) {
    const Catalogue fr = Catalogue::load(REDRIVA_SOURCE_DIR "/i18n/fr.json", "fr");
    BOOST_TEST(label(fr, WordFamily::kStatus, "waiting_files_selection") ==
               "en attente du choix des fichiers");
    BOOST_TEST(label(fr, WordFamily::kJobState, "done") == "terminée");
    // A status Real-Debrid may add one day: readable, never a key.
    BOOST_TEST(label(fr, WordFamily::kStatus, "new_rd_status") == "new rd status");
}

BOOST_AUTO_TEST_CASE(the_cookie_then_accept_language_pick_the_language) {
    BOOST_TEST(pick_language("", "") == "en");
    BOOST_TEST(pick_language("", "fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7") == "fr");
    BOOST_TEST(pick_language("", "de-DE, en;q=0.5, fr;q=0.8") == "fr");
    BOOST_TEST(pick_language("", "de, es") == "en");      // nothing supported
    BOOST_TEST(pick_language("", "FR-ca") == "fr");       // case-insensitive
    BOOST_TEST(pick_language("", "fr;q=0, en") == "en");  // q=0: not acceptable
    BOOST_TEST(pick_language("", "en;q=0.3, fr;q=0.31") == "fr");
    BOOST_TEST(pick_language("", "fr;q=2, en;q=0.1") == "en");  // invalid q ignored
    BOOST_TEST(pick_language("", "fr;q=abc") == "en");
    BOOST_TEST(pick_language("", ";;,,;q=,fr") == "fr");  // junk around a good one
    BOOST_TEST(pick_language("fr", "en") == "fr");        // the switch wins
    BOOST_TEST(pick_language("en", "fr") == "en");
    BOOST_TEST(pick_language("xx", "fr") == "fr");  // an unknown cookie is ignored
    BOOST_TEST(pick_language("", std::string(10000, ',')) == "en");
}

BOOST_AUTO_TEST_SUITE_END()
