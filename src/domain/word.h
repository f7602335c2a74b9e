// A word of the domain and the value it names: the tables of job states and sync
// modes are arrays of these, and these two lookups serve them all.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace redriva {

template <typename Value>
struct Word {
    Value value;
    std::string_view name;
};

// The name of `value` in `table`; every value of the enum has one (a test checks it).
template <typename Value, std::size_t N>
constexpr std::string_view name_of(const std::array<Word<Value>, N>& table, Value value) {
    for (const auto& word : table)
        if (word.value == value) return word.name;
    return {};
}

// The value `name` stands for in `table`; nullopt for a word that is not in it.
template <typename Value, std::size_t N>
constexpr std::optional<Value> value_named(const std::array<Word<Value>, N>& table,
                                           std::string_view name) {
    for (const auto& word : table)
        if (word.name == name) return word.value;
    return std::nullopt;
}

}  // namespace redriva
