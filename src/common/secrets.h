// The Real-Debrid token: from RD_TOKEN, either the token itself or the path of
// a file holding it. A token file must be private (mode 0600 or stricter,
// owned by us): a readable token is refused with a message that says how to
// fix it. The token itself never appears in a message.
#pragma once

#include <optional>
#include <string>
#include <variant>

namespace redriva {

struct TokenError {
    std::string message;
};

// nullopt when `value` is empty (demo mode).
std::optional<std::variant<std::string, TokenError>> resolve_token(const std::string& value);

}  // namespace redriva
