// The rate limiter's window shared by every process that talks to Real-Debrid.
//
// RD counts one budget per account, whoever sends. A sync and an action runner may
// run at once (a user deletes a torrent during a seven-hour full sync), and the next
// process must not start with a full burst while RD still counts the last one. So
// each limiter records its send times in one small file of the run dir, under an
// exclusive flock, and counts everybody's sends before it grants: the file is the
// window. Times are CLOCK_MONOTONIC milliseconds, which every process of one boot
// shares; the file names the boot, and a file from another boot is ignored.
//
// A limiter that serves an interactive action may also leave a claim: while it
// waits for a slot, the others grant nothing, so the user's click gets the next
// free slot rather than a coin toss against a sync's backlog.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace redriva::sync {

class SharedWindow {
public:
    explicit SharedWindow(std::string path);

    // `count` sends recorded at one time: a record of the file. A limiter at a high
    // limit records the sends of a few milliseconds as one group (see RateLimiter),
    // so the file keeps a bounded size at any rate.
    struct SendGroup {
        std::int64_t at;
        int count;
        bool operator==(const SendGroup&) const = default;
    };
    // What the other owners have recorded.
    struct Others {
        std::vector<SendGroup> sends;       // still in the window, oldest first, one per time
        std::optional<std::int64_t> claim;  // a live priority claim: until when
    };
    // What one owner records.
    struct Mine {
        std::vector<SendGroup> sends;
        std::optional<std::int64_t> claim;
    };

    // Under the exclusive lock: reads the time (`clock`, once the lock is held:
    // a time read before waiting for it would be older than what the holder just
    // wrote) and the others' records (sends newer than now - window, claims not
    // yet expired), lets `decide` see them and set ours, and writes the file back
    // (beside it, then renamed). False when the file cannot be locked, read or
    // written: the caller then counts alone, as a single process always could.
    using Decide = std::function<void(std::int64_t now, const Others&, Mine&)>;
    bool exchange(std::uint64_t owner, std::int64_t window,
                  const std::function<std::int64_t()>& clock, const Decide& decide) const;

    // The others' records without taking the write lock (a shared one); empty on
    // any trouble.
    Others peek(std::uint64_t owner, std::int64_t now, std::int64_t window) const;

    // A send this far in the future of a reader's clock is a reader that read its
    // clock just before the writer did, not a damaged file.
    static constexpr std::int64_t kClockSlackMs = 1'000;

    const std::string& path() const { return path_; }

private:
    std::string path_;
    std::string boot_;  // this boot's id, read once
};

// This boot's id (/proc/sys/kernel/random/boot_id), or "" when unknown.
std::string current_boot_id();

}  // namespace redriva::sync
