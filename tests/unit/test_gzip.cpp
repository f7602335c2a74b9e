// Compressed once, filled per request: the gzip a cached page is sent as must inflate to
// exactly the page with its holes filled, whatever the fill and wherever the holes are.
#include <boost/test/unit_test.hpp>

#include <random>
#include <string>

#include "common/gzip.h"
#include "server/http.h"

using namespace redriva;

namespace {

std::string filled(std::string body, const std::string& hole, const std::string& fill) {
    for (std::size_t at = body.find(hole); at != std::string::npos;
         at = body.find(hole, at + fill.size()))
        body.replace(at, hole.size(), fill);
    return body;
}

std::string page_like(std::size_t rows, std::mt19937& rng) {
    std::string body = "<!doctype html><html><head><title>Torrents</title></head><body><table>";
    for (std::size_t i = 0; i < rows; ++i)
        body += "<tr><td><a href=\"/torrents/" + std::to_string(rng()) + "\">Some.Name." +
                std::to_string(rng() % 1000) + ".1080p.mkv</a></td><td>1.2 GiB</td></tr>";
    return body + "</table></body></html>";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(gzip)

BOOST_AUTO_TEST_CASE(plain_gzip_round_trips) {
    std::mt19937 rng(7);
    for (const std::string& body :
         {std::string(), std::string("a"), std::string(70'000, 'x'), page_like(2'000, rng)}) {
        bool ok = false;
        BOOST_TEST(gzip_decompress(gzip_compress(body), &ok) == body);
        BOOST_TEST(ok);
    }
    const std::string page = page_like(1'000, rng);
    BOOST_TEST(gzip_compress(page).size() < page.size() / 4);
}

BOOST_AUTO_TEST_CASE(holes_are_filled_per_render) {
    const std::string hole = "@@TOKEN-PLACEHOLDER@@";
    std::mt19937 rng(11);
    const std::string page = page_like(500, rng);
    for (const std::string& body :
         {hole, hole + hole, "<form>" + hole + "</form>", page + hole + page,
          hole + page + "<input value=\"" + hole + "\">" + page + hole, page}) {
        const GzipWithHoles once(body, hole);
        for (const std::string& fill :
             {std::string(), std::string("0123456789abcdef0123456789abcdef"),
              std::string(65'535, 'z')}) {
            bool ok = false;
            const std::string inflated = gzip_decompress(once.render(fill), &ok);
            BOOST_TEST_REQUIRE(ok);
            BOOST_TEST((inflated == filled(body, hole, fill)));
        }
    }
}

BOOST_AUTO_TEST_CASE(a_page_with_holes_costs_about_what_a_whole_gzip_costs) {
    const std::string hole = "@@TOKEN-PLACEHOLDER@@";
    std::mt19937 rng(3);
    const std::string page = page_like(800, rng);
    const std::string body = page.substr(0, 20'000) + hole + page.substr(20'000) + hole;
    const std::string token(32, 'f');
    const std::size_t with_holes = GzipWithHoles(body, hole).render(token).size();
    const std::size_t whole = gzip_compress(filled(body, hole, token)).size();
    BOOST_TEST_MESSAGE("gzip with 2 holes " << with_holes << " B, in one piece " << whole << " B");
    BOOST_TEST(with_holes <= whole + whole / 20 + 100);
}

BOOST_AUTO_TEST_CASE(garbage_does_not_inflate) {
    bool ok = true;
    BOOST_TEST(gzip_decompress("not gzip at all", &ok).empty());
    BOOST_TEST(!ok);
    std::string cut = gzip_compress("hello, hello, hello");
    cut.resize(cut.size() - 3);
    BOOST_TEST(gzip_decompress(cut, &ok).empty());
    BOOST_TEST(!ok);
}

BOOST_AUTO_TEST_CASE(accept_encoding_is_read_as_rfc_9110_says) {
    using server::accepts_gzip;
    BOOST_TEST(accepts_gzip("gzip, deflate, br"));  // every browser
    BOOST_TEST(accepts_gzip("br;q=1.0, gzip;q=0.8, *;q=0.1"));
    BOOST_TEST(accepts_gzip("GZIP"));
    BOOST_TEST(accepts_gzip("x-gzip"));
    BOOST_TEST(accepts_gzip("gzip;q=0.001"));
    BOOST_TEST(accepts_gzip("*"));
    BOOST_TEST(!accepts_gzip(""));  // wrk, curl without --compressed
    BOOST_TEST(!accepts_gzip("identity"));
    BOOST_TEST(!accepts_gzip("gzip;q=0"));
    BOOST_TEST(!accepts_gzip("gzip; q=0.000"));
    BOOST_TEST(!accepts_gzip("*;q=0"));
    BOOST_TEST(!accepts_gzip("gzip;q=0, *"));  // named and refused: the star does not count
    BOOST_TEST(!accepts_gzip("gzipx, xgzip"));
}

BOOST_AUTO_TEST_SUITE_END()
