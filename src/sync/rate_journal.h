// The rate limiter's memory across processes: the send times of the last window,
// kept in a small file of the data dir.
//
// RD's window does not end when redriva-sync exits. A fast sync that used the whole
// minute, followed at once by a sync the user queued, would otherwise start at full
// speed and be refused. Times are CLOCK_MONOTONIC milliseconds, which every process of
// one boot shares; the file names the boot, and a file from another boot is ignored.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace redriva::sync {

class RateJournal {
public:
    explicit RateJournal(std::string path);

    // The recorded sends newer than now_ms - window_ms; none when the file is missing,
    // unreadable, malformed or from another boot (a fresh start is the safe default
    // only because RD's window has ended by the time a machine has rebooted).
    std::vector<std::int64_t> load(std::int64_t now_ms, std::int64_t window_ms) const;

    // Replaces the file (written beside it, then renamed: a reader never sees half of
    // it). Returns false, and leaves the old file, when it cannot be written.
    bool save(const std::vector<std::int64_t>& sends) const;

    const std::string& path() const { return path_; }

private:
    std::string path_;
    std::string boot_;  // this boot's id, read once: save() runs every 250 ms
};

// This boot's id (/proc/sys/kernel/random/boot_id), or "" when unknown.
std::string current_boot_id();

}  // namespace redriva::sync
