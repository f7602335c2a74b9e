// Duplicates: the normalised title (a name without its release tags) and the
// groups, by hash (one kept by the rule, the others ticked) and by title (nothing
// ticked: two releases of one film are the user's choice).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "domain/duplicates.h"

using namespace redriva;

namespace {

DuplicateCandidate torrent(const char* id, const char* name, const char* hash, std::int64_t bytes,
                           const char* added, std::int64_t links = 1,
                           const char* status = "downloaded") {
    return {id, name, hash, added, status, bytes, links};
}

const char* kHashA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const char* kHashB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const char* kHashC = "cccccccccccccccccccccccccccccccccccccccc";

}  // namespace

BOOST_AUTO_TEST_SUITE(duplicates)

BOOST_AUTO_TEST_CASE(titles_lose_their_release_tags_but_keep_episodes) {
    BOOST_TEST(normalised_title("The.Matrix.1999.1080p.BluRay.x264-GROUP") == "the matrix");
    BOOST_TEST(normalised_title("The Matrix (1999) [2160p]") == "the matrix");
    BOOST_TEST(normalised_title("[Group] Show.Name.S01E02.720p.WEB-DL") == "show name s01e02");
    BOOST_TEST(normalised_title("Show_Name_S01E03_HDTV") == "show name s01e03");
    // A year as the whole title is the title.
    BOOST_TEST(normalised_title("1917.2019.2160p.UHD") == "1917");
    BOOST_TEST(normalised_title("Plain name") == "plain name");
    BOOST_TEST(normalised_title("") == "");
}

BOOST_AUTO_TEST_CASE(a_hash_group_keeps_one_by_the_rule) {
    const std::vector<DuplicateCandidate> library = {
        torrent("A1", "Film.2001.720p", kHashA, 700, "2024-01-01T00:00:00.000Z", 1),
        torrent("A2", "Film.2001.720p", kHashA, 900, "2023-01-01T00:00:00.000Z", 0, "dead"),
        torrent("A3", "Film.2001.720p", kHashA, 800, "2025-01-01T00:00:00.000Z", 2),
        torrent("U1", "Unique", kHashC, 10, "2025-01-01T00:00:00.000Z"),
    };
    const auto kept = [&](KeepRule rule) {
        for (const auto& g : find_duplicates(library, rule))
            if (g.kind == DuplicateGroup::Kind::kHash)
                for (std::size_t i = 0; i < g.torrents.size(); ++i)
                    if (g.keep[i]) return g.torrents[i].id;
        return std::string();
    };
    BOOST_TEST(kept(KeepRule::kLargest) == "A2");
    BOOST_TEST(kept(KeepRule::kNewest) == "A3");
    BOOST_TEST(kept(KeepRule::kWithLinks) == "A3");
    const auto groups = find_duplicates(library, KeepRule::kLargest);
    BOOST_REQUIRE(groups.size() == 1u);  // the same title is the same hash: said once
    BOOST_TEST(groups[0].key == kHashA);
    BOOST_TEST(groups[0].torrents.size() == 3u);
    BOOST_TEST(std::count(groups[0].keep.begin(), groups[0].keep.end(), true) == 1);
}

BOOST_AUTO_TEST_CASE(a_title_group_ticks_nothing) {
    const std::vector<DuplicateCandidate> library = {
        torrent("T1", "Film.2001.720p.WEB", kHashA, 700, "2024-01-01T00:00:00.000Z"),
        torrent("T2", "Film 2001 2160p BluRay", kHashB, 9000, "2024-02-01T00:00:00.000Z"),
        torrent("T3", "Other.Film.2001", kHashC, 10, "2024-02-01T00:00:00.000Z"),
    };
    const auto groups = find_duplicates(library, KeepRule::kLargest);
    BOOST_REQUIRE(groups.size() == 1u);
    BOOST_TEST((groups[0].kind == DuplicateGroup::Kind::kTitle));
    BOOST_TEST(groups[0].key == "film");
    BOOST_TEST(groups[0].torrents.size() == 2u);
    for (bool keep : groups[0].keep) BOOST_TEST(keep);
}

BOOST_AUTO_TEST_CASE(keep_rules_parse_by_name) {
    BOOST_TEST((parse_keep_rule("largest") == KeepRule::kLargest));
    BOOST_TEST((parse_keep_rule("with_links") == KeepRule::kWithLinks));
    BOOST_TEST(!parse_keep_rule("biggest"));
}

BOOST_AUTO_TEST_SUITE_END()
