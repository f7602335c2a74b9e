// The web log is shared by every worker process and rotated by size:
// concurrent writers must neither lose nor tear lines across rotations.
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <set>
#include <string>

#include "common/log.h"
#include "temp_database.h"

using redriva::LogFile;
using redriva::LogLevel;

namespace {

// Every line of the log and its rotated files, oldest file first.
std::vector<std::string> all_lines(const std::string& path, int files) {
    std::vector<std::string> lines;
    for (int i = files; i >= 0; --i) {
        std::ifstream in(i == 0 ? path : path + "." + std::to_string(i));
        for (std::string line; std::getline(in, line);) lines.push_back(line);
    }
    return lines;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(log_file)

BOOST_AUTO_TEST_CASE(formats_one_record_per_line) {
    redriva::test::TempDatabasePath dir;
    const std::string path = dir.path("web.log");
    {
        LogFile log(path, 1 << 20, 3);
        log.write(LogLevel::kWarn, "slow request: GET /x\nINFO forged line");
    }
    auto lines = all_lines(path, 3);
    BOOST_REQUIRE_EQUAL(lines.size(), 1u);
    BOOST_TEST(lines[0].find(" WARN [") != std::string::npos);
    BOOST_TEST(lines[0].find("GET /x?INFO forged line") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rotates_by_size_and_keeps_n_files) {
    redriva::test::TempDatabasePath dir;
    const std::string path = dir.path("web.log");
    {
        LogFile log(path, 4096, 2);
        for (int i = 0; i < 2000; ++i) log.write(LogLevel::kInfo, "line " + std::to_string(i));
    }
    BOOST_TEST(std::ifstream(path + ".1").good());
    BOOST_TEST(std::ifstream(path + ".2").good());
    BOOST_TEST(!std::ifstream(path + ".3").good());  // only max_files are kept
    std::ifstream current(path, std::ios::ate);
    BOOST_TEST(static_cast<long>(current.tellg()) < 4096 + 4096 / 8 + 200);
}

BOOST_AUTO_TEST_CASE(many_processes_lose_no_line) {
    redriva::test::TempDatabasePath dir;
    const std::string path = dir.path("web.log");
    constexpr int kWriters = 4, kLines = 3000, kFiles = 1000;
    std::vector<pid_t> children;
    for (int w = 0; w < kWriters; ++w) {
        pid_t pid = fork();
        BOOST_REQUIRE(pid >= 0);
        if (pid == 0) {
            LogFile log(path, 16 * 1024, kFiles);
            for (int i = 0; i < kLines; ++i)
                log.write(LogLevel::kInfo,
                          "writer " + std::to_string(w) + " line " + std::to_string(i));
            _exit(0);
        }
        children.push_back(pid);
    }
    for (pid_t pid : children) {
        int status = 0;
        waitpid(pid, &status, 0);
        BOOST_TEST((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    }
    auto lines = all_lines(path, kFiles);
    BOOST_TEST(std::ifstream(path + ".1").good());  // it did rotate
    std::set<std::string> seen;
    for (const auto& line : lines) {
        auto at = line.find("writer ");
        BOOST_REQUIRE(at != std::string::npos);  // no torn or interleaved line
        seen.insert(line.substr(at));
    }
    BOOST_TEST(lines.size() == static_cast<std::size_t>(kWriters * kLines));
    BOOST_TEST(seen.size() == static_cast<std::size_t>(kWriters * kLines));
}

BOOST_AUTO_TEST_SUITE_END()
