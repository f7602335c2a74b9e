// The fuzz targets' assertion: libFuzzer reports an abort as a crash and
// keeps the input, whatever the build type (assert() vanishes under NDEBUG).
#pragma once

#include <cstdlib>

namespace redriva::fuzz {

inline void require(bool ok) {
    if (!ok) std::abort();
}

}  // namespace redriva::fuzz
