// The optional login, on the shared stack: a password is set with the real CLI
// (redriva-web --set-password) and every worker sees it at once; the guard
// removes it again, whatever the outcome, so the other suites find an open
// dashboard. The nginx rate limit on /login is checked last: it leaves this
// client address throttled for a minute.
#include <sys/wait.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fstream>
#include <string>

#include "stack.h"

namespace redriva::e2e {

namespace {

constexpr const char* kPassword = "e2e password, long enough";

// Runs `command` under sh with `input` on its standard input; the exit status.
int run_with_input(const std::string& command, const std::string& input) {
    FILE* pipe = ::popen(command.c_str(), "w");
    BOOST_REQUIRE(pipe != nullptr);
    std::fwrite(input.data(), 1, input.size(), pipe);
    const int status = ::pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string web_binary() {
    return std::string("REDRIVA_DATA_DIR='") + stack().data_dir() +
           "' " REDRIVA_BUILD_DIR "/redriva-web";
}

int set_password(const std::string& password) {
    return run_with_input(web_binary() + " --set-password >/dev/null", password + "\n");
}

struct PasswordGuard {
    PasswordGuard() { BOOST_REQUIRE(set_password(kPassword) == 0); }
    ~PasswordGuard() { std::system((web_binary() + " --remove-password >/dev/null").c_str()); }
};

// The value a Set-Cookie gives `name`, and the whole header ("" when absent).
std::pair<std::string, std::string> set_cookie(const HttpResponse& r, const std::string& name) {
    for (const auto& [header, value] : r.headers) {
        if (header != "set-cookie" || value.rfind(name + "=", 0) != 0) continue;
        return {value.substr(name.size() + 1, value.find(';') - name.size() - 1), value};
    }
    return {"", ""};
}

struct LoginForm {
    std::string csrf;  // the cookie's token, also in the form
};

LoginForm open_login_form() {
    HttpResponse r = http().get("/login");
    BOOST_REQUIRE(r.status == 200);
    LoginForm form;
    form.csrf = set_cookie(r, "redriva_csrf").first;
    BOOST_REQUIRE(form.csrf.size() == 64);
    auto fields = quoted_after(r.body, "name=\"csrf_token\" value=\"");
    BOOST_REQUIRE(!fields.empty());
    BOOST_TEST(fields[0] == form.csrf);
    return form;
}

HttpResponse post_login(const LoginForm& form, const std::string& password,
                        const std::string& next = "/") {
    HttpOptions o;
    o.cookie = "redriva_csrf=" + form.csrf;
    o.headers = {"Origin: http://127.0.0.1:" + std::to_string(stack().port()),
                 "Sec-Fetch-Site: same-origin"};
    return http().post("/login",
                       "csrf_token=" + form.csrf + "&next=" + url_encode(next) +
                           "&password=" + url_encode(password),
                       o);
}

std::string log_text() {
    std::ifstream in(stack().web_log_path());
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(login)

BOOST_AUTO_TEST_CASE(without_a_password_everything_is_open) {
    BOOST_TEST(http().get("/").status == 200);
    BOOST_TEST(http().get("/api/stats").status == 200);
    // The login page has nothing to do: back where the user wanted to go.
    HttpResponse r = http().get("/login?next=%2Ftorrents");
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/torrents");
}

BOOST_AUTO_TEST_CASE(with_a_password_every_page_and_api_asks_for_it) {
    PasswordGuard guard;
    HttpResponse page = http().get("/torrents?status=dead&sort=size");
    BOOST_TEST(page.status == 303);
    BOOST_TEST(page.header("location") == "/login?next=%2Ftorrents%3Fstatus%3Ddead%26sort%3Dsize");
    BOOST_TEST(http().get("/").header("location") == "/login");
    for (const char* target : {"/api/stats", "/api/torrents", "/api/sync/status", "/api/metrics",
                               "/api/charts", "/api/nothing-here"}) {
        HttpResponse r = http().get(target);
        BOOST_TEST(r.status == 401, target);
        BOOST_TEST(r.is_json(), target);
        BOOST_TEST(r.body.find("Log in first") != std::string::npos, target);
    }
    // A non-browser client may not start a sync without a session any more.
    BOOST_TEST(http().post("/api/sync/smart", "").status == 401);
    // A forged session cookie is no session.
    HttpOptions forged;
    forged.cookie = "redriva_session=v1.9999999999.00.00";
    BOOST_TEST(http().get("/api/stats", forged).status == 401);
    // Monitoring keeps working.
    BOOST_TEST(http().get("/api/health").status == 200);
}

BOOST_AUTO_TEST_CASE(a_wrong_password_is_refused_and_logged_without_the_password) {
    PasswordGuard guard;
    const LoginForm form = open_login_form();
    HttpResponse r = post_login(form, "not the password at all");
    BOOST_TEST(r.status == 401);
    BOOST_TEST(r.body.find("id=\"login-error\"") != std::string::npos);
    BOOST_TEST(set_cookie(r, "redriva_session").first.empty());
    BOOST_TEST(eventually(std::chrono::seconds(2), [] {
        return log_text().find("login refused: wrong password from 127.0.0.1") != std::string::npos;
    }));
    BOOST_TEST(log_text().find("not the password at all") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_login_form_is_protected_from_other_sites) {
    PasswordGuard guard;
    const LoginForm form = open_login_form();
    HttpOptions evil;
    evil.cookie = "redriva_csrf=" + form.csrf;
    evil.headers = {"Origin: https://evil.example", "Sec-Fetch-Site: cross-site"};
    HttpResponse r = http().post(
        "/login", "csrf_token=" + form.csrf + "&password=" + url_encode(kPassword), evil);
    BOOST_TEST(r.status == 403);
    BOOST_TEST(set_cookie(r, "redriva_session").first.empty());
    // Same site, but no token: the form is shown again, nobody is logged in.
    HttpOptions tokenless;
    tokenless.headers = {"Sec-Fetch-Site: same-origin"};
    r = http().post("/login", "password=" + url_encode(kPassword), tokenless);
    BOOST_TEST(r.status == 400);
    BOOST_TEST(set_cookie(r, "redriva_session").first.empty());
}

BOOST_AUTO_TEST_CASE(a_session_opens_everything_until_logout_or_a_new_password) {
    PasswordGuard guard;
    const LoginForm form = open_login_form();
    HttpResponse r = post_login(form, kPassword, "/torrents?status=dead");
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/torrents?status=dead");
    const auto [session, header] = set_cookie(r, "redriva_session");
    BOOST_REQUIRE(!session.empty());
    BOOST_TEST(header.find("HttpOnly") != std::string::npos);
    BOOST_TEST(header.find("SameSite=Lax") != std::string::npos);
    BOOST_TEST(header.find("Secure") == std::string::npos);  // plain http on the loopback

    HttpOptions browser;
    browser.cookie = "redriva_session=" + session + "; redriva_csrf=" + form.csrf;
    browser.headers = {"Sec-Fetch-Site: same-origin"};
    HttpResponse dashboard = http().get("/", browser);
    BOOST_TEST(dashboard.status == 200);
    // Every page offers the log-out button, with the browser's own token.
    HttpResponse list = http().get("/torrents", browser);
    BOOST_TEST(list.status == 200);
    BOOST_TEST(list.body.find("action=\"/logout\"") != std::string::npos);
    BOOST_TEST(list.body.find("value=\"" + form.csrf + "\"") != std::string::npos);
    HttpResponse api = http().get("/api/stats", browser);
    BOOST_TEST(api.status == 200);
    BOOST_TEST(api.header("cache-control") == "no-store");  // the user's, behind a login
    // A second session cookie (set by somebody else): neither is trusted.
    HttpOptions doubled = browser;
    doubled.cookie = "redriva_session=" + session + "; redriva_session=" + session;
    BOOST_TEST(http().get("/api/stats", doubled).status == 401);
    // An open redirect is not on offer.
    HttpResponse away = post_login(form, kPassword, "//evil.example/");
    BOOST_TEST(away.header("location") == "/");

    // Logging out needs the token too; then the cookie is cleared.
    HttpResponse refused = http().post("/logout", "", browser);
    BOOST_TEST(refused.status == 303);
    BOOST_TEST(set_cookie(refused, "redriva_session").second.empty());
    HttpOptions copied;  // the session cookie, copied elsewhere (no CSRF cookie)
    copied.cookie = "redriva_session=" + session;
    BOOST_TEST(http().get("/api/stats", copied).status == 200);
    HttpResponse out = http().post("/logout", "csrf_token=" + form.csrf, browser);
    BOOST_TEST(out.status == 303);
    BOOST_TEST(out.header("location") == "/login");
    BOOST_TEST(set_cookie(out, "redriva_session").second.find("Max-Age=0") != std::string::npos);
    // The cookie kept by a browser that ignores the clearing, or copied: refused, in
    // every worker. (A log-in right after the log-out is valid at once: unit-tested,
    // nginx allows this suite only so many POSTs to /login a minute.)
    for (int i = 0; i < 6; ++i) {
        BOOST_TEST(http().get("/api/stats", browser).status == 401);
        BOOST_TEST(http().get("/api/stats", copied).status == 401);
    }

    // A new password ends every session, at once, in every worker.
    BOOST_REQUIRE(set_password("another password, also long") == 0);
    for (int i = 0; i < 6; ++i) BOOST_TEST(http().get("/api/stats", browser).status == 401);
}

BOOST_AUTO_TEST_CASE(a_request_refused_unread_shows_no_logged_in_frame) {
    PasswordGuard guard;
    // Every worker has seen the login (its pages show the log-out form from then on).
    for (int i = 0; i < 6; ++i) BOOST_TEST(http().get("/torrents").status == 303);
    // Refused by the parser, before anything is known of the client: no log-out
    // form, no token (nor the placeholder the pipeline would have replaced).
    for (int i = 0; i < 6; ++i) {
        HttpResponse r = http().get("/torrents%ff");
        BOOST_TEST(r.status == 400);
        BOOST_TEST(r.body.find("percent-encoded") != std::string::npos);
        BOOST_TEST(r.body.find("/logout") == std::string::npos);
        BOOST_TEST(r.body.find("csrf_token") == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(a_short_password_is_refused_by_the_cli) {
    BOOST_TEST(set_password("short") != 0);
    BOOST_TEST(http().get("/").status == 200);  // still no login
}

BOOST_AUTO_TEST_CASE(listening_beyond_the_loopback_needs_a_password) {
    char dir[] = "/tmp/redriva-e2e-bind-XXXXXX";
    BOOST_REQUIRE(::mkdtemp(dir) != nullptr);
    const std::string env = std::string("REDRIVA_DATA_DIR='") + dir + "' ";
    const std::string out = std::string(dir) + "/out.txt";
    int status = std::system(
        (env + REDRIVA_BUILD_DIR "/redriva-web --listen 0.0.0.0:0 >" + out + " 2>&1").c_str());
    BOOST_TEST(WEXITSTATUS(status) == 1);
    std::ifstream in(out);
    const std::string text(std::istreambuf_iterator<char>(in), {});
    BOOST_TEST(text.find("refusing to listen on 0.0.0.0 without a login") != std::string::npos);
    status = std::system(
        (env + "REDRIVA_BIND=0.0.0.0 REDRIVA_NO_BUILD=1 REDRIVA_BUILD_DIR=" + REDRIVA_BUILD_DIR +
         " bash " REDRIVA_SOURCE_DIR "/scripts/run --detach >" + out + " 2>&1")
            .c_str());
    BOOST_TEST(WEXITSTATUS(status) != 0);
    std::ifstream in2(out);
    const std::string script_text(std::istreambuf_iterator<char>(in2), {});
    BOOST_TEST(script_text.find("refusing to listen on 0.0.0.0 without a login") !=
               std::string::npos);
    std::system((std::string("rm -rf '") + dir + "'").c_str());
}

BOOST_AUTO_TEST_CASE(login_attempts_are_rate_limited_by_nginx) {
    PasswordGuard guard;
    const LoginForm form = open_login_form();
    int refused = 0, throttled = 0;
    for (int i = 0; i < 10; ++i) {
        const long status = post_login(form, "guess number " + std::to_string(i)).status;
        refused += status == 401;
        throttled += status == 429;
    }
    // A burst of 5 beyond the first, then 429s: far fewer than 10 guesses reach argon2id.
    BOOST_TEST(refused >= 1);
    BOOST_TEST(refused <= 7);
    BOOST_TEST(throttled >= 3);
    // Showing the form is not limited.
    BOOST_TEST(http().get("/login").status == 200);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace redriva::e2e
