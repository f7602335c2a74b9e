#include "web/router.h"

namespace redriva::web {

namespace {

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < path.size()) {
        if (path[i] == '/') {
            ++i;
            continue;
        }
        auto next = path.find('/', i);
        if (next == std::string_view::npos) next = path.size();
        out.emplace_back(path.substr(i, next - i));
        i = next;
    }
    return out;
}

}  // namespace

Router::Router(std::span<const Route> table) {
    for (const Route& route : table)
        patterns_.push_back(Pattern{route.method, split_path(route.pattern), &route});
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
    // "/torrents/" is not "/torrents": trailing slashes and empty segments are 404s
    // rather than aliases, so each page has one URL (and one cache entry).
    if (path.empty() || path.front() != '/' || (path.size() > 1 && path.back() == '/') ||
        path.find("//") != std::string_view::npos)
        return {};
    const auto segments = split_path(path);
    // HEAD is answered like GET (nginx drops the body).
    std::string_view effective = method == "HEAD" ? std::string_view("GET") : method;
    RouteMatch result;
    for (const auto& pattern : patterns_) {
        if (pattern.segments.size() != segments.size()) continue;
        std::string capture;
        bool same = true;
        for (std::size_t i = 0; i < segments.size() && same; ++i) {
            if (pattern.segments[i] == "{}")
                capture = segments[i];
            else
                same = pattern.segments[i] == segments[i];
        }
        if (!same) continue;
        // A literal route wins over a captured one ("/api/sync/status" under GET
        // vs "/api/sync/{}" under POST) for the Allow computation too.
        if (pattern.method == effective) {
            result.kind = RouteMatch::Kind::kFound;
            result.route = pattern.route;
            result.capture = std::move(capture);
            result.allow.clear();
            return result;
        }
        if (result.kind != RouteMatch::Kind::kFound) {
            result.kind = RouteMatch::Kind::kMethodNotAllowed;
            if (result.allow.find(pattern.method) == std::string::npos) {
                if (!result.allow.empty()) result.allow += ", ";
                result.allow += pattern.method == "GET" ? "GET, HEAD" : pattern.method;
            }
        }
    }
    return result;
}

}  // namespace redriva::web
