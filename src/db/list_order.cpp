#include "db/list_order.h"

#include <algorithm>
#include <unordered_set>

namespace redriva::db {

namespace {

// Past this many changed rows, reading the whole order again is cheaper than
// k binary searches of a row lookup each (measured: see docs/architecture.md).
std::size_t max_changes_to_merge(std::size_t list_size) {
    return 256 + list_size / 64;
}

}  // namespace

std::shared_ptr<const OrderedRows> current_order(LibraryQueries& queries, const ListFilter& filter,
                                                 std::shared_ptr<const OrderedRows> previous,
                                                 OrderSource* source) {
    const auto said = [source](OrderSource how) {
        if (source) *source = how;
    };
    const std::int64_t version = queries.list_version();
    if (previous && previous->version == version) {
        said(OrderSource::kUnchanged);
        return previous;
    }
    auto fresh = std::make_shared<OrderedRows>();
    OrderedRows& now = *fresh;
    now.version = version;
    const auto changed = previous
                             ? queries.rows_changed_since(
                                   previous->version, max_changes_to_merge(previous->ids.size()))
                             : std::nullopt;
    if (!changed) {
        said(OrderSource::kComputed);
        now.ids = queries.ordered_rowids(filter);
        return fresh;
    }
    said(OrderSource::kUpdated);
    // The rows that did not change keep their order; the changed ones that the
    // filter selects now come back in order, each where its sort value puts it.
    const std::unordered_set<std::int64_t> gone(changed->begin(), changed->end());
    std::vector<std::int64_t> kept;
    kept.reserve(previous->ids.size());
    for (std::int64_t id : previous->ids)
        if (!gone.contains(id)) kept.push_back(id);
    const std::vector<std::int64_t> returning = queries.ordered_rowids(filter, previous->version);

    now.ids.reserve(kept.size() + returning.size());
    auto from = kept.begin();
    for (std::int64_t row : returning) {
        const auto value = queries.sort_value(filter.sort, row);
        if (!value) continue;  // cannot happen in one snapshot; nothing to place
        // The first kept row that comes after this one (kept rows are in order).
        const auto place = std::partition_point(from, kept.end(), [&](std::int64_t other) {
            const auto other_value = queries.sort_value(filter.sort, other);
            return other_value &&
                   compare_in_order(*other_value, *value, filter.sort, filter.descending) < 0;
        });
        now.ids.insert(now.ids.end(), from, place);
        now.ids.push_back(row);
        from = place;
    }
    now.ids.insert(now.ids.end(), from, kept.end());
    return fresh;
}

}  // namespace redriva::db
