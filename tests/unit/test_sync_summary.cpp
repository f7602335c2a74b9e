// A sync's summary: the English sentence the API and the log keep, and the sentence
// each page builds from the stored counts in its own language.
#include <boost/test/unit_test.hpp>

#include <string>

#include "db/job_queue.h"
#include "db/schema.h"
#include "domain/sync_summary.h"
#include "temp_database.h"
#include "web/i18n.h"
#include "web/sync_summary_text.h"

using namespace redriva;
using namespace redriva::web;

namespace {

const std::string kNnbsp = "\u202F";

SyncSummary a_fast_sync() {
    SyncSummary s;
    s.listed = 2506;
    s.detailed = 2506;
    s.removed = 0;
    s.requests = 2507;
    return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sync_summary)

BOOST_AUTO_TEST_CASE(the_english_result_keeps_its_sentence) {
    SyncSummary s = a_fast_sync();
    BOOST_TEST(english_summary(s) ==
               "2506 torrents listed, 2506 detailed, 0 removed "
               "(2507 requests, 0 retries, 0 rate-limited)");
    s.listed.reset();
    s.detailed = 12;
    s.unreadable = 2;
    s.retries = 3;
    s.rate_limited = 1;
    BOOST_TEST(english_summary(s) ==
               "12 failed torrents refreshed, 2 could not be read "
               "(2507 requests, 3 retries, 1 rate-limited)");
}

BOOST_AUTO_TEST_CASE(each_language_says_the_counts_in_its_words_and_numbers) {
    const Catalogue en = Catalogue::load(REDRIVA_SOURCE_DIR "/i18n/en.json", "en");
    const Catalogue fr = Catalogue::load(REDRIVA_SOURCE_DIR "/i18n/fr.json", "fr");
    const SyncSummary s = a_fast_sync();
    BOOST_TEST(summary_text(en, s) ==
               "2,506 torrents listed, 2,506 detailed, 0 removed "
               "(2,507 requests, 0 retries, 0 rate-limited)");
    BOOST_TEST(summary_text(fr, s) == "2" + kNnbsp + "506 torrents listés, 2" + kNnbsp +
                                          "506 détaillés, 0 retirés (2" + kNnbsp +
                                          "507 requêtes, 0 nouvelles tentatives, 0 limitées)");
    SyncSummary errors;
    errors.detailed = 4;
    errors.unreadable = 1;
    BOOST_TEST(summary_text(fr, errors) ==
               "4 torrents en échec relus, 1 illisibles (0 requêtes, 0 nouvelles tentatives, "
               "0 limitées)");
}

BOOST_AUTO_TEST_CASE(the_job_keeps_the_counts_beside_the_english_result) {
    test::TempDatabasePath tmp;
    db::Database database = db::open_database(tmp.path());
    db::JobQueue queue(database);
    const auto job = queue.start_now("fast", "cli", 1);
    SyncSummary s = a_fast_sync();
    s.removed = 7;
    s.unreadable = 2;
    s.retries = 5;
    s.rate_limited = 3;
    queue.finish(job.id, true, s);
    const auto read = queue.get(job.id);
    BOOST_REQUIRE(read.has_value());
    BOOST_TEST(read->result == english_summary(s));
    BOOST_REQUIRE(read->summary.has_value());
    BOOST_TEST(read->summary->listed.value_or(-1) == 2506);
    BOOST_TEST(read->summary->detailed == 2506);
    BOOST_TEST(read->summary->removed == 7);
    BOOST_TEST(read->summary->unreadable == 2);
    BOOST_TEST(read->summary->requests == 2507);
    BOOST_TEST(read->summary->retries == 5);
    BOOST_TEST(read->summary->rate_limited == 3);
    // A job that ends with a sentence only (a refused token) has no counts.
    const auto other = queue.start_now("errors", "cli", 1);
    queue.finish(other.id, false, "Real-Debrid refused the API token");
    BOOST_TEST(!queue.get(other.id)->summary.has_value());
}

BOOST_AUTO_TEST_SUITE_END()
