// Redriva's one convention for failures:
// - an expected failure (bad input, a refused token, a malformed answer from Real-
//   Debrid, a request the parser refuses) is a value: a Result holding either what
//   was asked for or why not;
// - a fault (a bug, the disk, a database that cannot be opened) is an exception,
//   caught where the process can still answer (the worker's 500, the sync's exit 1).
#pragma once

#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace redriva {

// Why something expected did not happen, in words for the user or the log.
struct Failure {
    std::string message;
};

template <typename T, typename E = Failure>
class [[nodiscard]] Result {
    static_assert(!std::is_same_v<T, E>, "a value and a failure of one type cannot be told apart");

public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    Result(E failure) : state_(std::in_place_index<1>, std::move(failure)) {}

    bool ok() const { return state_.index() == 0; }
    bool has_value() const { return ok(); }  // as std::optional and std::expected say it
    explicit operator bool() const { return ok(); }

    // The value: only when ok() (std::bad_variant_access otherwise: a bug).
    T& value() & { return std::get<0>(state_); }
    const T& value() const& { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    // The failure: only when !ok().
    const E& error() const { return std::get<1>(state_); }

private:
    std::variant<T, E> state_;
};

}  // namespace redriva
