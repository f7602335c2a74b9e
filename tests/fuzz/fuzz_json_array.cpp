// libFuzzer target: the string arrays the database stores (db/json_array.h), read back
// from a column that may be corrupt. The bytes are tried two ways:
// - as stored text: whatever decodes is valid UTF-8, and encoding it then decoding
//   gives the same strings (and the same text again: the encoding is canonical);
// - as the strings to store, cut at each 0xFF (a byte UTF-8 never uses): when every
//   piece is valid UTF-8, the encoder's text decodes back to exactly those pieces.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/strings.h"
#include "db/json_array.h"
#include "require.h"

using redriva::db::decode_string_array;
using redriva::db::encode_string_array;
using redriva::fuzz::require;

namespace {

void check_decoding(std::string_view text) {
    const std::vector<std::string> items = decode_string_array(text);
    for (const std::string& item : items) require(redriva::is_valid_utf8(item));
    const std::string encoded = encode_string_array(items);
    require(decode_string_array(encoded) == items);
    require(encode_string_array(decode_string_array(encoded)) == encoded);
}

std::vector<std::string> pieces(std::string_view bytes) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t cut = bytes.find('\xFF', start);
        out.emplace_back(bytes.substr(start, cut - start));
        if (cut == std::string_view::npos) return out;
        start = cut + 1;
    }
}

void check_encoding(std::string_view bytes) {
    const std::vector<std::string> items = pieces(bytes);
    for (const std::string& item : items)
        if (!redriva::is_valid_utf8(item)) return;  // the encoder assumes valid UTF-8
    require(decode_string_array(encode_string_array(items)) == items);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    check_decoding(bytes);
    check_encoding(bytes);
    return 0;
}
