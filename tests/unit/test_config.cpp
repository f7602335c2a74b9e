#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

#include "common/config.h"
#include "temp_database.h"

using namespace redriva;

namespace {

using Values = std::map<std::string, std::string>;

// Sets environment variables for one test and restores them after.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old, had_ = true;
        setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv() {
        if (had_)
            setenv(name_, old_.c_str(), 1);
        else
            unsetenv(name_);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* name_;
    std::string old_;
    bool had_ = false;
};

std::string conf_error(const std::string& text) {
    try {
        parse_conf(text);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(parse_conf_reads_key_value_lines) {
    const Values v = parse_conf(
        "# a comment\n"
        "\n"
        "REDRIVA_PORT=8081\n"
        "  REDRIVA_WORKERS   =   4   \n"
        "\tREDRIVA_RD_RATE\t=\t200\t# trailing comment\n"
        "REDRIVA_RD_API_URL = http://127.0.0.1:9999/rest/1.0\n"
        "EMPTY =\n"
        "EQUALS = a=b=c\n"
        "   # indented comment\n"
        "windows = crlf\r\n");
    const Values expected = {{"REDRIVA_PORT", "8081"},
                             {"REDRIVA_WORKERS", "4"},
                             {"REDRIVA_RD_RATE", "200"},
                             {"REDRIVA_RD_API_URL", "http://127.0.0.1:9999/rest/1.0"},
                             {"EMPTY", ""},
                             {"EQUALS", "a=b=c"},
                             {"windows", "crlf"}};
    BOOST_TEST((v == expected));
}

BOOST_AUTO_TEST_CASE(parse_conf_empty_and_comment_only) {
    BOOST_TEST(parse_conf("").empty());
    BOOST_TEST(parse_conf("# nothing\n\n   \n#x=y\n").empty());
}

BOOST_AUTO_TEST_CASE(parse_conf_later_lines_win) {
    BOOST_TEST(parse_conf("a = 1\na = 2\n").at("a") == "2");
}

BOOST_AUTO_TEST_CASE(parse_conf_names_the_line_without_equals) {
    BOOST_TEST(conf_error("a = 1\n# comment\njust words\n") ==
               "redriva.conf line 3: expected 'key = value'");
    BOOST_TEST(conf_error("novalue") == "redriva.conf line 1: expected 'key = value'");
    // '=' inside a comment does not count.
    BOOST_TEST(conf_error("\nkey # = value\n") == "redriva.conf line 2: expected 'key = value'");
}

BOOST_AUTO_TEST_CASE(load_config_file_then_environment) {
    test::TempDatabasePath tmp;
    const std::string dir = tmp.path("");
    {
        std::ofstream conf(tmp.path("redriva.conf"));
        conf << "REDRIVA_PORT = 8123\nREDRIVA_WORKERS = 3\nREDRIVA_PAGE_CACHE = off\n";
    }
    ScopedEnv data("REDRIVA_DATA_DIR", dir);
    ScopedEnv port("REDRIVA_PORT", "9001");  // the environment wins over the file
    Config c = load_config();
    BOOST_TEST(c.data_dir == dir);
    BOOST_TEST(c.port == 9001);
    BOOST_TEST(c.workers == 3);
    BOOST_TEST(!c.page_cache);
    BOOST_TEST(c.rd_rate == 250);  // default kept
    BOOST_TEST(c.database_path() == dir + "/redriva.db");
    BOOST_TEST(!c.rd_token_from_conf);
    {
        std::ofstream conf(tmp.path("redriva.conf"));
        conf << "RD_TOKEN = from-the-conf\n";
    }
    BOOST_TEST(load_config().rd_token_from_conf);
    ScopedEnv token("RD_TOKEN", "from-the-environment");
    BOOST_TEST(!load_config().rd_token_from_conf);
}

BOOST_AUTO_TEST_CASE(load_config_refuses_invalid_values) {
    test::TempDatabasePath tmp;
    ScopedEnv data("REDRIVA_DATA_DIR", tmp.path(""));
    {
        ScopedEnv port("REDRIVA_PORT", "70000");
        BOOST_CHECK_THROW(load_config(), std::runtime_error);
    }
    {
        ScopedEnv workers("REDRIVA_WORKERS", "four");
        BOOST_CHECK_THROW(load_config(), std::runtime_error);
    }
    {
        ScopedEnv cache("REDRIVA_PAGE_CACHE", "maybe");
        BOOST_CHECK_THROW(load_config(), std::runtime_error);
    }
}

BOOST_AUTO_TEST_SUITE_END()
