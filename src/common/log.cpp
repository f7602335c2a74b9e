#include "common/log.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>

#include "common/clock.h"

namespace redriva {

namespace {

const char* level_name(LogLevel level) {
    switch (level) {
        case LogLevel::kDebug: return "DEBUG";
        case LogLevel::kInfo: return "INFO";
        case LogLevel::kWarn: return "WARN";
        case LogLevel::kError: return "ERROR";
    }
    return "INFO";
}

std::string format_line(LogLevel level, std::string_view text) {
    timeval tv{};
    gettimeofday(&tv, nullptr);
    std::tm tm{};
    gmtime_r(&tv.tv_sec, &tm);
    char stamp[64];
    std::size_t n = std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(stamp + n, sizeof stamp - n, ".%03ldZ", static_cast<long>(tv.tv_usec / 1000));
    std::string line;
    line.reserve(text.size() + 64);
    line += stamp;
    line += ' ';
    line += level_name(level);
    line += " [";
    line += std::to_string(getpid());
    line += "] ";
    // One record per line: control characters from request paths cannot forge lines.
    for (char c : text) line += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    line += '\n';
    return line;
}

void write_all(int fd, const std::string& s) noexcept {
    std::size_t off = 0;
    while (off < s.size()) {
        ssize_t w = ::write(fd, s.data() + off, s.size() - off);
        if (w < 0) return;
        off += static_cast<std::size_t>(w);
    }
}

}  // namespace

LogFile::LogFile(std::string path, std::int64_t max_bytes, int max_files)
    : path_(std::move(path)), max_bytes_(max_bytes), max_files_(max_files) {
    reopen();
}

void LogFile::reopen() noexcept {
    fd_.reset(::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640));
    last_inode_check_ms_ = monotonic_ms();
}

void LogFile::reopen_if_rotated() noexcept {
    struct stat by_path {
    }, by_fd{};
    if (::stat(path_.c_str(), &by_path) != 0 || ::fstat(fd_.get(), &by_fd) != 0 ||
        by_path.st_ino != by_fd.st_ino || by_path.st_dev != by_fd.st_dev)
        reopen();
}

void LogFile::rotate_if_needed(std::int64_t size) noexcept {
    if (max_bytes_ <= 0 || size < max_bytes_) return;
    std::string lock_path = path_ + ".lock";
    const UniqueFd lock(::open(lock_path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0640));
    if (!lock.valid()) return;
    if (::flock(lock.get(), LOCK_EX) == 0) {
        struct stat st {};
        // Re-check under the lock: another process may have rotated meanwhile.
        if (::stat(path_.c_str(), &st) == 0 && st.st_size >= max_bytes_) {
            for (int i = max_files_ - 1; i >= 1; --i)
                ::rename((path_ + "." + std::to_string(i)).c_str(),
                         (path_ + "." + std::to_string(i + 1)).c_str());
            ::rename(path_.c_str(), (path_ + ".1").c_str());
        }
        reopen();
        ::flock(lock.get(), LOCK_UN);
    }
}

void LogFile::write(LogLevel level, std::string_view text) noexcept {
    try {
        std::string line = format_line(level, text);
        if (path_.empty()) {
            write_all(2, line);
            return;
        }
        // Another process's rotation is noticed within a second.
        if (std::int64_t now = monotonic_ms(); now - last_inode_check_ms_ > 1000) {
            last_inode_check_ms_ = now;
            reopen_if_rotated();
        }
        if (!fd_.valid()) {
            write_all(2, line);
            return;
        }
        write_all(fd_.get(), line);
        // The size is checked every 64 KiB this process wrote (not every line):
        // a file may overshoot its limit by that much per process, no more.
        unchecked_bytes_ += static_cast<std::int64_t>(line.size());
        if (unchecked_bytes_ >= std::min<std::int64_t>(64 * 1024, max_bytes_ / 8 + 1)) {
            unchecked_bytes_ = 0;
            struct stat st {};
            if (::fstat(fd_.get(), &st) == 0) rotate_if_needed(st.st_size);
        }
    } catch (...) {
        // Out of memory while formatting a log line: nothing sensible left to do.
    }
}

namespace {
std::unique_ptr<LogFile>& process_log() {
    static std::unique_ptr<LogFile> instance = std::make_unique<LogFile>();
    return instance;
}
}  // namespace

void init_log(const std::string& path, std::int64_t max_bytes, int max_files) {
    process_log() = std::make_unique<LogFile>(path, max_bytes, max_files);
}

void reopen_log() noexcept {
    process_log()->reopen();
}

void log(LogLevel level, std::string_view text) noexcept {
    process_log()->write(level, text);
}

}  // namespace redriva
