#include "sync/shared_window.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string_view>

#include "common/strings.h"
#include "common/unique_fd.h"

namespace redriva::sync {

namespace {

// Version 3: a send line carries a count (version 2 had one line per send). Files of
// another version are worth nothing, like a damaged one.
constexpr std::string_view kMagic = "redriva-rate 3";

// The file's records, parsed: one line per group of sends ('s owner at count') or
// claim ('c owner until').
struct Record {
    char type;  // 's' sends, 'c' a claim
    std::uint64_t owner;
    std::int64_t at;
    int count;
};

// The next space-separated field of `line`, consumed.
std::string_view next_field(std::string_view& line) {
    const std::size_t end = std::min(line.find(' '), line.size());
    const std::string_view field = line.substr(0, end);
    line.remove_prefix(std::min(end + 1, line.size()));
    return field;
}

template <typename Number>
bool parse_number(std::string_view text, Number& out, int base = 10) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out, base);
    return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

std::optional<Record> parse_record(std::string_view line) {
    Record r{};
    const std::string_view type = next_field(line);
    if (type != "s" && type != "c") return std::nullopt;
    r.type = type[0];
    if (!parse_number(next_field(line), r.owner, 16) || !parse_number(next_field(line), r.at))
        return std::nullopt;
    r.count = 1;
    if (r.type == 's' && (!parse_number(next_field(line), r.count) || r.count < 1))
        return std::nullopt;
    if (!line.empty()) return std::nullopt;
    return r;
}

std::string read_whole(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return std::move(text).str();
}

// Nothing when the file is missing, damaged, from another boot or version, or holds
// a time in the future (not a send of this boot): a damaged file is worth nothing.
std::vector<Record> read_records(const std::string& path, const std::string& boot,
                                 std::int64_t now) {
    const std::string text = read_whole(path);
    std::string_view rest = text;
    const auto next_line = [&rest] {
        const std::size_t end = rest.find('\n');
        if (end == std::string_view::npos) {
            rest = {};
            return std::optional<std::string_view>();
        }
        const std::string_view line = rest.substr(0, end);
        rest.remove_prefix(end + 1);
        return std::optional<std::string_view>(line);
    };
    const auto magic = next_line();
    const auto file_boot = next_line();
    if (!magic || *magic != kMagic || !file_boot || boot.empty() || trim(*file_boot) != boot)
        return {};
    std::vector<Record> records;
    for (auto line = next_line(); line; line = next_line()) {
        const std::optional<Record> r = parse_record(*line);
        if (!r || (r->type == 's' && r->at > now + SharedWindow::kClockSlackMs)) return {};
        records.push_back(*r);
    }
    if (!rest.empty()) return {};  // a last line without its newline: cut short
    return records;
}

SharedWindow::Others others_of(const std::vector<Record>& records, std::uint64_t owner,
                               std::int64_t now, std::int64_t window) {
    SharedWindow::Others others;
    for (const Record& r : records) {
        if (r.owner == owner) continue;
        if (r.type == 's' && r.at > now - window) others.sends.push_back({r.at, r.count});
        if (r.type == 'c' && r.at > now) others.claim = std::max(others.claim.value_or(0), r.at);
    }
    // Oldest first, one group per time.
    std::sort(others.sends.begin(), others.sends.end(),
              [](const auto& a, const auto& b) { return a.at < b.at; });
    std::vector<SharedWindow::SendGroup> merged;
    for (const auto& group : others.sends) {
        if (!merged.empty() && merged.back().at == group.at)
            merged.back().count += group.count;
        else
            merged.push_back(group);
    }
    others.sends = std::move(merged);
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

    std::string text;
    text.reserve(64 + 40 * (records.size() + mine.sends.size()));
    text.append(kMagic).append("\n").append(boot_).append("\n");
    const auto line = [&text](char type, std::uint64_t who, std::int64_t at, int count) {
        char buffer[80];
        const int n = type == 's' ? std::snprintf(buffer, sizeof buffer, "s %016llx %lld %d\n",
                                                  static_cast<unsigned long long>(who),
                                                  static_cast<long long>(at), count)
                                  : std::snprintf(buffer, sizeof buffer, "c %016llx %lld\n",
                                                  static_cast<unsigned long long>(who),
                                                  static_cast<long long>(at));
        text.append(buffer, static_cast<std::size_t>(n));
    };
    // Everyone else's records still worth keeping, then ours.
    for (const Record& r : records) {
        if (r.owner == owner) continue;
        if ((r.type == 's' && r.at > now - window) || (r.type == 'c' && r.at > now))
            line(r.type, r.owner, r.at, r.count);
    }
    for (const SendGroup& group : mine.sends)
        if (group.at > now - window && group.count > 0) line('s', owner, group.at, group.count);
    if (mine.claim && *mine.claim > now) line('c', owner, *mine.claim, 0);

    const std::string tmp = path_ + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << text;
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
