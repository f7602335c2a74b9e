// The statuses Real-Debrid reports, defined once. Everything else derives from the
// table below: the groups the API filters and counts by, the badge a page draws, the
// SQL's IN lists (bound from these names), the fake server's state machine, the demo
// generator and the browser scripts (which receive it as data, see vocabulary_json.h).
#pragma once

#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <string_view>

namespace redriva {

// Where a torrent stands. Also the name of its badge's colour on the pages: a word of
// its own, so that "active" and "errors" keep their one API meaning (the groups below).
enum class Phase { kWaiting, kTransferring, kDone, kFailed };

struct StatusWord {
    std::string_view name;
    Phase phase;
};

inline constexpr std::array<StatusWord, 11> kStatusTable = {{
    {"magnet_error", Phase::kFailed},
    {"magnet_conversion", Phase::kWaiting},
    {"waiting_files_selection", Phase::kWaiting},
    {"queued", Phase::kWaiting},
    {"downloading", Phase::kTransferring},
    {"downloaded", Phase::kDone},
    {"error", Phase::kFailed},
    {"virus", Phase::kFailed},
    {"compressing", Phase::kTransferring},
    {"uploading", Phase::kTransferring},
    {"dead", Phase::kFailed},
}};

constexpr std::string_view phase_name(Phase phase) {
    switch (phase) {
        case Phase::kWaiting: return "waiting";
        case Phase::kTransferring: return "transferring";
        case Phase::kDone: return "done";
        case Phase::kFailed: return "failed";
    }
    return "waiting";
}

// The API's groups: `active` is every status still in progress (waiting or
// transferring), `errors` every failed one. `?status=` accepts them beside the
// statuses, and the dashboard counts them.
enum class StatusGroup { kActive, kErrors };

constexpr bool in_group(Phase phase, StatusGroup group) {
    return group == StatusGroup::kActive ? phase == Phase::kWaiting || phase == Phase::kTransferring
                                         : phase == Phase::kFailed;
}

namespace detail {

template <StatusGroup group>
constexpr auto statuses_in() {
    constexpr auto size = static_cast<std::size_t>(
        std::count_if(kStatusTable.begin(), kStatusTable.end(),
                      [](const StatusWord& s) { return in_group(s.phase, group); }));
    std::array<std::string_view, size> names{};
    std::size_t i = 0;
    for (const auto& s : kStatusTable)
        if (in_group(s.phase, group)) names[i++] = s.name;
    return names;
}

constexpr auto all_statuses() {
    std::array<std::string_view, kStatusTable.size()> names{};
    for (std::size_t i = 0; i < kStatusTable.size(); ++i) names[i] = kStatusTable[i].name;
    return names;
}

}  // namespace detail

inline constexpr auto kStatuses = detail::all_statuses();
inline constexpr auto kActiveStatuses = detail::statuses_in<StatusGroup::kActive>();
inline constexpr auto kErrorStatuses = detail::statuses_in<StatusGroup::kErrors>();

struct StatusGroupWord {
    std::string_view name;
    StatusGroup group;
    std::span<const std::string_view> statuses;
};
inline constexpr std::array<StatusGroupWord, 2> kStatusGroups = {{
    {"active", StatusGroup::kActive, kActiveStatuses},
    {"errors", StatusGroup::kErrors, kErrorStatuses},
}};

// The phase of a status; nullopt for a word that is not one of RD's statuses.
constexpr std::optional<Phase> phase_of(std::string_view name) {
    for (const auto& s : kStatusTable)
        if (s.name == name) return s.phase;
    return std::nullopt;
}

constexpr bool is_known_status(std::string_view name) {
    return phase_of(name).has_value();
}

// The statuses of a group named as the API names it; nullopt for any other word.
constexpr std::optional<std::span<const std::string_view>> status_group(std::string_view name) {
    for (const auto& g : kStatusGroups)
        if (g.name == name) return g.statuses;
    return std::nullopt;
}

constexpr bool is_in_progress(std::string_view status) {
    const auto phase = phase_of(status);
    return phase && in_group(*phase, StatusGroup::kActive);
}

constexpr bool is_failed(std::string_view status) {
    return phase_of(status) == Phase::kFailed;
}

// A status spelled in code, checked by the compiler: `status("dead")` compiles,
// `status("daed")` does not.
consteval std::string_view status(std::string_view name) {
    if (!is_known_status(name)) throw "not one of Real-Debrid's statuses";
    return name;
}

}  // namespace redriva
