// The login form, logging in and out (a single user; see web/login.h).
#include "common/clock.h"
#include "common/log.h"
#include "web/handlers.h"
#include "web/pages.h"

namespace redriva::web {

namespace {

std::string client_address(const Request& request) {
    return request.remote_addr.empty() ? std::string("?") : request.remote_addr;
}

}  // namespace

bool Handlers::secure_cookies(const Request& request) const {
    return config_.secure_cookies || request.scheme == "https";
}

Response Handlers::login_form(const Call& call) {
    const Request& request = call.request;
    const std::string next = safe_next(request.param("next").value_or("/"));
    if (!login_.enabled()) return Response::redirect(next);
    if (auto s = request.cookie(kSessionCookie); s && login_.valid(*s, unix_now()))
        return Response::redirect(next);
    const std::string_view lang = language_of(request);
    return html(200, render_login(next, LoginMessage::kNone, lang), lang);
}

Response Handlers::login(const Call& call) {
    const Request& request = call.request;
    const std::string next = safe_next(request.form_value("next").value_or("/"));
    if (!login_.enabled()) return Response::redirect(next);
    if (!login_.verify(request.form_value("password").value_or(""))) {
        // Who tried, for fail2ban and the like; never what they typed.
        log_warn("login refused: wrong password from " + client_address(request));
        const std::string_view lang = language_of(request);
        return html(401, render_login(next, LoginMessage::kWrongPassword, lang), lang);
    }
    const std::int64_t lifetime = std::int64_t{config_.session_days} * 86400;
    Response r = Response::redirect(next);
    r.headers.emplace_back("Set-Cookie", session_set_cookie(login_.issue(unix_now(), lifetime),
                                                            lifetime, secure_cookies(request)));
    log_info("login from " + client_address(request));
    return r;
}

Response Handlers::login_expired(const Call& call) {
    const std::string next = safe_next(call.request.form_value("next").value_or("/"));
    if (!login_.enabled()) return Response::redirect(next);
    const std::string_view lang = language_of(call.request);
    return html(400, render_login(next, LoginMessage::kExpiredForm, lang), lang);
}

Response Handlers::logout(const Call& call) {
    // Every session ends, copies of this browser's cookie included.
    if (login_.enabled()) {
        login_.end_sessions();
        log_info("logout from " + client_address(call.request) + ": every session ended");
    }
    Response r = Response::redirect(login_.enabled() ? "/login" : "/");
    r.headers.emplace_back("Set-Cookie", session_clear_cookie(secure_cookies(call.request)));
    return r;
}

Response Handlers::logout_expired(const Call&) {
    return Response::redirect("/");
}

}  // namespace redriva::web
