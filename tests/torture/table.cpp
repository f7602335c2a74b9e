#include "table.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <vector>

namespace redriva::torture {

namespace {
std::vector<Row>& rows() {
    static std::vector<Row> all;
    return all;
}
}  // namespace

bool quick() {
    const char* v = std::getenv("REDRIVA_TORTURE_QUICK");
    return v && std::string(v) == "1";
}

void record(const Row& row) {
    rows().push_back(row);
    std::printf("torture: %s: %s\n", row.scenario.c_str(), row.ok ? "ok" : "FAILED");
    std::fflush(stdout);
}

void print_table() {
    if (rows().empty()) return;
    const char* headers[] = {"scenario", "load", "faults", "failed requests", "data check", "ok"};
    std::vector<std::vector<std::string>> cells;
    for (const Row& r : rows())
        cells.push_back({r.scenario, r.load, r.faults, r.failed, r.check, r.ok ? "yes" : "NO"});
    std::size_t width[6];
    for (int c = 0; c < 6; ++c) {
        width[c] = std::string(headers[c]).size();
        for (const auto& row : cells)
            width[c] = std::max(width[c], row[static_cast<std::size_t>(c)].size());
    }
    std::string text = quick() ? "torture (quick: REDRIVA_TORTURE_QUICK=1)\n" : "torture\n";
    auto line = [&](const std::vector<std::string>& values) {
        for (int c = 0; c < 6; ++c) {
            const std::string& v = values[static_cast<std::size_t>(c)];
            text += v;
            if (c < 5) text += std::string(width[c] - v.size() + 2, ' ');
        }
        text += '\n';
    };
    line({headers[0], headers[1], headers[2], headers[3], headers[4], headers[5]});
    for (const auto& row : cells) line(row);
    std::fputs(text.c_str(), stdout);
    std::fflush(stdout);
    if (const char* path = std::getenv("REDRIVA_TORTURE_REPORT"); path && *path)
        std::ofstream(path) << text;
}

}  // namespace redriva::torture
