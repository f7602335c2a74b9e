// Text from Real-Debrid (torrent names) is untrusted and unbounded: before it goes
// into a message it is made valid UTF-8 without control characters, and every
// message is cut to what the receivers accept (Discord: 2,000 characters).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace redriva::notify {

// Valid UTF-8 (each invalid byte becomes '?'), control characters as spaces; with
// `keep_newlines`, '\n' stays (the lines a message is made of).
std::string clean_text(std::string_view text, bool keep_newlines = false);

// At most `max_bytes` bytes, cut on a character boundary and ended with "…" when
// cut. Bytes bound characters: a limit in characters holds too.
std::string bound_text(std::string_view text, std::size_t max_bytes);

}  // namespace redriva::notify
