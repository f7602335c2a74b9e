// A size-bounded LRU map whose whole content belongs to one database
// generation: `revalidate(g)` drops everything when g differs from the
// generation the entries were computed under (W7: valid until the data changes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

namespace redriva::web {

template <typename Value>
class LruCache {
public:
    LruCache(std::size_t max_entries, std::size_t max_bytes)
        : max_entries_(max_entries), max_bytes_(max_bytes) {}

    void revalidate(std::uint64_t generation) {
        if (generation == generation_) return;
        clear();
        generation_ = generation;
    }

    std::shared_ptr<const Value> get(const std::string& key) {
        auto it = index_.find(key);
        if (it == index_.end()) {
            ++misses_;
            return nullptr;
        }
        order_.splice(order_.begin(), order_, it->second);
        ++hits_;
        return it->second->value;
    }

    // `bytes` is the caller's estimate of the entry's size. An entry larger than
    // the whole budget is not kept.
    void put(const std::string& key, std::shared_ptr<const Value> value, std::size_t bytes) {
        erase(key);
        if (bytes > max_bytes_ || max_entries_ == 0) return;
        order_.push_front(Entry{key, std::move(value), bytes});
        index_[key] = order_.begin();
        bytes_ += bytes;
        while (order_.size() > max_entries_ || bytes_ > max_bytes_) erase(order_.back().key);
    }

    void clear() {
        order_.clear();
        index_.clear();
        bytes_ = 0;
    }

    std::size_t size() const { return order_.size(); }
    std::size_t bytes() const { return bytes_; }
    std::uint64_t hits() const { return hits_; }
    std::uint64_t misses() const { return misses_; }

private:
    struct Entry {
        std::string key;
        std::shared_ptr<const Value> value;
        std::size_t bytes;
    };

    void erase(const std::string& key) {
        auto it = index_.find(key);
        if (it == index_.end()) return;
        bytes_ -= it->second->bytes;
        order_.erase(it->second);
        index_.erase(it);
    }

    std::size_t max_entries_, max_bytes_;
    std::size_t bytes_ = 0;
    std::uint64_t generation_ = 0;
    std::uint64_t hits_ = 0, misses_ = 0;
    std::list<Entry> order_;
    std::unordered_map<std::string, typename std::list<Entry>::iterator> index_;
};

}  // namespace redriva::web
