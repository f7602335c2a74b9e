// An exclusive advisory lock on a file (flock), held for the object's lifetime:
// "only one sync at a time". The kernel drops it when the process dies, so a
// killed sync never leaves a stale lock behind.
#pragma once

#include <string>

#include "common/unique_fd.h"

namespace redriva {

class FileLock {
public:
    // Tries once, without waiting. locked() says whether it was granted.
    explicit FileLock(const std::string& path);

    bool locked() const { return locked_; }
    const std::string& error() const { return error_; }  // when the file cannot be opened

private:
    UniqueFd fd_;  // closing it releases the lock
    bool locked_ = false;
    std::string error_;
};

}  // namespace redriva
