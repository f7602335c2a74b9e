#include "fakerd/fake_library.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

#include "common/clock.h"
#include "common/strings.h"
#include "domain/status.h"

namespace redriva::fakerd {

namespace {

bool is_hex40(std::string_view s) {
    return s.size() == 40 && std::all_of(s.begin(), s.end(), is_ascii_hex);
}

std::vector<std::string_view> split_commas(std::string_view s) {
    std::vector<std::string_view> parts;
    while (!s.empty()) {
        auto comma = s.find(',');
        parts.push_back(trim(s.substr(0, comma)));
        if (comma == std::string_view::npos) break;
        s.remove_prefix(comma + 1);
    }
    return parts;
}

}  // namespace

FakeLibrary::FakeLibrary(std::uint64_t seed, std::int64_t now_unix, std::size_t size)
    : generator_(seed, now_unix, size), now_(now_unix), last_added_(now_unix) {
    torrents_.reserve(size);
    for (std::size_t i = 0; i < size; ++i) torrents_.push_back(generator_.next());
    // ISO-8601 UTC strings of one format sort like the times they name.
    std::stable_sort(
        torrents_.begin(), torrents_.end(),
        [](const TorrentInfo& a, const TorrentInfo& b) { return a.entry.added > b.entry.added; });
    for (const TorrentInfo& t : torrents_) {
        auto added = parse_iso8601_utc(t.entry.added);
        if (added && *added > last_added_) last_added_ = *added;
    }
    reindex_locked();
}

void FakeLibrary::reindex_locked() {
    index_.clear();
    index_.reserve(torrents_.size());
    for (std::size_t i = 0; i < torrents_.size(); ++i) index_[torrents_[i].entry.id] = i;
}

TorrentInfo* FakeLibrary::find_locked(const std::string& id) {
    auto it = index_.find(id);
    return it == index_.end() ? nullptr : &torrents_[it->second];
}

std::string FakeLibrary::next_added_locked() {
    return iso8601_utc(++last_added_);
}

std::string FakeLibrary::make_link_locked() {
    char buf[64];
    std::snprintf(buf, sizeof buf, "https://real-debrid.com/d/FAKE%09llu",
                  static_cast<unsigned long long>(++link_counter_ % 1000000000ULL));
    return buf;
}

std::size_t FakeLibrary::size() const {
    std::lock_guard lock(mutex_);
    return torrents_.size();
}

LibraryPage FakeLibrary::list(std::size_t offset, std::size_t limit, bool active_only) const {
    std::lock_guard lock(mutex_);
    settle_locked();
    LibraryPage page;
    if (!active_only) {
        page.total = torrents_.size();
        for (std::size_t i = offset; i < torrents_.size() && page.items.size() < limit; ++i)
            page.items.push_back(torrents_[i].entry);
        return page;
    }
    for (const TorrentInfo& t : torrents_) {
        if (!is_in_progress(t.entry.status)) continue;
        if (page.total >= offset && page.items.size() < limit) page.items.push_back(t.entry);
        ++page.total;
    }
    return page;
}

std::optional<TorrentInfo> FakeLibrary::info(const std::string& id) const {
    std::lock_guard lock(mutex_);
    settle_locked();
    auto it = index_.find(id);
    if (it == index_.end()) return std::nullopt;
    return torrents_[it->second];
}

std::optional<TorrentInfo> FakeLibrary::find_by_link(std::string_view link) const {
    std::lock_guard lock(mutex_);
    for (const TorrentInfo& t : torrents_)
        if (std::find(t.entry.links.begin(), t.entry.links.end(), link) != t.entry.links.end())
            return t;
    return std::nullopt;
}

std::vector<std::string> FakeLibrary::add(std::size_t n) {
    std::lock_guard lock(mutex_);
    std::vector<TorrentInfo> fresh;
    fresh.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        TorrentInfo t = generator_.next();
        t.entry.added = next_added_locked();
        if (t.entry.ended) t.entry.ended = t.entry.added;
        fresh.push_back(std::move(t));
    }
    std::vector<std::string> ids;
    ids.reserve(n);
    for (const TorrentInfo& t : fresh) ids.push_back(t.entry.id);
    // The last generated is the newest: it goes first.
    torrents_.insert(torrents_.begin(), std::make_move_iterator(fresh.rbegin()),
                     std::make_move_iterator(fresh.rend()));
    reindex_locked();
    return ids;
}

std::optional<std::string> FakeLibrary::add_copy(std::string_view hash) {
    std::lock_guard lock(mutex_);
    const auto held = std::find_if(torrents_.begin(), torrents_.end(),
                                   [&](const TorrentInfo& t) { return t.entry.hash == hash; });
    if (held == torrents_.end()) return std::nullopt;
    TorrentInfo copy = *held;
    copy.entry.id = generator_.next().entry.id;
    copy.entry.added = next_added_locked();
    if (copy.entry.ended) copy.entry.ended = copy.entry.added;
    const std::string id = copy.entry.id;
    torrents_.insert(torrents_.begin(), std::move(copy));
    reindex_locked();
    return id;
}

void FakeLibrary::settle_locked() const {
    if (converting_.empty()) return;
    const std::int64_t now = monotonic_ms();
    for (auto it = converting_.begin(); it != converting_.end();) {
        if (it->second > now) {
            ++it;
            continue;
        }
        if (auto found = index_.find(it->first); found != index_.end()) {
            TorrentListEntry& e = torrents_[found->second].entry;
            if (e.status == status("magnet_conversion")) {
                e.status = status("waiting_files_selection");
                e.seeders.reset();
            }
        }
        it = converting_.erase(it);
    }
}

// RD's activeCount: the torrents that hold a download slot.
std::size_t FakeLibrary::slots_used_locked() const {
    return static_cast<std::size_t>(
        std::count_if(torrents_.begin(), torrents_.end(), [](const TorrentInfo& t) {
            const std::string& s = t.entry.status;
            return s == status("downloading") || s == status("queued") ||
                   s == status("compressing") || s == status("uploading") ||
                   s == status("magnet_conversion");
        }));
}

std::size_t FakeLibrary::slots_used() const {
    std::lock_guard lock(mutex_);
    settle_locked();
    return slots_used_locked();
}

bool FakeLibrary::cached_locked(const std::string& hash) const {
    const bool listed =
        std::find(rules_.uncached.begin(), rules_.uncached.end(), hash) != rules_.uncached.end();
    return rules_.cache_all != listed;
}

void FakeLibrary::set_rules(ActionRules rules) {
    std::lock_guard lock(mutex_);
    for (auto& h : rules.uncached)
        std::transform(h.begin(), h.end(), h.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    rules_ = std::move(rules);
}

ActionRules FakeLibrary::rules() const {
    std::lock_guard lock(mutex_);
    return rules_;
}

AddMagnetResult FakeLibrary::add_magnet(std::string_view raw_hash) {
    std::lock_guard lock(mutex_);
    settle_locked();
    std::string hash(raw_hash);
    std::transform(hash.begin(), hash.end(), hash.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (rules_.slot_limit && slots_used_locked() >= *rules_.slot_limit)
        return {AddMagnetResult::Kind::kSlotsFull, {}};
    // The same hash is the same torrent: its name and files, under a new id.
    TorrentInfo t;
    const TorrentInfo* known = nullptr;
    for (const TorrentInfo& held : torrents_)
        if (held.entry.hash == hash) known = &held;
    if (!known)
        if (auto it = removed_.find(hash); it != removed_.end()) known = &it->second;
    if (known) {
        t = *known;
        t.entry.id = generator_.next().entry.id;
        t.entry.filename = t.original_filename.empty() ? t.entry.filename : t.original_filename;
    } else {
        t = generator_.next();
        while (t.files.empty()) t = generator_.next();  // a magnet that resolved to files
    }
    TorrentListEntry& e = t.entry;
    if (is_hex40(hash)) e.hash = hash;
    for (const auto& word : rules_.infringing)
        if (!word.empty() && e.filename.find(word) != std::string::npos)
            return {AddMagnetResult::Kind::kInfringing, {}};
    const bool converting = rules_.conversion_ms > 0;
    e.status = converting ? status("magnet_conversion") : status("waiting_files_selection");
    e.progress = 0;
    e.bytes = 0;
    e.links.clear();
    e.ended.reset();
    e.speed.reset();
    e.seeders.reset();
    if (converting) e.seeders = 10;
    e.added = next_added_locked();
    for (TorrentFile& f : t.files) f.selected = false;
    t.error.clear();
    std::string id = e.id;
    if (converting) converting_[id] = monotonic_ms() + rules_.conversion_ms;
    torrents_.insert(torrents_.begin(), std::move(t));
    reindex_locked();
    return {AddMagnetResult::Kind::kAdded, id};
}

SelectFilesResult FakeLibrary::select_files(const std::string& id, std::string_view files) {
    std::lock_guard lock(mutex_);
    settle_locked();
    TorrentInfo* t = find_locked(id);
    if (!t) return SelectFilesResult::kNotFound;
    if (t->entry.status != status("waiting_files_selection"))
        return SelectFilesResult::kAlreadyDone;
    std::set<std::int64_t> chosen;
    if (trim(files) == "all") {
        for (const TorrentFile& f : t->files) chosen.insert(f.id);
    } else {
        for (std::string_view part : split_commas(files)) {
            auto n = parse_int(part);
            bool known = n && std::any_of(t->files.begin(), t->files.end(),
                                          [&](const TorrentFile& f) { return f.id == *n; });
            if (!known) return SelectFilesResult::kBadFiles;
            chosen.insert(*n);
        }
    }
    if (chosen.empty()) return SelectFilesResult::kBadFiles;
    TorrentListEntry& e = t->entry;
    const bool cached = cached_locked(e.hash);
    // A download needs a slot; a cached torrent is only copied into the account.
    if (!cached && rules_.slot_limit && slots_used_locked() >= *rules_.slot_limit)
        return SelectFilesResult::kSlotsFull;
    e.bytes = 0;
    e.links.clear();
    for (TorrentFile& f : t->files) {
        f.selected = chosen.count(f.id) > 0;
        if (!f.selected) continue;
        e.bytes += f.bytes;
        if (cached) e.links.push_back(make_link_locked());
    }
    if (cached) {
        e.status = status("downloaded");
        e.progress = 100;
        e.ended = next_added_locked();
    } else {
        e.status = status("downloading");
        e.progress = 0;
        e.speed = 1 << 20;
        e.seeders = 3;
    }
    return SelectFilesResult::kSelected;
}

bool FakeLibrary::remove(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto it = index_.find(id);
    if (it == index_.end()) return false;
    TorrentInfo& gone = torrents_[it->second];
    removed_[gone.entry.hash] = gone;
    converting_.erase(id);
    torrents_.erase(torrents_.begin() + static_cast<std::ptrdiff_t>(it->second));
    reindex_locked();
    return true;
}

bool FakeLibrary::change(const std::string& id, const TorrentChange& change) {
    std::lock_guard lock(mutex_);
    TorrentInfo* t = find_locked(id);
    if (!t) return false;
    if (change.status && !is_known_status(*change.status)) return false;
    TorrentListEntry& e = t->entry;
    if (change.status && *change.status != e.status) {
        const std::string& s = *change.status;
        e.status = s;
        // Keep the optional fields to the states that have them, as RD does.
        const Phase phase = phase_of(s).value();
        if (phase == Phase::kDone) {
            e.progress = 100;
            e.ended = next_added_locked();
            if (e.links.empty())
                for (const TorrentFile& f : t->files)
                    if (f.selected) e.links.push_back(make_link_locked());
        } else {
            e.ended.reset();
        }
        const bool moving = phase == Phase::kTransferring;
        if (moving && !e.speed) e.speed = 1 << 20;
        if (!moving) e.speed.reset();
        const bool seeding = s == status("downloading") || s == status("magnet_conversion");
        if (seeding && !e.seeders) e.seeders = 10;
        if (!seeding) e.seeders.reset();
    }
    if (change.progress) e.progress = std::clamp(*change.progress, 0.0, 100.0);
    if (change.links) e.links = *change.links;
    return true;
}

}  // namespace redriva::fakerd
