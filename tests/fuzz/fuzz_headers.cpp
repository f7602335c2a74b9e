// libFuzzer target: what the browser controls in headers. Cookie parsing, the
// language choice, the CSRF rules and the session check take any bytes; a
// fuzzed session cookie is never valid, and the language is always one we have.
#include <unistd.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "require.h"
#include "server/http.h"
#include "web/csrf.h"
#include "web/i18n.h"
#include "web/login.h"

using namespace redriva::web;
using redriva::fuzz::require;

namespace {
struct Session {
    std::string dir = "/tmp/redriva-fuzz-headers-" + std::to_string(::getpid());
    std::unique_ptr<Login> login;
    Session() {
        std::system(("mkdir -p " + dir).c_str());
        set_password(dir + "/password-hash", "fuzzing password");
        login = std::make_unique<Login>(dir + "/password-hash",
                                        load_or_create_session_key(dir + "/session.key"));
    }
    ~Session() { std::system(("rm -rf " + dir).c_str()); }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Session session;
    const std::string in(reinterpret_cast<const char*>(data), size);
    Request r;
    r.method = "POST";
    r.cookie_header = in;
    r.origin = in.substr(0, in.size() / 2);
    r.sec_fetch_site = in.substr(in.size() / 2);
    r.csrf_header = in.substr(0, 64);
    r.host = "127.0.0.1";
    r.server_port = "8080";
    (void)is_cross_origin(r);
    (void)form_post_allowed(r);
    (void)api_post_allowed(r);
    const std::string token = csrf_cookie_token(r);
    require(token.empty() || token.size() == 64);
    const std::string_view lang = pick_language(r.cookie(kLanguageCookie).value_or(""), in);
    require(lang == "en" || lang == "fr");
    require(!session.login->valid(in, 1'750'000'000));
    if (auto cookie = r.cookie(kSessionCookie))
        require(!session.login->valid(*cookie, 1'750'000'000));
    const std::string next = safe_next(in);
    require(next.front() == '/' && (next.size() == 1 || (next[1] != '/' && next[1] != '\\')));
    return 0;
}
