// The Real-Debrid token: from RD_TOKEN, either the token itself or the path of
// a file holding it. A token file must be private (mode 0600 or stricter,
// owned by us): a readable token is refused with a message that says how to
// fix it. The token itself never appears in a message.
#pragma once

#include <string>

#include "common/result.h"

namespace redriva {

// The token, or why there is none: `value` empty (nothing to sync: demo mode), a
// token file that is missing, empty or readable by others, or — `conf_path` given,
// the file `value` was read from — the token itself in a conf readable by others.
// RD_TOKEN names a file (a path: a '/' in it, or a leading '.').
bool looks_like_token_path(const std::string& value);

Result<std::string> resolve_token(const std::string& value, const std::string& conf_path = {});

// The notification URL, as secret as the token: `value` (from the environment, or from
// the conf at `conf_path` when given, which must then be private), else the private
// file at `file_path` (scripts/run writes it), else "" (notifications off). A failure
// says what to fix, never the URL.
Result<std::string> resolve_notify_url(const std::string& value, const std::string& conf_path,
                                       const std::string& file_path);

}  // namespace redriva
