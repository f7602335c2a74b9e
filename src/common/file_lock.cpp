#include "common/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace redriva {

FileLock::FileLock(const std::string& path) {
    // O_CLOEXEC: a child the sync starts must not inherit (and keep) the lock.
    fd_.reset(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
    if (!fd_.valid()) {
        error_ = "cannot open " + path + ": " + std::strerror(errno);
        return;
    }
    locked_ = ::flock(fd_.get(), LOCK_EX | LOCK_NB) == 0;
}

}  // namespace redriva
