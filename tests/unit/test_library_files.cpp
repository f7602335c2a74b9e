// The library as files: DMM's hash list and CSV written row by row, the hash list
// read back strictly for an import.
#include <boost/test/unit_test.hpp>

#include <rapidjson/document.h>

#include "jobs/library_files.h"

using namespace redriva;
using namespace redriva::jobs;

namespace {

db::ExportRow row(const char* id, const char* name, const char* hash) {
    db::ExportRow r;
    r.id = id;
    r.filename = name;
    r.hash = hash;
    r.status = "downloaded";
    r.bytes = 1234;
    r.added_on = "2025-07-29T10:30:00.000Z";
    r.progress = 100;
    r.links_count = 2;
    return r;
}

const char* kHash = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a";

}  // namespace

BOOST_AUTO_TEST_SUITE(library_files)

BOOST_AUTO_TEST_CASE(the_dmm_export_reads_back_as_an_import) {
    ExportWriter writer(ExportWriter::Format::kDmm);
    writer.add(row("ID1", "A \"quoted\" name", kHash));
    writer.add(row("ID2", "Second", "0000000000000000000000000000000000000001"));
    const std::string text = writer.finish();
    rapidjson::Document doc;
    doc.Parse(text.c_str());
    BOOST_REQUIRE(!doc.HasParseError());
    BOOST_REQUIRE(doc.IsArray() && doc.Size() == 2u);
    BOOST_TEST(std::string(doc[0]["filename"].GetString()) == "A \"quoted\" name");
    auto items = parse_hash_list(text);
    BOOST_REQUIRE(items);
    BOOST_REQUIRE(items->size() == 2u);
    BOOST_TEST((*items)[0].hash == kHash);
    BOOST_TEST((*items)[0].filename == "A \"quoted\" name");
    BOOST_TEST((*items)[0].input == std::string("magnet:?xt=urn:btih:") + kHash);
}

BOOST_AUTO_TEST_CASE(csv_quotes_what_it_must_and_defuses_formulas) {
    ExportWriter writer(ExportWriter::Format::kCsv);
    writer.add(row("ID1", "Name, with \"comma\"", kHash));
    writer.add(row("ID2", "=HYPERLINK(\"http://x\")", kHash));
    const std::string text = writer.finish();
    BOOST_TEST(text.starts_with(std::string(ExportWriter::kCsvHeader) + "\r\n"));
    BOOST_TEST(text.find("ID1,\"Name, with \"\"comma\"\"\"," + std::string(kHash) +
                         ",downloaded,1234,2025-07-29T10:30:00.000Z,100,2\r\n") !=
               std::string::npos);
    BOOST_TEST(text.find("ID2,\"'=HYPERLINK(\"\"http://x\"\")\",") != std::string::npos, text);
    BOOST_TEST(csv_field("-1") == "'-1");
    BOOST_TEST(csv_field("plain") == "plain");
}

BOOST_AUTO_TEST_CASE(hash_lists_are_read_strictly) {
    // Upper case, a repeat, extra members (DMM writes bytes): one item, lower case.
    auto items = parse_hash_list(
        std::string(
            R"([{"filename":"x","hash":"C12FE1C06BBA254A9DC9F519B335AA7C1367A88A","bytes":1},)") +
        R"({"hash":"c12fe1c06bba254a9dc9f519b335aa7c1367a88a"}])");
    BOOST_REQUIRE(items);
    BOOST_REQUIRE(items->size() == 1u);
    BOOST_TEST((*items)[0].hash == kHash);
    for (const char* bad : {"", "{}", "[]", "[1]", R"([{"filename":"x"}])", R"([{"hash":"xyz"}])",
                            R"([{"hash":1}])", "[{"})
        BOOST_TEST(!parse_hash_list(bad), bad);
    auto why =
        parse_hash_list(R"([{"hash":"c12fe1c06bba254a9dc9f519b335aa7c1367a88a"},{"hash":"no"}])");
    BOOST_REQUIRE(!why);
    BOOST_TEST(why.error().message.starts_with("Entry 2:"), why.error().message);
}

BOOST_AUTO_TEST_SUITE_END()
