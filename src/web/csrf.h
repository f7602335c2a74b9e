// Cross-site request forgery defence for state-changing routes (all POST):
//  1. a browser request from another origin is refused (Origin header, or
//     Sec-Fetch-Site that is not same-origin/none);
//  2. a browser request carries a token equal to its `redriva_csrf` cookie
//     (double submit: a hidden form field, or the X-CSRF-Token header);
//  3. a non-browser client (no cookie, no Origin, no Sec-Fetch-*) may POST to
//     the API: nothing of the user's is riding along for it to abuse.
#pragma once

#include <string>

#include "web/server_types.h"

namespace redriva::web {

inline constexpr const char* kCsrfCookie = "redriva_csrf";

bool is_cross_origin(const Request& request);

// The request's cookie token when it is well-formed (64 lower-hex), else "".
std::string csrf_cookie_token(const Request& request);

bool form_post_allowed(const Request& request);
bool api_post_allowed(const Request& request);

std::string new_csrf_token();

// What pages carry where the request's token goes: rendered pages are cached
// and shared, so each response swaps this for its own token. Random per
// process, so no text from Real-Debrid can contain it by chance or design.
const std::string& csrf_placeholder();
std::string csrf_set_cookie(const std::string& token);

}  // namespace redriva::web
