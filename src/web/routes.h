// The application's routes, one line each in routes.cpp: method, pattern,
// handler, and the policy the pipeline (web/app.cpp) applies around it — who
// may call it, how a state change is protected, how the answer is cached and
// how its errors look. A handler only does its own work. Adding a route is a
// line there and a handler in handlers.h.
#pragma once

#include <span>
#include <string>

#include "web/server_types.h"

namespace redriva::web {

class Handlers;

enum class Errors {
    kPage,  // an HTML page; a missing session redirects to the login
    kJson,  // {"error": …}; a missing session is a 401
};

// What a handler gets: the request, the "{}" segment of its pattern, and the
// form its errors take.
struct Call {
    const Request& request;
    const std::string& capture;
    Errors errors;
};

using Handler = Response (Handlers::*)(const Call&);

// The canonical cache key of a request: parameters parsed and defaults dropped,
// so "/torrents" and "/torrents?page=1&junk=x" share one entry and junk cannot
// fill the cache with copies. "" when this request is not cached (a 400, a
// one-off message).
using CacheKey = std::string (*)(const Request&);

enum class Access {
    kLogin,    // once a password is set, only with a session
    kPublic,   // always: the login itself, and the health check monitoring calls
    kScraper,  // a metrics scraper: by its address or bearer token, never a session
};

enum class Csrf {
    kNone,  // GET and HEAD change nothing
    kForm,  // a browser form: same origin, and the token of its cookie
    kApi,   // same origin, and the token too when a browser sends it
};

enum class Cache {
    kNone,
    kLibrary,  // valid until the torrents or their details change
    kList,     // valid until what a list shows changes (not the details it leaves out)
    kState,    // valid until any commit (job state, activity), 30 s at most
};

struct Policy {
    Access access = Access::kLogin;
    Errors errors = Errors::kPage;
    Csrf csrf = Csrf::kNone;
    Cache cache = Cache::kNone;
    CacheKey key = nullptr;  // set when cache is not kNone
    // The page reads differently by language: the key says which.
    bool by_language = false;
    // The answer shows the jobs: a job left running by a sync that died is
    // failed first (before the cache, so no cached answer shows it running).
    bool shows_jobs = false;
    // The page carries forms: the request's CSRF token is put in (every page
    // does once a login is set: its log-out button is a form).
    bool forms = false;
    // kForm: what a post whose token is missing or stale gets (an expired form
    // is not an attack); nullptr for a plain 403.
    Handler expired_form = nullptr;
    // Takes a body up to server::kMaxUploadBytes (a .torrent file, an imported
    // library) instead of the usual small one. nginx's conf lists the same routes.
    bool upload = false;
};

struct Route {
    const char* method;
    const char* pattern;  // literal segments, "{}" for one captured segment
    Handler handler;
    Policy policy;
};

// Every route; the test hooks (/api/_test/…) only when `with_test_routes`.
std::span<const Route> routes(bool with_test_routes);

}  // namespace redriva::web
