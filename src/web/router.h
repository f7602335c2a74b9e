// Maps (method, path) to a line of the route table. Patterns are literal
// segments and "{}" for one captured segment, e.g. "/torrents/{}". A path that
// matches a pattern under another method gives kMethodNotAllowed with the
// methods to put in Allow.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "web/routes.h"

namespace redriva::web {

struct RouteMatch {
    enum class Kind { kFound, kNotFound, kMethodNotAllowed };
    Kind kind = Kind::kNotFound;
    const Route* route = nullptr;
    std::string capture;  // the "{}" segment, if the pattern has one
    std::string allow;    // for kMethodNotAllowed: "GET, HEAD"
};

class Router {
public:
    explicit Router(std::span<const Route> table);

    RouteMatch match(std::string_view method, std::string_view path) const;

private:
    struct Pattern {
        std::string method;
        std::vector<std::string> segments;
        const Route* route;
    };
    std::vector<Pattern> patterns_;
};

}  // namespace redriva::web
