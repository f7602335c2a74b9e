// Validation of the parameters of the torrent list, search and events routes.
// Every rule gives a message the user can act on (shown as a 400).
#pragma once

#include <cstdint>
#include <string>

#include "common/result.h"
#include "db/library_queries.h"
#include "web/server_types.h"

namespace redriva::web {

struct ListParams {
    db::ListFilter filter;
    std::int64_t page = 1;
    std::int64_t page_size = 50;
    bool sort_given = false;  // sort/order present in the URL (kept in links)
    bool order_given = false;
};

inline constexpr std::int64_t kMaxPage = 1'000'000;
inline constexpr std::int64_t kMaxPageSize = 500;
inline constexpr std::size_t kMaxQueryLength = 200;

// A failure says which parameter is wrong and what it accepts (the 400's text).
Result<ListParams> parse_list_params(const Request& request);

// The name used in URLs for a sort key ("added", "name"…), and its default order.
const char* sort_name(db::SortKey key);
bool default_descending(db::SortKey key);

struct PageWindow {
    std::int64_t total_pages = 0;
    std::int64_t first_index = 0;  // index of the page's first row in the ordered list
    std::int64_t count = 0;        // rows on this page
    bool has_prev = false, has_next = false;
};

// Pagination arithmetic. A page past the end is empty (has_prev true) rather
// than an error, so a list that shrank under a user's feet still answers.
PageWindow page_window(std::int64_t total, std::int64_t page, std::int64_t page_size);

// Validates ?after= and ?limit= of /api/sync/events.
struct EventParams {
    std::int64_t after = 0;
    int limit = 200;
};
Result<EventParams> parse_event_params(const Request& request);

}  // namespace redriva::web
