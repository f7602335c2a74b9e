#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

#include "web/lru_cache.h"

using redriva::web::LruCache;

namespace {

std::shared_ptr<const int> v(int x) {
    return std::make_shared<const int>(x);
}

int value_of(LruCache<int>& cache, const std::string& key) {
    auto p = cache.get(key);
    return p ? *p : -1;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lru_cache)

BOOST_AUTO_TEST_CASE(get_returns_what_put_stored) {
    LruCache<int> cache(4, 1000);
    BOOST_TEST(!cache.get("a"));
    cache.put("a", v(1), 10);
    cache.put("b", v(2), 20);
    BOOST_TEST(value_of(cache, "a") == 1);
    BOOST_TEST(value_of(cache, "b") == 2);
    BOOST_TEST(cache.size() == 2u);
    BOOST_TEST(cache.bytes() == 30u);
}

BOOST_AUTO_TEST_CASE(put_replaces_a_key_and_its_bytes) {
    LruCache<int> cache(4, 1000);
    cache.put("a", v(1), 100);
    cache.put("a", v(2), 40);
    BOOST_TEST(value_of(cache, "a") == 2);
    BOOST_TEST(cache.size() == 1u);
    BOOST_TEST(cache.bytes() == 40u);
}

BOOST_AUTO_TEST_CASE(evicts_the_least_recently_used_by_entries) {
    LruCache<int> cache(3, 1000);
    cache.put("a", v(1), 1);
    cache.put("b", v(2), 1);
    cache.put("c", v(3), 1);
    BOOST_TEST(value_of(cache, "a") == 1);  // a is now the most recent; b the least
    cache.put("d", v(4), 1);
    BOOST_TEST(cache.size() == 3u);
    BOOST_TEST(value_of(cache, "b") == -1);
    BOOST_TEST(value_of(cache, "a") == 1);
    BOOST_TEST(value_of(cache, "c") == 3);
    BOOST_TEST(value_of(cache, "d") == 4);
    // Re-putting a key makes it the most recent too (use order now: d, c, a -> c, d, a).
    cache.put("c", v(30), 1);
    cache.put("e", v(5), 1);  // evicts a (used before d and c)
    BOOST_TEST(value_of(cache, "a") == -1);
    BOOST_TEST(value_of(cache, "c") == 30);
    BOOST_TEST(value_of(cache, "d") == 4);
    BOOST_TEST(value_of(cache, "e") == 5);
}

BOOST_AUTO_TEST_CASE(evicts_by_bytes) {
    LruCache<int> cache(100, 100);
    cache.put("a", v(1), 40);
    cache.put("b", v(2), 40);
    BOOST_TEST(cache.bytes() == 80u);
    cache.put("c", v(3), 40);  // 120 > 100: a goes
    BOOST_TEST(cache.bytes() == 80u);
    BOOST_TEST(cache.size() == 2u);
    BOOST_TEST(!cache.get("a"));
    cache.put("big", v(4), 100);  // exactly the budget: everything else goes
    BOOST_TEST(cache.size() == 1u);
    BOOST_TEST(cache.bytes() == 100u);
    BOOST_TEST(value_of(cache, "big") == 4);
    // Several small ones evict the big one once they do not fit beside it.
    cache.put("s1", v(5), 1);
    BOOST_TEST(!cache.get("big"));
    BOOST_TEST(cache.bytes() == 1u);
}

BOOST_AUTO_TEST_CASE(an_oversized_entry_is_not_kept) {
    LruCache<int> cache(10, 100);
    cache.put("a", v(1), 30);
    cache.put("huge", v(2), 101);
    BOOST_TEST(!cache.get("huge"));
    BOOST_TEST(cache.size() == 1u);
    BOOST_TEST(cache.bytes() == 30u);
    BOOST_TEST(value_of(cache, "a") == 1);  // and it evicted nothing
    // Replacing a key with an oversized value drops the old value rather than keeping it.
    cache.put("a", v(3), 500);
    BOOST_TEST(!cache.get("a"));
    BOOST_TEST(cache.size() == 0u);
    BOOST_TEST(cache.bytes() == 0u);
}

BOOST_AUTO_TEST_CASE(zero_entries_keeps_nothing) {
    LruCache<int> cache(0, 100);
    cache.put("a", v(1), 1);
    BOOST_TEST(cache.size() == 0u);
    BOOST_TEST(!cache.get("a"));
}

BOOST_AUTO_TEST_CASE(revalidate_clears_on_a_new_generation_only) {
    LruCache<int> cache(10, 1000);
    cache.revalidate(1);
    cache.put("a", v(1), 10);
    cache.revalidate(1);
    BOOST_TEST(value_of(cache, "a") == 1);  // same generation: kept
    cache.revalidate(2);
    BOOST_TEST(cache.size() == 0u);
    BOOST_TEST(cache.bytes() == 0u);
    BOOST_TEST(!cache.get("a"));
    cache.put("b", v(2), 10);
    cache.revalidate(2);
    BOOST_TEST(value_of(cache, "b") == 2);
    // Any different generation clears, even an older one.
    cache.revalidate(1);
    BOOST_TEST(!cache.get("b"));
}

BOOST_AUTO_TEST_CASE(a_value_handed_out_survives_eviction) {
    LruCache<int> cache(1, 1000);
    cache.put("a", v(7), 1);
    auto held = cache.get("a");
    cache.put("b", v(8), 1);
    BOOST_TEST(!cache.get("a"));
    BOOST_REQUIRE(held);
    BOOST_TEST(*held == 7);
}

BOOST_AUTO_TEST_CASE(hits_and_misses_are_counted) {
    LruCache<int> cache(10, 1000);
    BOOST_TEST(cache.hits() == 0u);
    BOOST_TEST(cache.misses() == 0u);
    cache.get("a");
    cache.put("a", v(1), 1);
    cache.get("a");
    cache.get("a");
    cache.get("b");
    BOOST_TEST(cache.hits() == 2u);
    BOOST_TEST(cache.misses() == 2u);
    cache.revalidate(5);  // clearing the entries keeps the counters
    cache.get("a");
    BOOST_TEST(cache.hits() == 2u);
    BOOST_TEST(cache.misses() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()
