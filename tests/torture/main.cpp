// The torture module: fault scenarios under load. Each case adds a
// row to the table printed at the end (scripts/torture shows it). With
// REDRIVA_TORTURE_QUICK=1 (ctest, scripts/test) the loads are short and the
// slowest scenarios are left to scripts/torture.
#define BOOST_TEST_MODULE redriva torture
#include <curl/curl.h>

#include <boost/test/unit_test.hpp>

#include "table.h"

namespace redriva::torture {

struct TortureFixture {
    void setup() { curl_global_init(CURL_GLOBAL_ALL); }
    void teardown() {
        print_table();
        curl_global_cleanup();
    }
};

BOOST_TEST_GLOBAL_FIXTURE(TortureFixture);

}  // namespace redriva::torture
