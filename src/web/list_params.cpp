#include "web/list_params.h"

#include "common/strings.h"
#include "domain/status.h"

namespace redriva::web {

namespace {

struct SortName {
    const char* name;
    db::SortKey key;
};
constexpr SortName kSorts[] = {{"added", db::SortKey::kAdded},
                               {"name", db::SortKey::kName},
                               {"size", db::SortKey::kSize},
                               {"status", db::SortKey::kStatus},
                               {"progress", db::SortKey::kProgress}};

Result<std::int64_t> bounded_int(const Request& request, std::string_view name,
                                 std::int64_t fallback, std::int64_t min, std::int64_t max) {
    auto raw = request.param(name);
    if (!raw) return fallback;
    auto value = parse_int(*raw);
    if (!value || *value < min || *value > max)
        return Failure{std::string(name) + " must be an integer from " + std::to_string(min) +
                       " to " + std::to_string(max)};
    return *value;
}

}  // namespace

const char* sort_name(db::SortKey key) {
    for (const auto& s : kSorts)
        if (s.key == key) return s.name;
    return "added";
}

bool default_descending(db::SortKey key) {
    return key == db::SortKey::kAdded || key == db::SortKey::kSize || key == db::SortKey::kProgress;
}

Result<ListParams> parse_list_params(const Request& request) {
    ListParams p;
    auto page = bounded_int(request, "page", 1, 1, kMaxPage);
    if (!page) return page.error();
    p.page = *page;
    auto size = bounded_int(request, "page_size", 50, 1, kMaxPageSize);
    if (!size) return size.error();
    p.page_size = *size;

    if (auto status = request.param("status"); status && !status->empty()) {
        if (!is_known_status(*status) && !status_group(*status))
            return Failure{
                "status must be one of the Real-Debrid statuses "
                "(downloaded, downloading, dead, error…) or active/errors"};
        p.filter.status = std::string(*status);
    }
    if (auto q = request.param("q")) {
        if (q->size() > kMaxQueryLength)
            return Failure{"q must be at most " + std::to_string(kMaxQueryLength) + " bytes"};
        p.filter.query = std::string(trim(*q));
    }
    if (auto sort = request.param("sort"); sort && !sort->empty()) {
        bool found = false;
        for (const auto& s : kSorts)
            if (*sort == s.name) p.filter.sort = s.key, found = true;
        if (!found) return Failure{"sort must be one of added, name, size, status, progress"};
        p.sort_given = true;
    }
    p.filter.descending = default_descending(p.filter.sort);
    if (auto order = request.param("order"); order && !order->empty()) {
        if (*order == "asc")
            p.filter.descending = false;
        else if (*order == "desc")
            p.filter.descending = true;
        else
            return Failure{"order must be asc or desc"};
        p.order_given = true;
    }
    return p;
}

PageWindow page_window(std::int64_t total, std::int64_t page, std::int64_t page_size) {
    PageWindow w;
    w.total_pages = (total + page_size - 1) / page_size;
    w.first_index = (page - 1) * page_size;
    w.count = w.first_index >= total ? 0 : std::min(page_size, total - w.first_index);
    w.has_prev = page > 1;
    w.has_next = page < w.total_pages;
    return w;
}

Result<EventParams> parse_event_params(const Request& request) {
    EventParams p;
    auto after = bounded_int(request, "after", 0, 0, std::int64_t{1} << 53);
    if (!after) return after.error();
    p.after = *after;
    auto limit = bounded_int(request, "limit", 200, 1, 1000);
    if (!limit) return limit.error();
    p.limit = static_cast<int>(*limit);
    return p;
}

}  // namespace redriva::web
