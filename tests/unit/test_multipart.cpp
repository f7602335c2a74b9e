// multipart/form-data as a browser sends it (the add page's upload) and as curl
// does, and the malformed bodies that must be a 400 rather than a guess.
#include <boost/test/unit_test.hpp>

#include <string>

#include "server/multipart.h"

using namespace redriva::server;

namespace {

const std::string kBoundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

std::string part(const std::string& disposition, const std::string& body,
                 const std::string& type = "") {
    std::string p =
        "--" + kBoundary + "\r\nContent-Disposition: form-data; " + disposition + "\r\n";
    if (!type.empty()) p += "Content-Type: " + type + "\r\n";
    return p + "\r\n" + body + "\r\n";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(multipart)

BOOST_AUTO_TEST_CASE(the_boundary_comes_from_the_content_type) {
    BOOST_TEST(*multipart_boundary("multipart/form-data; boundary=" + kBoundary) == kBoundary);
    BOOST_TEST(*multipart_boundary("Multipart/Form-Data;boundary=\"a b\"") == "a b");
    BOOST_TEST(!multipart_boundary("application/json"));
    BOOST_TEST(!multipart_boundary("multipart/form-data"));
    BOOST_TEST(!multipart_boundary("multipart/form-data; boundary="));
    BOOST_TEST(!multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'x')));
    BOOST_TEST(!multipart_boundary("multipart/form-data; boundary=\"open"));
}

BOOST_AUTO_TEST_CASE(fields_and_files_in_order_with_binary_bodies_intact) {
    constexpr char kBinary[] = "d4:info\r\n--not-the-boundary\0\xff";
    const std::string binary(kBinary, sizeof kBinary - 1);
    const std::string body = part("name=\"csrf_token\"", "abc") +
                             part("name=\"file\"; filename=\"a \\\"b\\\".torrent\"", binary,
                                  "application/x-bittorrent") +
                             part("name=\"select\"", "manual") + "--" + kBoundary + "--\r\n";
    auto parts = parse_multipart(body, kBoundary);
    BOOST_REQUIRE_MESSAGE(parts, (parts ? "" : parts.error().message));
    BOOST_REQUIRE(parts->size() == 3u);
    BOOST_TEST((*parts)[0].name == "csrf_token");
    BOOST_TEST(!(*parts)[0].filename);
    BOOST_TEST((*parts)[0].body == "abc");
    BOOST_TEST((*parts)[1].name == "file");
    BOOST_TEST(*(*parts)[1].filename == "a \"b\".torrent");
    BOOST_TEST((*parts)[1].content_type == "application/x-bittorrent");
    BOOST_TEST((*parts)[1].body == binary);
    BOOST_TEST((*parts)[2].body == "manual");
}

BOOST_AUTO_TEST_CASE(an_empty_file_input_is_an_empty_part) {
    const std::string body = part("name=\"file\"; filename=\"\"", "", "application/octet-stream") +
                             "--" + kBoundary + "--";
    auto parts = parse_multipart(body, kBoundary);
    BOOST_REQUIRE(parts);
    BOOST_REQUIRE(parts->size() == 1u);
    BOOST_TEST(*(*parts)[0].filename == "");
    BOOST_TEST((*parts)[0].body.empty());
}

BOOST_AUTO_TEST_CASE(malformed_bodies_are_refused) {
    const std::string ok = part("name=\"a\"", "1");
    for (const std::string& bad : {
             std::string(),
             std::string("no boundary here"),
             ok,  // never closed
             "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\n1\r\n--" +
                 kBoundary + "--",                                   // no blank line
             part("filename=\"x\"", "1") + "--" + kBoundary + "--",  // no name
             part("name=\"a", "1") + "--" + kBoundary + "--",        // open quote
             "--" + kBoundary + "\r\nBroken header line\r\n\r\n1\r\n--" + kBoundary + "--",
             "--" + kBoundary + "\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n1\r\n--" +
                 kBoundary + "--",
             "--" + kBoundary + "junk\r\n",
         })
        BOOST_TEST(!parse_multipart(bad, kBoundary), bad.substr(0, 80));
    std::string many;
    for (std::size_t i = 0; i <= kMaxFormParts; ++i) many += part("name=\"a\"", "1");
    BOOST_TEST(!parse_multipart(many + "--" + kBoundary + "--", kBoundary));
}

BOOST_AUTO_TEST_SUITE_END()
