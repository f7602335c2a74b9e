// An append-only log file shared by many processes, rotated by size.
//
// Every line is one write(2) on an O_APPEND descriptor, so lines from different
// workers never interleave. Rotation takes an flock on "<path>.lock", re-checks the
// size under the lock (another process may have rotated already), renames
// path -> path.1 -> ... -> path.N and reopens. Other processes notice that the path
// now names a different inode and reopen it; lines they wrote meanwhile land in
// path.1, so nothing is lost.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/unique_fd.h"

namespace redriva {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

class LogFile {
public:
    LogFile() = default;
    LogFile(std::string path, std::int64_t max_bytes, int max_files);
    LogFile(const LogFile&) = delete;
    LogFile& operator=(const LogFile&) = delete;

    // Formats "<iso time> <LEVEL> [pid] text\n" and appends it. Never throws; when
    // the file cannot be written the line goes to stderr.
    void write(LogLevel level, std::string_view text) noexcept;

    // Re-open after fork so that each process checks rotation on its own.
    void reopen() noexcept;

    const std::string& path() const { return path_; }

private:
    void rotate_if_needed(std::int64_t size) noexcept;
    void reopen_if_rotated() noexcept;

    std::string path_;
    std::int64_t max_bytes_ = 0;
    int max_files_ = 0;
    UniqueFd fd_;
    std::int64_t last_inode_check_ms_ = 0;
    std::int64_t unchecked_bytes_ = 0;
};

// The process-wide log (stderr until init_log is called).
void init_log(const std::string& path, std::int64_t max_bytes, int max_files);
void reopen_log() noexcept;
void log(LogLevel level, std::string_view text) noexcept;
inline void log_info(std::string_view text) noexcept {
    log(LogLevel::kInfo, text);
}
inline void log_warn(std::string_view text) noexcept {
    log(LogLevel::kWarn, text);
}
inline void log_error(std::string_view text) noexcept {
    log(LogLevel::kError, text);
}

}  // namespace redriva
