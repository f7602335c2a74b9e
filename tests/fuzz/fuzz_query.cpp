// libFuzzer target: the URL and form decoders (server/http.h). Any byte string is
// either refused (nullopt: a 400) or decoded into valid UTF-8 without NUL, and
// what url_encode writes always decodes back to itself.
#include <cstdint>
#include <string>
#include <string_view>

#include "common/strings.h"
#include "require.h"
#include "server/http.h"

using namespace redriva::server;
using redriva::url_encode;
using redriva::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    for (bool plus : {false, true}) {
        if (auto decoded = percent_decode(in, plus)) {
            require(decoded->find('\0') == std::string::npos);
            require(redriva::is_valid_utf8(*decoded));
            require(decoded->size() <= in.size());
            // Round trip: encoding what was decoded gives it back.
            auto again = percent_decode(url_encode(*decoded), plus);
            require(again && *again == *decoded);
        }
    }
    if (auto pairs = parse_query(in)) {
        std::string rebuilt;
        for (const auto& [key, value] : *pairs) {
            require(redriva::is_valid_utf8(key) && redriva::is_valid_utf8(value));
            rebuilt += (rebuilt.empty() ? "" : "&") + url_encode(key) + "=" + url_encode(value);
        }
        auto reparsed = parse_query(rebuilt);
        require(reparsed.has_value());
        // Empty components ("a&&b") are dropped; everything else survives.
        std::size_t kept = 0;
        for (const auto& pair : *pairs) kept += !(pair.first.empty() && pair.second.empty());
        require(reparsed->size() >= kept || reparsed->size() == pairs->size());
    }
    return 0;
}
