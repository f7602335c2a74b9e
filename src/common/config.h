// Runtime configuration: environment variables, then `key = value` lines in
// $REDRIVA_DATA_DIR/redriva.conf for what the environment leaves unset.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace redriva {

struct Config {
    std::string data_dir = "./data";
    int port = 8080;
    int workers = 0;             // 0: number of CPUs
    int max_requests = 0;        // per worker before recycling; 0: never
    int request_timeout_s = 30;  // a worker busy longer on one request is killed
    int slow_request_ms = 1000;  // logged as a warning above this
    int rd_rate = 250;           // requests per minute towards Real-Debrid
    int rd_window_ms = 60'000;   // the rate's window; shorter only to compress time in tests
    // Added to the window against network jitter; -1: a 60th of it, at least 1 s. Set
    // only by a benchmark that compresses the minute and its margin alike.
    int rd_margin_ms = -1;
    std::string rd_api_url = "https://api.real-debrid.com/rest/1.0";
    std::string rd_token;             // RD_TOKEN: the token or a private file's path
    bool rd_token_from_conf = false;  // RD_TOKEN was read from redriva.conf
    int rd_timeout_s = 30;            // one RD request, body included, before it counts as failed
    int sync_interval_s = 900;        // cron runs a smart sync when the last is older
    std::int64_t log_max_bytes = 10 * 1024 * 1024;
    int log_files = 5;
    bool sync_on_request = true;     // start redriva-sync as soon as a job is queued
    bool demo = false;               // REDRIVA_DEMO: the RD being synced is the bundled fake
    bool page_cache = true;          // W7: rendered responses cached per database version
    bool test_routes = false;        // /api/_test/* hooks used by the end-to-end tests only
    std::string bind = "127.0.0.1";  // REDRIVA_BIND: where nginx listens (checked at start)
    bool secure_cookies = false;     // REDRIVA_SECURE_COOKIES: HTTPS ends before nginx
    int session_days = 30;           // a login lasts this long
    // Who may read /metrics besides the loopback: addresses and networks (web/scrapers.h).
    std::string metrics_allow;  // REDRIVA_METRICS_ALLOW
    std::string metrics_token;  // REDRIVA_METRICS_TOKEN: a scraper's bearer token (a secret)
    // REDRIVA_NOTIFY_URL: where redriva-sync posts its notifications (a secret: a
    // webhook's path is its password). Empty here when the data dir's notify-url file
    // holds it (resolve_notify_url reads that).
    std::string notify_url;
    bool notify_url_from_conf = false;   // REDRIVA_NOTIFY_URL was read from redriva.conf
    std::string notify_format = "json";  // REDRIVA_NOTIFY_FORMAT, checked by redriva-sync

    std::string database_path() const { return data_dir + "/redriva.db"; }
    std::string web_log_path() const { return data_dir + "/web.log"; }
    std::string run_dir() const { return data_dir + "/run"; }
    // The requests sent to RD in the last minute, by every process (sync/shared_window.h).
    std::string rd_window_path() const { return run_dir() + "/rate-window"; }
    // The login's argon2id hash (no file: no login) and the key that signs sessions.
    std::string password_path() const { return data_dir + "/password-hash"; }
    std::string session_key_path() const { return data_dir + "/session.key"; }
    // The token file scripts/run writes (0600) when it is given RD_TOKEN: where the
    // syncs redriva-web starts find the token, the web itself never holding it.
    std::string token_file_path() const { return data_dir + "/rd-token"; }
    // The same for the notification URL: the web starts syncs that must notify.
    std::string notify_url_file_path() const { return data_dir + "/notify-url"; }
    std::string conf_path() const { return data_dir + "/redriva.conf"; }
};

// Parses `key = value` lines; '#' starts a comment. Throws std::runtime_error
// naming the line for a line without '='.
std::map<std::string, std::string> parse_conf(const std::string& text);

// Reads the environment and the data dir's redriva.conf. Throws
// std::runtime_error with a readable message for an invalid value.
Config load_config();

}  // namespace redriva
