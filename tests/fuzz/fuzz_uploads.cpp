// libFuzzer target: what an add reads from a user — multipart bodies
// (server/multipart.h), magnet links and .torrent files (domain/torrent_source.h),
// and base64 (the file as a job keeps it). Any byte string is either refused or
// read into something consistent: parts that are substrings of the body, a hash of
// 40 lower-case hex digits, a file that survives its trip through a job item.
#include <cstdint>
#include <string>
#include <string_view>

#include "common/strings.h"
#include "domain/torrent_source.h"
#include "require.h"
#include "server/multipart.h"

using redriva::fuzz::require;

namespace {

bool lower_hex_hash(const std::string& hash) {
    if (hash.size() != 40) return false;
    for (char c : hash)
        if (!redriva::is_lower_hex(c)) return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);

    if (auto parts = redriva::server::parse_multipart(in, "XyZ")) {
        require(parts->size() <= redriva::server::kMaxFormParts);
        for (const auto& part : *parts) {
            require(!part.name.empty());
            require(in.find(part.body) != std::string_view::npos);
        }
    }
    if (auto magnet = redriva::parse_magnet(in)) {
        require(lower_hex_hash(magnet->hash));
        require(redriva::is_valid_utf8(magnet->name));
        // What is sent for a bare hash reads back as the same hash.
        auto again = redriva::parse_magnet(redriva::magnet_of_hash(magnet->hash));
        require(again && again->hash == magnet->hash);
    }
    if (auto torrent = redriva::parse_torrent_file(in)) {
        require(lower_hex_hash(torrent->hash));
        require(torrent->bytes >= 0);
        auto kept = redriva::torrent_file_of_input(redriva::torrent_file_input(in));
        require(kept && *kept == in);
    }
    if (auto decoded = redriva::base64_decode(in)) require(redriva::base64_encode(*decoded) == in);
    return 0;
}
