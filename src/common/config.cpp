#include "common/config.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "common/strings.h"

namespace redriva {

std::map<std::string, std::string> parse_conf(const std::string& text) {
    std::map<std::string, std::string> values;
    std::istringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
        std::string_view trimmed = trim(line);
        if (trimmed.empty()) continue;
        auto eq = trimmed.find('=');
        if (eq == std::string_view::npos)
            throw std::runtime_error("redriva.conf line " + std::to_string(number) +
                                     ": expected 'key = value'");
        values[std::string(trim(trimmed.substr(0, eq)))] =
            std::string(trim(trimmed.substr(eq + 1)));
    }
    return values;
}

namespace {

class Settings {
public:
    explicit Settings(std::map<std::string, std::string> file) : file_(std::move(file)) {}

    const std::string* get(const std::string& key) const {
        if (const char* env = std::getenv(key.c_str()); env && *env) {
            env_value_ = env;
            return &env_value_;
        }
        auto it = file_.find(key);
        return it == file_.end() ? nullptr : &it->second;
    }

    void read(const std::string& key, std::string& out) const {
        if (auto* v = get(key)) out = *v;
    }

    // The value comes from redriva.conf (the environment does not set it).
    bool from_file(const std::string& key) const {
        const char* env = std::getenv(key.c_str());
        return !(env && *env) && file_.contains(key);
    }

    template <typename Int>
    void read(const std::string& key, Int& out, std::int64_t min, std::int64_t max) const {
        auto* v = get(key);
        if (!v) return;
        auto parsed = parse_int(*v);
        if (!parsed || *parsed < min || *parsed > max)
            throw std::runtime_error(key + " must be an integer from " + std::to_string(min) +
                                     " to " + std::to_string(max) + " (got '" + *v + "')");
        out = static_cast<Int>(*parsed);
    }

    void read_bool(const std::string& key, bool& out) const {
        auto* v = get(key);
        if (!v) return;
        if (*v == "1" || *v == "true" || *v == "yes" || *v == "on")
            out = true;
        else if (*v == "0" || *v == "false" || *v == "no" || *v == "off")
            out = false;
        else
            throw std::runtime_error(key + " must be 0/1, true/false, yes/no or on/off");
    }

private:
    std::map<std::string, std::string> file_;
    mutable std::string env_value_;
};

}  // namespace

Config load_config() {
    Config config;
    if (const char* dir = std::getenv("REDRIVA_DATA_DIR"); dir && *dir) config.data_dir = dir;

    std::map<std::string, std::string> file_values;
    if (std::ifstream conf(config.conf_path()); conf) {
        std::stringstream text;
        text << conf.rdbuf();
        file_values = parse_conf(text.str());
    }
    Settings s(std::move(file_values));
    s.read("REDRIVA_PORT", config.port, 1, 65535);
    s.read("REDRIVA_WORKERS", config.workers, 0, 128);
    s.read("REDRIVA_MAX_REQUESTS", config.max_requests, 0, 1'000'000'000);
    s.read("REDRIVA_REQUEST_TIMEOUT", config.request_timeout_s, 1, 3600);
    s.read("REDRIVA_SLOW_REQUEST_MS", config.slow_request_ms, 1, 3'600'000);
    s.read("REDRIVA_RD_RATE", config.rd_rate, 1, 100'000);
    s.read("REDRIVA_RD_WINDOW_MS", config.rd_window_ms, 100, 3'600'000);
    s.read("REDRIVA_RD_MARGIN_MS", config.rd_margin_ms, 0, 60'000);
    s.read("REDRIVA_RD_API_URL", config.rd_api_url);
    s.read("RD_TOKEN", config.rd_token);
    config.rd_token_from_conf = s.from_file("RD_TOKEN");
    // Neither the environment nor the conf names it: the data dir's token file, if any.
    if (config.rd_token.empty() && ::access(config.token_file_path().c_str(), F_OK) == 0)
        config.rd_token = config.token_file_path();
    s.read("REDRIVA_RD_TIMEOUT", config.rd_timeout_s, 1, 600);
    s.read("REDRIVA_SYNC_INTERVAL", config.sync_interval_s, 60, 7 * 86400);
    s.read("REDRIVA_LOG_MAX_BYTES", config.log_max_bytes, 4096, std::int64_t{1} << 40);
    s.read("REDRIVA_LOG_FILES", config.log_files, 1, 100);
    s.read_bool("REDRIVA_PAGE_CACHE", config.page_cache);
    s.read_bool("REDRIVA_DEMO", config.demo);
    s.read_bool("REDRIVA_SYNC_ON_REQUEST", config.sync_on_request);
    s.read_bool("REDRIVA_TEST_ROUTES", config.test_routes);
    s.read("REDRIVA_BIND", config.bind);
    s.read_bool("REDRIVA_SECURE_COOKIES", config.secure_cookies);
    s.read("REDRIVA_SESSION_DAYS", config.session_days, 1, 3650);
    s.read("REDRIVA_METRICS_ALLOW", config.metrics_allow);
    s.read("REDRIVA_METRICS_TOKEN", config.metrics_token);
    s.read("REDRIVA_NOTIFY_URL", config.notify_url);
    config.notify_url_from_conf = s.from_file("REDRIVA_NOTIFY_URL");
    s.read("REDRIVA_NOTIFY_FORMAT", config.notify_format);
    return config;
}

}  // namespace redriva
