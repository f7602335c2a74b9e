#include "web/prometheus_text.h"

#include <charconv>
#include <cmath>

namespace redriva::web {

namespace {

// HELP text escapes backslash and line feed; a label value the double quote too.
void append_escaped(std::string& out, std::string_view text, bool quote) {
    for (char c : text) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (c == '"' && quote)
            out += "\\\"";
        else
            out += c;
    }
}

}  // namespace

std::string prometheus_number(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    // Fixed notation where it reads well ("0.00025", as the le labels of client
    // libraries read), the shortest form that reads back the same value.
    char buffer[64];
    const double magnitude = std::fabs(value);
    const bool fixed = magnitude == 0 || (magnitude >= 1e-9 && magnitude < 1e15);
    const auto [end, ec] =
        fixed ? std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed)
              : std::to_chars(buffer, buffer + sizeof buffer, value);
    return ec == std::errc() ? std::string(buffer, end) : std::string("NaN");
}

void PrometheusText::family(std::string_view name, std::string_view type, std::string_view help) {
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    append_escaped(out_, help, false);
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += ' ';
    out_ += type;
    out_ += '\n';
}

void PrometheusText::start_sample(std::string_view name, Labels labels) {
    out_ += name;
    if (labels.size() > 0) {
        out_ += '{';
        bool first = true;
        for (const auto& [label, value] : labels) {
            if (!first) out_ += ',';
            first = false;
            out_ += label;
            out_ += "=\"";
            append_escaped(out_, value, true);
            out_ += '"';
        }
        out_ += '}';
    }
    out_ += ' ';
}

void PrometheusText::sample(std::string_view name, Labels labels, double value) {
    start_sample(name, labels);
    out_ += prometheus_number(value);
    out_ += '\n';
}

void PrometheusText::sample(std::string_view name, Labels labels, std::int64_t value) {
    start_sample(name, labels);
    out_ += std::to_string(value);
    out_ += '\n';
}

void PrometheusText::sample(std::string_view name, Labels labels, std::uint64_t value) {
    start_sample(name, labels);
    out_ += std::to_string(value);
    out_ += '\n';
}

}  // namespace redriva::web
