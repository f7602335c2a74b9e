// The web log: one line per request with method, path, status and duration;
// slow requests as warnings.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <fstream>
#include <random>

#include "stack.h"

namespace redriva::e2e {

namespace {

using namespace std::chrono_literals;

std::string unique_marker() {
    std::random_device device;
    return "e2e" + std::to_string(device()) + std::to_string(device());
}

// The lines of the web log that contain `marker`.
std::vector<std::string> log_lines_with(const std::string& marker) {
    std::ifstream in(stack().web_log_path());
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        if (line.find(marker) != std::string::npos) lines.push_back(line);
    return lines;
}

std::vector<std::string> words(const std::string& line) {
    std::vector<std::string> out;
    std::string word;
    for (char c : line + " ") {
        if (c == ' ') {
            if (!word.empty()) out.push_back(word);
            word.clear();
        } else {
            word += c;
        }
    }
    return out;
}

// "12.34ms" with a number before "ms".
bool is_duration(const std::string& word, double& ms) {
    if (word.size() < 3 || word.compare(word.size() - 2, 2, "ms") != 0) return false;
    const std::string number = word.substr(0, word.size() - 2);
    if (number.empty() || !std::isdigit(static_cast<unsigned char>(number[0]))) return false;
    std::size_t used = 0;
    ms = std::stod(number, &used);
    return used == number.size();
}

// Checks the one line logged for `target`: "... METHOD TARGET STATUS DURATION ...".
void check_request_line(const std::string& method, const std::string& target, int status,
                        const std::string& marker, const char* level, double min_ms = 0) {
    std::vector<std::string> lines;
    BOOST_TEST(eventually(3s, [&] {
        lines = log_lines_with(marker);
        return !lines.empty();
    }));
    BOOST_TEST_CONTEXT(method << " " << target) {
        BOOST_REQUIRE(lines.size() == 1u);
        const auto w = words(lines[0]);
        BOOST_TEST_MESSAGE("log line: " << lines[0]);
        const auto at = static_cast<std::size_t>(std::find(w.begin(), w.end(), target) - w.begin());
        BOOST_REQUIRE(at < w.size());
        BOOST_REQUIRE(at > 0u);
        BOOST_REQUIRE(at + 2 < w.size());
        BOOST_TEST(w[at - 1] == method);
        BOOST_TEST(w[at + 1] == std::to_string(status));
        double ms = -1;
        BOOST_TEST(is_duration(w[at + 2], ms), "duration " << w[at + 2]);
        BOOST_TEST(ms >= min_ms);
        BOOST_TEST(std::count(w.begin(), w.end(), std::string(level)) == 1);
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(logs)

BOOST_AUTO_TEST_CASE(one_line_per_request) {
    const std::string m1 = unique_marker(), m2 = unique_marker(), m3 = unique_marker();
    const std::string ok = "/api/health?marker=" + m1;
    const std::string missing = "/nope?marker=" + m2;
    const std::string bad = "/api/sync/bogus?marker=" + m3;
    BOOST_TEST(http().get(ok).status == 200);
    BOOST_TEST(http().get(missing).status == 404);
    BOOST_TEST(http().post(bad, "").status == 400);
    check_request_line("GET", ok, 200, m1, "INFO");
    check_request_line("GET", missing, 404, m2, "INFO");
    check_request_line("POST", bad, 400, m3, "INFO");
}

BOOST_AUTO_TEST_CASE(requests_refused_before_routing_keep_method_and_path) {
    // An undecodable query is refused while the request is read: still one
    // line with what the client asked for.
    const std::string marker = unique_marker();
    const std::string target = "/api/torrents?q=%ZZ&marker=" + marker;
    BOOST_TEST(http().get(target).status == 400);
    check_request_line("GET", target, 400, marker, "INFO");
}

BOOST_AUTO_TEST_CASE(slow_requests_are_warnings) {
    const std::string marker = unique_marker();
    const std::string target = "/api/_test/sleep?ms=1100&marker=" + marker;
    BOOST_TEST(http().get(target).status == 200);
    check_request_line("GET", target, 200, marker, "WARN", 1100);
}

BOOST_AUTO_TEST_CASE(control_characters_cannot_forge_lines) {
    const std::string marker = unique_marker();
    const std::string target = "/api/health?marker=" + marker + "&x=%0A2099-01-01%20INFO%20forged";
    BOOST_TEST(http().get(target).status == 200);
    std::vector<std::string> lines;
    BOOST_TEST(eventually(3s, [&] {
        lines = log_lines_with(marker);
        return !lines.empty();
    }));
    BOOST_TEST(lines.size() == 1u);
    std::ifstream in(stack().web_log_path());
    for (std::string line; std::getline(in, line);)
        BOOST_TEST(!line.starts_with("2099-01-01"), "forged line: " << line);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
