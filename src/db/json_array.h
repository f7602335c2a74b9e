// The JSON string arrays the database stores in TEXT columns (a torrent's links).
//
// A dedicated codec rather than RapidJSON because the db layer must not depend on
// the web layer's JSON library, and a flat array of strings is all it ever stores.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace redriva::db {

// `["a","b"]`. Escapes `"`, `\` and the control characters below U+0020; every other
// byte, UTF-8 included, is copied as is (the input is assumed to be valid UTF-8).
std::string encode_string_array(const std::vector<std::string>& items);

// Parses a JSON array whose elements are all strings, with any JSON whitespace and
// escapes (\uXXXX surrogate pairs become UTF-8). Returns an empty vector on anything
// malformed: non-string elements, trailing text, raw control characters, lone
// surrogates, invalid UTF-8. A stored column is either ours or corrupt, and a corrupt
// one is better shown as "no links" than as half a list.
std::vector<std::string> decode_string_array(std::string_view json);

}  // namespace redriva::db
