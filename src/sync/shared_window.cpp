#include "sync/shared_window.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/strings.h"
#include "common/unique_fd.h"

namespace redriva::sync {

namespace {

constexpr const char* kMagic = "redriva-rate 2";

// The file's records, parsed: one line per send or claim, each with its owner.
struct Record {
    char type;  // 's' a send, 'c' a claim
    std::uint64_t owner;
    std::int64_t at;
};

// Nothing when the file is missing, damaged, from another boot or holds a time
// in the future (not a send of this boot): a damaged file is worth nothing.
std::vector<Record> read_records(const std::string& path, const std::string& boot,
                                 std::int64_t now) {
    std::ifstream in(path);
    std::string magic, file_boot;
    if (!std::getline(in, magic) || magic != kMagic || !std::getline(in, file_boot)) return {};
    if (boot.empty() || trim(file_boot) != boot) return {};
    std::vector<Record> records;
    for (std::string line; std::getline(in, line);) {
        std::istringstream fields(line);
        std::string type, owner_hex;
        std::int64_t at = 0;
        if (!(fields >> type >> owner_hex >> at) || (type != "s" && type != "c")) return {};
        char* end = nullptr;
        const std::uint64_t owner = std::strtoull(owner_hex.c_str(), &end, 16);
        if (end == owner_hex.c_str() || *end != '\0') return {};
        if (type == "s" && at > now + SharedWindow::kClockSlackMs) return {};
        records.push_back({type[0], owner, at});
    }
    return records;
}

SharedWindow::Others others_of(const std::vector<Record>& records, std::uint64_t owner,
                               std::int64_t now, std::int64_t window) {
    SharedWindow::Others others;
    for (const Record& r : records) {
        if (r.owner == owner) continue;
        if (r.type == 's' && r.at > now - window) others.sends.push_back(r.at);
        if (r.type == 'c' && r.at > now) others.claim = std::max(others.claim.value_or(0), r.at);
    }
    std::sort(others.sends.begin(), others.sends.end());
    return others;
}

UniqueFd lock_file(const std::string& path, int operation) {
    UniqueFd fd(::open((path + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
    if (!fd.valid()) return fd;
    while (::flock(fd.get(), operation) != 0)
        if (errno != EINTR) return UniqueFd();
    return fd;  // closing it releases the lock
}

}  // namespace

std::string current_boot_id() {
    std::ifstream in("/proc/sys/kernel/random/boot_id");
    std::string id;
    std::getline(in, id);
    return std::string(trim(id));
}

SharedWindow::SharedWindow(std::string path) : path_(std::move(path)), boot_(current_boot_id()) {}

SharedWindow::Others SharedWindow::peek(std::uint64_t owner, std::int64_t now,
                                        std::int64_t window) const {
    const UniqueFd lock = lock_file(path_, LOCK_SH);
    if (!lock.valid()) return {};
    return others_of(read_records(path_, boot_, now), owner, now, window);
}

bool SharedWindow::exchange(std::uint64_t owner, std::int64_t window,
                            const std::function<std::int64_t()>& clock,
                            const Decide& decide) const {
    if (boot_.empty()) return false;
    const UniqueFd lock = lock_file(path_, LOCK_EX);
    if (!lock.valid()) return false;
    const std::int64_t now = clock();
    const std::vector<Record> records = read_records(path_, boot_, now);
    Mine mine;
    decide(now, others_of(records, owner, now, window), mine);

    std::ostringstream text;
    text << kMagic << '\n' << boot_ << '\n';
    char owner_hex[17];
    const auto line = [&](char type, std::uint64_t who, std::int64_t at) {
        std::snprintf(owner_hex, sizeof owner_hex, "%016llx", static_cast<unsigned long long>(who));
        text << type << ' ' << owner_hex << ' ' << at << '\n';
    };
    // Everyone else's records still worth keeping, then ours.
    for (const Record& r : records) {
        if (r.owner == owner) continue;
        if ((r.type == 's' && r.at > now - window) || (r.type == 'c' && r.at > now))
            line(r.type, r.owner, r.at);
    }
    for (std::int64_t at : mine.sends)
        if (at > now - window) line('s', owner, at);
    if (mine.claim && *mine.claim > now) line('c', owner, *mine.claim);

    const std::string tmp = path_ + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << text.str();
        out.flush();
        if (!out) {
            std::remove(tmp.c_str());
            return false;
        }
    }
    // No fsync: after a crash of the machine RD's window is long over anyway.
    return std::rename(tmp.c_str(), path_.c_str()) == 0;
}

}  // namespace redriva::sync
