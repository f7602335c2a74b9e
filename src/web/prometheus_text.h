// Prometheus' text exposition format (version 0.0.4): "# HELP" and "# TYPE" once per
// family, then its samples, label values escaped. Just what /metrics writes.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace redriva::web {

inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

class PrometheusText {
public:
    using Labels = std::initializer_list<std::pair<std::string_view, std::string_view>>;

    // Starts a family: `type` is "counter", "gauge" or "histogram".
    void family(std::string_view name, std::string_view type, std::string_view help);
    // `name` is the family's, or its _bucket/_sum/_count for a histogram.
    void sample(std::string_view name, Labels labels, double value);
    void sample(std::string_view name, Labels labels, std::int64_t value);
    void sample(std::string_view name, Labels labels, std::uint64_t value);
    void sample(std::string_view name, Labels labels, int value) {
        sample(name, labels, static_cast<std::int64_t>(value));
    }

    const std::string& text() const { return out_; }

private:
    void start_sample(std::string_view name, Labels labels);

    std::string out_;
};

// A bound or value as Prometheus writes it: shortest round-trip form, "+Inf".
std::string prometheus_number(double value);

}  // namespace redriva::web
