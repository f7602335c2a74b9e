#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <string>

#include "temp_database.h"
#include "web/login.h"

using namespace redriva::web;
using redriva::test::TempDatabasePath;

namespace {

constexpr std::int64_t kNow = 1'750'000'000;
constexpr std::int64_t kDay = 86400;

unsigned mode_of(const std::string& path) {
    struct stat st {};
    BOOST_REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(login)

BOOST_AUTO_TEST_CASE(password_is_stored_as_a_private_argon2id_hash) {
    TempDatabasePath dir;
    const std::string path = dir.path("password-hash");
    set_password(path, "correct horse battery");
    const std::string stored = slurp(path);
    BOOST_TEST(stored.starts_with("$argon2id$"));
    BOOST_TEST(stored.find("correct horse") == std::string::npos);
    BOOST_TEST(mode_of(path) == 0600u);

    Login login(path, load_or_create_session_key(dir.path("session.key")));
    BOOST_TEST(login.enabled());
    BOOST_TEST(login.verify("correct horse battery"));
    BOOST_TEST(!login.verify("correct horse battery "));
    BOOST_TEST(!login.verify(""));
}

BOOST_AUTO_TEST_CASE(short_and_huge_passwords_are_refused) {
    TempDatabasePath dir;
    BOOST_CHECK_THROW(set_password(dir.path("p"), "short"), std::runtime_error);
    BOOST_CHECK_THROW(set_password(dir.path("p"), std::string(2000, 'x')), std::runtime_error);
    BOOST_TEST(::access(dir.path("p").c_str(), F_OK) != 0);
}

BOOST_AUTO_TEST_CASE(no_file_means_no_login) {
    TempDatabasePath dir;
    Login login(dir.path("password-hash"), load_or_create_session_key(dir.path("session.key")));
    BOOST_TEST(!login.enabled());
    BOOST_TEST(!login.verify("anything at all"));
    BOOST_TEST(!login.valid(login.issue(kNow, kDay), kNow));
}

BOOST_AUTO_TEST_CASE(a_damaged_hash_file_fails_closed) {
    TempDatabasePath dir;
    std::ofstream(dir.path("password-hash")) << "plain text password\n";
    Login login(dir.path("password-hash"), load_or_create_session_key(dir.path("session.key")));
    BOOST_TEST(login.enabled());
    BOOST_TEST(!login.verify("plain text password"));
}

BOOST_AUTO_TEST_CASE(sessions_expire_and_resist_tampering) {
    TempDatabasePath dir;
    set_password(dir.path("password-hash"), "a long enough password");
    Login login(dir.path("password-hash"), load_or_create_session_key(dir.path("session.key")));
    const std::string cookie = login.issue(kNow, kDay);
    BOOST_TEST(login.valid(cookie, kNow));
    BOOST_TEST(login.valid(cookie, kNow + kDay - 1));
    BOOST_TEST(!login.valid(cookie, kNow + kDay));
    // A later expiry with the same MAC, a flipped MAC digit, junk.
    std::string extended = cookie;
    extended.replace(3, 10, std::to_string(kNow + 400 * kDay));
    BOOST_TEST(!login.valid(extended, kNow));
    std::string flipped = cookie;
    flipped.back() = flipped.back() == '0' ? '1' : '0';
    BOOST_TEST(!login.valid(flipped, kNow));
    for (const char* junk : {"", "v1.", "v1..", "v1.x.y.z", "v2.1.2.3", "....", "v1.99999999999"})
        BOOST_TEST(!login.valid(junk, kNow), junk);
    BOOST_TEST(login.issue(kNow, kDay) != cookie);  // a fresh nonce each time
}

BOOST_AUTO_TEST_CASE(a_log_out_ends_every_session_issued_before_it_in_every_worker) {
    TempDatabasePath dir;
    const std::string path = dir.path("password-hash");
    set_password(path, "a long enough password");
    const std::string key = load_or_create_session_key(dir.path("session.key"));
    Login worker(path, key);
    Login other_worker(path, key);
    const std::string kept = worker.issue(kNow, kDay);  // a copy somebody kept
    BOOST_TEST(other_worker.valid(kept, kNow));
    worker.end_sessions();
    BOOST_TEST(!worker.valid(kept, kNow));
    other_worker.refresh();  // what the pipeline does at every request
    BOOST_TEST(!other_worker.valid(kept, kNow));
    // Issued after: valid everywhere, at once.
    const std::string fresh = other_worker.issue(kNow, kDay);
    BOOST_TEST(other_worker.valid(fresh, kNow));
    BOOST_TEST(worker.valid(fresh, kNow));
    // The file is private, and a damaged one fails closed.
    struct stat st {};
    BOOST_REQUIRE(::stat(dir.path("sessions-not-before").c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 077) == 0u);
    std::ofstream(dir.path("sessions-not-before")) << "damaged, and longer\n";
    other_worker.refresh();
    BOOST_TEST(!other_worker.valid(other_worker.issue(kNow, kDay), kNow));
}

BOOST_AUTO_TEST_CASE(a_new_password_ends_every_session_and_is_seen_at_once) {
    TempDatabasePath dir;
    const std::string path = dir.path("password-hash");
    set_password(path, "first password");
    const std::string key = load_or_create_session_key(dir.path("session.key"));
    Login login(path, key);
    const std::string cookie = login.issue(kNow, kDay);
    // Another worker, same key and password: the session is valid there too.
    Login other_worker(path, key);
    BOOST_TEST(other_worker.valid(cookie, kNow));

    set_password(path, "second password");
    login.refresh();
    BOOST_TEST(!login.valid(cookie, kNow));
    BOOST_TEST(login.verify("second password"));
    BOOST_TEST(!login.verify("first password"));

    ::unlink(path.c_str());
    login.refresh();
    BOOST_TEST(!login.enabled());
}

BOOST_AUTO_TEST_CASE(session_key_is_private_stable_and_checked) {
    TempDatabasePath dir;
    const std::string path = dir.path("session.key");
    const std::string key = load_or_create_session_key(path);
    BOOST_TEST(key.size() == 32u);
    BOOST_TEST(mode_of(path) == 0600u);
    BOOST_TEST(load_or_create_session_key(path) == key);
    ::chmod(path.c_str(), 0644);
    BOOST_CHECK_THROW(load_or_create_session_key(path), std::runtime_error);
    ::chmod(path.c_str(), 0600);
    std::ofstream(path) << "not hex\n";
    BOOST_CHECK_THROW(load_or_create_session_key(path), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(next_stays_on_this_site) {
    BOOST_TEST(safe_next("/torrents?status=dead&page=2") == "/torrents?status=dead&page=2");
    BOOST_TEST(safe_next("/") == "/");
    for (const char* evil : {"", "//evil.example/", "/\\evil.example", "https://evil.example/",
                             "javascript:alert(1)", "evil", "/x\r\nSet-Cookie: a=b", "/a\\b"})
        BOOST_TEST(safe_next(evil) == "/", evil);
}

BOOST_AUTO_TEST_CASE(cookies_carry_their_flags) {
    const std::string set = session_set_cookie("v1.x", 3600, false);
    BOOST_TEST(set.find("HttpOnly") != std::string::npos);
    BOOST_TEST(set.find("SameSite=Lax") != std::string::npos);
    BOOST_TEST(set.find("Max-Age=3600") != std::string::npos);
    BOOST_TEST(set.find("Secure") == std::string::npos);
    BOOST_TEST(session_set_cookie("v1.x", 3600, true).find("; Secure") != std::string::npos);
    BOOST_TEST(session_clear_cookie(false).find("Max-Age=0") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(loopback_addresses) {
    for (const char* a : {"127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"})
        BOOST_TEST(is_loopback_address(a), a);
    for (const char* a : {"0.0.0.0", "::", "[::]", "192.168.1.2", "127.evil.example", "10.0.0.1"})
        BOOST_TEST(!is_loopback_address(a), a);
}

BOOST_AUTO_TEST_SUITE_END()
