// A list's ordered rowids, brought up to date with the change log rather than
// recomputed: after a commit that changed k rows, a list of n costs a pass over n
// ids and about k log n row lookups, instead of reading and ordering all n again.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "db/library_queries.h"

namespace redriva::db {

struct OrderedRows {
    std::int64_t version = 0;  // the list version the ids are the order of
    std::vector<std::int64_t> ids;
    // The sort values of some rows (about one in kFenceSpacing), by index in `ids`,
    // in order: a changed row's place is first narrowed to the gap between two of
    // them in memory, and only that gap is searched with row lookups.
    std::vector<LibraryQueries::SampledValue> fences;
    // How long computing the list afresh took, last time: merging more changes than
    // that time allows is not worth it.
    std::int64_t compute_us = 0;

    static constexpr std::size_t kFenceSpacing = 32;
    // What the entry holds in memory, for the cache's budget.
    std::size_t bytes() const;
};

// How an order came to be (for tests and the benchmark).
enum class OrderSource { kUnchanged, kUpdated, kComputed };

// The filter's rows in order at the current list version, read in the caller's
// snapshot: `previous` (computed for the same filter) with the rows changed since
// merged in, or computed afresh when there is no previous, the log no longer reaches
// back to it, or so many rows changed that computing afresh is cheaper (estimated
// from the time the last fresh computation of this list took).
std::shared_ptr<const OrderedRows> current_order(LibraryQueries& queries, const ListFilter& filter,
                                                 std::shared_ptr<const OrderedRows> previous,
                                                 OrderSource* source = nullptr);

}  // namespace redriva::db
