#include "web/number_format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

namespace redriva::web {

NumberFormat::NumberFormat() : group_(","), decimal_(".") {
    for (std::size_t i = 0; i < units_.size(); ++i) units_[i] = kSizeUnits[i];
}

NumberFormat::NumberFormat(std::string group_separator, std::string decimal_separator, Units units)
    : group_(std::move(group_separator)),
      decimal_(std::move(decimal_separator)),
      units_(std::move(units)) {}

std::string NumberFormat::count(std::int64_t n) const {
    std::string digits = std::to_string(n);
    if (n < 0) digits.erase(0, 1);  // not -n: INT64_MIN has no positive counterpart
    std::string out = n < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += group_;
        out += digits[i];
    }
    return out;
}

std::string NumberFormat::decimal(double value, int decimals) const {
    if (!std::isfinite(value)) value = 0;
    const double scale = std::pow(10.0, decimals);
    // Rounded here, as Intl does (half away from zero), not by printf (half to even).
    // Clamped below 2^63: far beyond any count or size a page shows.
    const double rounded = std::min(std::round(std::abs(value) * scale), 9e18);
    const bool negative = value < 0 && rounded > 0;
    char digits[48];
    std::snprintf(digits, sizeof digits, "%.0f", rounded);
    std::string text = digits;
    if (decimals > 0) {
        if (text.size() <= static_cast<std::size_t>(decimals))
            text.insert(0, static_cast<std::size_t>(decimals) + 1 - text.size(), '0');
        const std::size_t point = text.size() - static_cast<std::size_t>(decimals);
        return (negative ? "-" : "") + count(std::stoll(text.substr(0, point))) + decimal_ +
               text.substr(point);
    }
    return (negative ? "-" : "") + count(std::stoll(text));
}

std::string NumberFormat::size(std::int64_t bytes) const {
    const SizeParts parts = size_parts(bytes);
    return decimal(parts.value, parts.decimals) + " " +
           units_[static_cast<std::size_t>(parts.unit)];
}

}  // namespace redriva::web
