// How a language writes numbers on the pages: the group and decimal separators and
// the names of the size units, read from its catalogue (the "fmt." entries and the
// "js.unit." names the scripts share). The digits come out as the browser's
// Intl.NumberFormat(lang) writes them — "2,506" in English, "2 506" (U+202F) in
// French — so a number the server printed and one a script printed look the same.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "common/strings.h"

namespace redriva::web {

class NumberFormat {
public:
    using Units = std::array<std::string, kSizeUnitCount>;

    // English's: ",", "." and B, KiB… EiB.
    NumberFormat();
    NumberFormat(std::string group_separator, std::string decimal_separator, Units units);

    // "12,345" / "12 345"; negatives with a hyphen-minus, as Intl writes them.
    std::string count(std::int64_t n) const;
    // `value` with exactly `decimals` digits after the separator, rounded half away
    // from zero: "98.5" / "98,5".
    std::string decimal(double value, int decimals) const;
    // A size, rounded as common/strings.h's size_parts: "22.5 TiB" / "22,5 Tio".
    std::string size(std::int64_t bytes) const;

private:
    std::string group_, decimal_;
    Units units_;
};

}  // namespace redriva::web
