#include "sync/rate_journal.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/strings.h"

namespace redriva::sync {

namespace {

constexpr const char* kMagic = "redriva-rate 1";

}  // namespace

std::string current_boot_id() {
    std::ifstream in("/proc/sys/kernel/random/boot_id");
    std::string id;
    std::getline(in, id);
    return std::string(trim(id));
}

RateJournal::RateJournal(std::string path) : path_(std::move(path)), boot_(current_boot_id()) {}

std::vector<std::int64_t> RateJournal::load(std::int64_t now_ms, std::int64_t window_ms) const {
    std::ifstream in(path_);
    std::string magic, boot;
    if (!std::getline(in, magic) || magic != kMagic || !std::getline(in, boot)) return {};
    if (boot_.empty() || trim(boot) != boot_) return {};
    std::vector<std::int64_t> sends;
    for (std::string line; std::getline(in, line);) {
        const auto t = parse_int(trim(line));
        if (!t) return {};  // a damaged file is worth nothing
        // A time in the future cannot be a send of this boot: the file is not ours.
        if (*t > now_ms) return {};
        if (*t > now_ms - window_ms) sends.push_back(*t);
    }
    return sends;
}

bool RateJournal::save(const std::vector<std::int64_t>& sends) const {
    if (boot_.empty()) return false;
    std::ostringstream text;
    text << kMagic << '\n' << boot_ << '\n';
    for (std::int64_t t : sends) text << t << '\n';
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
    // No fsync: after a crash of the machine the window is long over anyway.
    return std::rename(tmp.c_str(), path_.c_str()) == 0;
}

}  // namespace redriva::sync
