// The automatic file selection (add, restore, import, repair's fallback) and the
// selection by path a repair uses to choose the same files again.
#include <boost/test/unit_test.hpp>

#include <vector>

#include "domain/file_selection.h"

using namespace redriva;

namespace {

constexpr std::int64_t kMB = 1000 * 1000;

TorrentFile file(std::int64_t id, const char* path, std::int64_t bytes) {
    return TorrentFile{id, path, bytes, false};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(file_selection)

BOOST_AUTO_TEST_CASE(videos_but_not_samples_trailers_or_small_files) {
    const std::vector<TorrentFile> files = {
        file(1, "/Show.S01/Show.S01E01.mkv", 900 * kMB),
        file(2, "/Show.S01/Show.S01E02.MP4", 800 * kMB),
        file(3, "/Show.S01/Sample/show.sample.mkv", 60 * kMB),
        file(4, "/Show.S01/Show.Trailer.mkv", 70 * kMB),
        file(5, "/Show.S01/extra.mkv", 10 * kMB),  // under 50 MB
        file(6, "/Show.S01/Show.nfo", 2000),
        file(7, "/Show.S01/Subs/en.srt", 40000),
    };
    BOOST_TEST(auto_selection(files) == (std::vector<std::int64_t>{1, 2}));
}

BOOST_AUTO_TEST_CASE(everything_when_there_is_no_video) {
    const std::vector<TorrentFile> files = {file(1, "/Linux.iso", 4000 * kMB),
                                            file(2, "/README.txt", 100)};
    BOOST_TEST(auto_selection(files) == (std::vector<std::int64_t>{1, 2}));
    BOOST_TEST(auto_selection({}).empty());
}

BOOST_AUTO_TEST_CASE(extensions_are_read_from_the_name_only) {
    BOOST_TEST(is_media_path("/a/b.mkv"));
    BOOST_TEST(is_media_path("/a/B.FLAC"));
    BOOST_TEST(!is_media_path("/a.mkv/readme"));  // a directory named like a video
    BOOST_TEST(!is_media_path("/mkv"));
    BOOST_TEST(!is_media_path("/a/b.mkv.part"));
}

BOOST_AUTO_TEST_CASE(the_same_paths_give_the_same_files_again) {
    const std::vector<TorrentFile> files = {file(1, "/a.mkv", 1), file(2, "/b.mkv", 1),
                                            file(3, "/c.nfo", 1)};
    BOOST_TEST(select_by_path(files, {"/c.nfo", "/a.mkv"}) == (std::vector<std::int64_t>{1, 3}));
    BOOST_TEST(select_by_path(files, {"/elsewhere.mkv"}).empty());
    BOOST_TEST(file_id_list({1, 3, 12}) == "1,3,12");
    BOOST_TEST(file_id_list({}) == "");
}

BOOST_AUTO_TEST_SUITE_END()
