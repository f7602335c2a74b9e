#include <boost/test/unit_test.hpp>

#include <initializer_list>
#include <string>
#include <utility>
#include <variant>

#include "domain/status.h"
#include "web/list_params.h"

using namespace redriva;
using namespace redriva::web;

namespace {

Request request_with(std::initializer_list<std::pair<std::string, std::string>> query) {
    Request r;
    r.method = "GET";
    r.path = "/torrents";
    r.query.assign(query.begin(), query.end());
    return r;
}

ListParams ok(std::initializer_list<std::pair<std::string, std::string>> query) {
    auto result = parse_list_params(request_with(query));
    if (!result) BOOST_FAIL("unexpected failure: " << result.error().message);
    return *result;
}

std::string error(std::initializer_list<std::pair<std::string, std::string>> query) {
    auto result = parse_list_params(request_with(query));
    BOOST_REQUIRE_MESSAGE(!result, "expected a failure");
    return result.error().message;
}

EventParams events_ok(std::initializer_list<std::pair<std::string, std::string>> query) {
    auto result = parse_event_params(request_with(query));
    if (!result) BOOST_FAIL("unexpected failure: " << result.error().message);
    return *result;
}

bool events_refused(std::initializer_list<std::pair<std::string, std::string>> query) {
    return !parse_event_params(request_with(query)).ok();
}

void check_window(const PageWindow& w, std::int64_t total_pages, std::int64_t first_index,
                  std::int64_t count, bool has_prev, bool has_next) {
    BOOST_TEST(w.total_pages == total_pages);
    BOOST_TEST(w.first_index == first_index);
    BOOST_TEST(w.count == count);
    BOOST_TEST(w.has_prev == has_prev);
    BOOST_TEST(w.has_next == has_next);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(list_params)

BOOST_AUTO_TEST_CASE(defaults) {
    ListParams p = ok({});
    BOOST_TEST(p.page == 1);
    BOOST_TEST(p.page_size == 50);
    BOOST_TEST(p.filter.status == "");
    BOOST_TEST(p.filter.query == "");
    BOOST_TEST((p.filter.sort == db::SortKey::kAdded));
    BOOST_TEST(p.filter.descending);
    BOOST_TEST(!p.sort_given);
    BOOST_TEST(!p.order_given);
    // Empty values are the defaults, as an HTML form sends them.
    ListParams empty = ok({{"status", ""}, {"sort", ""}, {"order", ""}, {"q", ""}});
    BOOST_TEST(empty.filter.status == "");
    BOOST_TEST((empty.filter.sort == db::SortKey::kAdded));
    BOOST_TEST(empty.filter.descending);
    BOOST_TEST(!empty.sort_given);
    BOOST_TEST(!empty.order_given);
}

BOOST_AUTO_TEST_CASE(page_bounds) {
    BOOST_TEST(ok({{"page", "1"}}).page == 1);
    BOOST_TEST(ok({{"page", "2"}}).page == 2);
    BOOST_TEST(ok({{"page", "1000000"}}).page == 1'000'000);
    BOOST_TEST(error({{"page", "1000001"}}).find("page") != std::string::npos);
    for (const char* bad :
         {"0", "-1", "abc", "1.5", " 1", "1 ", "+1", "0x10", "", "99999999999999999999999"}) {
        BOOST_TEST_CONTEXT("page=" << bad) {
            BOOST_TEST(error({{"page", bad}}) == "page must be an integer from 1 to 1000000");
        }
    }
    // The first value counts.
    BOOST_TEST(ok({{"page", "3"}, {"page", "zzz"}}).page == 3);
}

BOOST_AUTO_TEST_CASE(page_size_bounds) {
    BOOST_TEST(ok({{"page_size", "1"}}).page_size == 1);
    BOOST_TEST(ok({{"page_size", "500"}}).page_size == 500);
    for (const char* bad : {"0", "501", "-5", "fifty"}) {
        BOOST_TEST_CONTEXT("page_size=" << bad) {
            BOOST_TEST(error({{"page_size", bad}}) == "page_size must be an integer from 1 to 500");
        }
    }
}

BOOST_AUTO_TEST_CASE(status_known_group_and_unknown) {
    for (auto status : kStatuses) {
        BOOST_TEST_CONTEXT("status=" << status) {
            BOOST_TEST(ok({{"status", std::string(status)}}).filter.status == status);
        }
    }
    BOOST_TEST(ok({{"status", "active"}}).filter.status == "active");
    BOOST_TEST(ok({{"status", "errors"}}).filter.status == "errors");
    for (const char* bad :
         {"bogus", "DOWNLOADED", "downloaded ", "active,errors", "error s", "<script>"}) {
        BOOST_TEST_CONTEXT("status=" << bad) {
            BOOST_TEST(error({{"status", bad}}).find("status must be one of") == 0u);
        }
    }
}

BOOST_AUTO_TEST_CASE(query_is_trimmed_and_limited) {
    BOOST_TEST(ok({{"q", "  matrix \t"}}).filter.query == "matrix");
    BOOST_TEST(ok({{"q", "   "}}).filter.query == "");
    BOOST_TEST(ok({{"q", "a  b"}}).filter.query == "a  b");  // inner spaces kept
    const std::string at_limit(kMaxQueryLength, 'x');
    BOOST_TEST(ok({{"q", at_limit}}).filter.query == at_limit);
    BOOST_TEST(error({{"q", at_limit + "x"}}) == "q must be at most 200 bytes");
    // The limit counts bytes, not characters: 67 three-byte characters are 201 bytes.
    std::string euros;
    for (int i = 0; i < 67; ++i) euros += "\xE2\x82\xAC";
    BOOST_TEST(error({{"q", euros}}) == "q must be at most 200 bytes");
    // A query is kept as typed (the search layer makes it safe).
    BOOST_TEST(ok({{"q", "\"a\" OR b*"}}).filter.query == "\"a\" OR b*");
}

BOOST_AUTO_TEST_CASE(sort_names_and_default_orders) {
    struct Case {
        const char* name;
        db::SortKey key;
        bool descending;
    };
    const Case cases[] = {{"added", db::SortKey::kAdded, true},
                          {"name", db::SortKey::kName, false},
                          {"size", db::SortKey::kSize, true},
                          {"status", db::SortKey::kStatus, false},
                          {"progress", db::SortKey::kProgress, true}};
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT("sort=" << c.name) {
            ListParams p = ok({{"sort", c.name}});
            BOOST_TEST((p.filter.sort == c.key));
            BOOST_TEST(p.filter.descending == c.descending);
            BOOST_TEST(p.sort_given);
            BOOST_TEST(!p.order_given);
            BOOST_TEST(std::string(sort_name(c.key)) == c.name);
            BOOST_TEST(default_descending(c.key) == c.descending);

            ListParams asc = ok({{"sort", c.name}, {"order", "asc"}});
            BOOST_TEST(!asc.filter.descending);
            BOOST_TEST(asc.order_given);
            ListParams desc = ok({{"order", "desc"}, {"sort", c.name}});
            BOOST_TEST(desc.filter.descending);
            BOOST_TEST(desc.order_given);
        }
    }
    for (const char* bad : {"Name", "date", "bytes", "added ", "rowid"}) {
        BOOST_TEST_CONTEXT("sort=" << bad) {
            BOOST_TEST(error({{"sort", bad}}) ==
                       "sort must be one of added, name, size, status, progress");
        }
    }
}

BOOST_AUTO_TEST_CASE(order_values) {
    BOOST_TEST(!ok({{"order", "asc"}}).filter.descending);
    BOOST_TEST(ok({{"order", "desc"}}).filter.descending);
    for (const char* bad : {"ASC", "up", "descending", "1"}) {
        BOOST_TEST_CONTEXT("order=" << bad) {
            BOOST_TEST(error({{"order", bad}}) == "order must be asc or desc");
        }
    }
}

BOOST_AUTO_TEST_CASE(page_window_arithmetic) {
    // An empty library: no page, nothing before or after.
    check_window(page_window(0, 1, 50), 0, 0, 0, false, false);
    // One row.
    check_window(page_window(1, 1, 50), 1, 0, 1, false, false);
    // An exact multiple.
    check_window(page_window(100, 1, 50), 2, 0, 50, false, true);
    check_window(page_window(100, 2, 50), 2, 50, 50, true, false);
    // A partial last page.
    check_window(page_window(101, 1, 50), 3, 0, 50, false, true);
    check_window(page_window(101, 2, 50), 3, 50, 50, true, true);
    check_window(page_window(101, 3, 50), 3, 100, 1, true, false);
    // Past the end: empty, with a way back.
    check_window(page_window(101, 4, 50), 3, 150, 0, true, false);
    check_window(page_window(101, 1000, 50), 3, 49950, 0, true, false);
    check_window(page_window(0, 2, 50), 0, 50, 0, true, false);
    // Page size one, and the largest values the parameters allow.
    check_window(page_window(3, 2, 1), 3, 1, 1, true, true);
    check_window(page_window(100'000, kMaxPage, kMaxPageSize), 200, 499'999'500, 0, true, false);
    check_window(page_window(100'000, 200, kMaxPageSize), 200, 99'500, 500, true, false);
}

BOOST_AUTO_TEST_CASE(event_params) {
    EventParams d = events_ok({});
    BOOST_TEST(d.after == 0);
    BOOST_TEST(d.limit == 200);

    EventParams p = events_ok({{"after", "1234"}, {"limit", "10"}});
    BOOST_TEST(p.after == 1234);
    BOOST_TEST(p.limit == 10);

    BOOST_TEST(events_ok({{"after", "0"}}).after == 0);
    BOOST_TEST(events_ok({{"after", "9007199254740992"}}).after == 9007199254740992);
    BOOST_TEST(events_ok({{"limit", "1"}}).limit == 1);
    BOOST_TEST(events_ok({{"limit", "1000"}}).limit == 1000);

    BOOST_TEST(events_refused({{"after", "-1"}}));
    BOOST_TEST(events_refused({{"after", "9007199254740993"}}));
    BOOST_TEST(events_refused({{"after", "x"}}));
    BOOST_TEST(events_refused({{"limit", "0"}}));
    BOOST_TEST(events_refused({{"limit", "1001"}}));
    BOOST_TEST(events_refused({{"limit", "ten"}}));
}

BOOST_AUTO_TEST_CASE(cache_key_tells_filters_apart) {
    ListParams a = ok({{"status", "dead"}, {"q", "x"}});
    ListParams b = ok({{"status", "dead"}, {"q", "x"}, {"page", "4"}});
    BOOST_TEST(a.filter.cache_key() == b.filter.cache_key());  // page is not part of the filter
    BOOST_TEST(a.filter.cache_key() != ok({{"status", "dead"}}).filter.cache_key());
    BOOST_TEST(a.filter.cache_key() != ok({{"q", "x"}}).filter.cache_key());
    BOOST_TEST(ok({{"sort", "name"}}).filter.cache_key() !=
               ok({{"sort", "name"}, {"order", "desc"}}).filter.cache_key());
    BOOST_TEST(ok({{"sort", "name"}}).filter.cache_key() !=
               ok({{"sort", "size"}}).filter.cache_key());
    // A status and a query whose concatenations collide stay apart.
    db::ListFilter f1, f2;
    f1.status = "dead";
    f1.query = "x";
    f2.status = "deadx";
    f2.query = "";
    BOOST_TEST(f1.cache_key() != f2.cache_key());
}

BOOST_AUTO_TEST_SUITE_END()
