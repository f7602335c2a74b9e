// libFuzzer target: the router. Any method and path gives an answer (found, not
// found, or a method not allowed with its Allow list), and a found route's
// capture is one segment: no '/', and never "." or "..".
#include <cstdint>
#include <string>
#include <string_view>

#include "require.h"
#include "web/router.h"
#include "web/routes.h"

using namespace redriva::web;
using redriva::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Router router(routes(true));
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    // The first line is the method, the rest the path.
    const auto newline = in.find('\n');
    const std::string_view method =
        newline == std::string_view::npos ? "GET" : in.substr(0, newline);
    const std::string_view path = newline == std::string_view::npos ? in : in.substr(newline + 1);
    const RouteMatch match = router.match(method, path);
    switch (match.kind) {
        case RouteMatch::Kind::kFound:
            require(!path.empty() && path.front() == '/');
            require(match.capture.find('/') == std::string::npos);
            require(path.find("//") == std::string_view::npos);
            break;
        case RouteMatch::Kind::kMethodNotAllowed: require(!match.allow.empty()); break;
        case RouteMatch::Kind::kNotFound: break;
    }
    return 0;
}
