// A database file in a fresh temporary directory, removed with the directory when
// the test ends: tests run on real files (WAL needs one), never on the user's data.
#pragma once

#include <filesystem>
#include <string>

#include "common/strings.h"

namespace redriva::test {

class TempDatabasePath {
public:
    TempDatabasePath()
        : dir_(std::filesystem::temp_directory_path() / ("redriva-test-" + random_hex(8))) {
        std::filesystem::create_directories(dir_);
    }
    ~TempDatabasePath() {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    TempDatabasePath(const TempDatabasePath&) = delete;
    TempDatabasePath& operator=(const TempDatabasePath&) = delete;

    std::string path(const std::string& name = "redriva.db") const {
        return (dir_ / name).string();
    }

private:
    std::filesystem::path dir_;
};

}  // namespace redriva::test
