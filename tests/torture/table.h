// The torture table: one row per scenario, printed when the module ends (and
// written to $REDRIVA_TORTURE_REPORT when set).
#pragma once

#include <string>

namespace redriva::torture {

struct Row {
    std::string scenario;
    std::string load;
    std::string faults;
    std::string failed;  // failed requests, or "-" where no load ran
    std::string check;   // what was verified afterwards
    bool ok = false;
};

void record(const Row& row);
void print_table();

// REDRIVA_TORTURE_QUICK=1: short loads, for ctest.
bool quick();

}  // namespace redriva::torture
