// The domain's words: the groups are what the API promises, the derived lists agree
// with the table, and the JSON the pages carry says the same as the C++.
#include <boost/test/unit_test.hpp>

#include <rapidjson/document.h>

#include <set>
#include <string>

#include "domain/job.h"
#include "domain/status.h"
#include "domain/vocabulary_json.h"

using namespace redriva;

namespace {

std::set<std::string> as_set(auto words) {
    return {words.begin(), words.end()};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(domain_vocabulary)

// The API's meanings are a contract: written out here, not derived.
BOOST_AUTO_TEST_CASE(groups_mean_what_the_api_says) {
    BOOST_TEST((as_set(kActiveStatuses) ==
                std::set<std::string>{"magnet_conversion", "waiting_files_selection", "queued",
                                      "downloading", "compressing", "uploading"}));
    BOOST_TEST((as_set(kErrorStatuses) ==
                std::set<std::string>{"magnet_error", "error", "virus", "dead"}));
    BOOST_TEST(kStatuses.size() == 11u);
    BOOST_TEST(as_set(kStatuses).size() == 11u);  // no status twice
    // Every status but "downloaded" is in exactly one group.
    for (auto s : kStatuses)
        BOOST_TEST(is_in_progress(s) + is_failed(s) == (s == "downloaded" ? 0 : 1), s);
}

BOOST_AUTO_TEST_CASE(lookups) {
    BOOST_TEST(is_known_status("dead"));
    for (const char* s : {"", "Dead", "dead ", "active", "errors", "other"})
        BOOST_TEST(!is_known_status(s), s);
    BOOST_TEST(status_group("active")->size() == 6u);
    BOOST_TEST(status_group("errors")->size() == 4u);
    BOOST_TEST(!status_group("dead"));
    BOOST_TEST(!status_group(""));
    static_assert(status("queued") == "queued");  // spelled in code, checked at compile time
}

BOOST_AUTO_TEST_CASE(job_words_round_trip) {
    for (const auto& w : kJobStates) {
        BOOST_TEST(job_state_name(w.value) == w.name);
        BOOST_TEST((parse_job_state(w.name) == w.value));
    }
    BOOST_TEST(!parse_job_state("Queued"));
    // Every value has a name (the tables are the only place they get one).
    for (auto state : {JobState::kQueued, JobState::kRunning, JobState::kDone, JobState::kFailed})
        BOOST_TEST(!job_state_name(state).empty());
    for (auto mode : {SyncMode::kSmart, SyncMode::kFast, SyncMode::kTorrents, SyncMode::kErrors})
        BOOST_TEST(!sync_mode_name(mode).empty());
    BOOST_TEST(is_finished(JobState::kDone));
    BOOST_TEST(is_finished(JobState::kFailed));
    BOOST_TEST(!is_finished(JobState::kQueued));
    BOOST_TEST(!is_finished(JobState::kRunning));
    for (const auto& w : kSyncModes) BOOST_TEST((parse_sync_mode(w.name) == w.value));
    BOOST_TEST((as_set(std::array{sync_mode_name(SyncMode::kSmart), sync_mode_name(SyncMode::kFast),
                                  sync_mode_name(SyncMode::kTorrents),
                                  sync_mode_name(SyncMode::kErrors)}) ==
                std::set<std::string>{"smart", "fast", "torrents", "errors"}));
    BOOST_TEST(!parse_sync_mode("all"));
}

BOOST_AUTO_TEST_CASE(the_json_the_scripts_read_says_the_same) {
    rapidjson::Document doc;
    doc.Parse(vocabulary_json().c_str());
    BOOST_REQUIRE(!doc.HasParseError());
    const auto& statuses = doc["statuses"];
    BOOST_TEST(statuses.MemberCount() == kStatusTable.size());
    for (const auto& s : kStatusTable)
        BOOST_TEST(statuses[std::string(s.name).c_str()].GetString() == phase_name(s.phase));
    for (const auto& g : kStatusGroups) {
        const auto& listed = doc["groups"][std::string(g.name).c_str()];
        std::set<std::string> names;
        for (const auto& v : listed.GetArray()) names.insert(v.GetString());
        BOOST_TEST((names == as_set(g.statuses)));
    }
    BOOST_TEST(doc["job_states"].Size() == kJobStates.size());
    BOOST_TEST(doc["sync_modes"].Size() == kSyncModes.size());
    BOOST_TEST(vocabulary_json().find('<') == std::string::npos);  // safe inside <script>
}

BOOST_AUTO_TEST_SUITE_END()
