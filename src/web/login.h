// The optional single-user login.
//
// The password is stored only as libsodium's argon2id string in
// $REDRIVA_DATA_DIR/password-hash (mode 0600); no file means no login. A
// session is a signed cookie, not a server-side record, so every worker of the
// pool accepts it without shared state:
//     v2.<expiry unix seconds>.<issued unix ms>.<nonce>.<HMAC>
// A log-out writes the time to sessions-not-before: every session issued before it,
// copies included, is over.
// The HMAC key is derived from a random key kept in session.key (0600) and the
// stored hash itself: setting a new password ends every session at once.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace redriva::web {

inline constexpr const char* kSessionCookie = "redriva_session";
inline constexpr std::size_t kMinPasswordLength = 8;
inline constexpr std::size_t kMaxPasswordLength = 1024;

// libsodium's global setup; safe to call more than once. Throws on failure.
void init_crypto();

// The argon2id string of a password (interactive limits: ~64 MB, a few tenths
// of a second, on purpose). Throws when libsodium runs out of memory.
std::string hash_password(std::string_view password);

// Writes the hash for `password` to `path` atomically, mode 0600. Throws with
// a readable message (too short, too long, cannot write).
void set_password(const std::string& path, std::string_view password);

// Reads (or creates, mode 0600) the random key that signs sessions. Throws when
// the file cannot be read or written, or is not private.
std::string load_or_create_session_key(const std::string& path);

// The login state of one worker: the hash file is re-read when it changes on
// disk (one stat per request), so `redriva-web --set-password` takes effect at
// once, without a restart.
class Login {
public:
    Login(std::string password_path, std::string session_key);

    // Re-reads the hash file if it changed. Cheap when it did not.
    void refresh();
    bool enabled() const { return enabled_; }

    // Checks a password against the stored hash (constant time, argon2id).
    bool verify(std::string_view password) const;

    // A new session cookie value valid until `now + lifetime_s`.
    std::string issue(std::int64_t now, std::int64_t lifetime_s) const;
    // True when `cookie` was issued for the current password, after the last
    // log-out, and has not expired.
    bool valid(std::string_view cookie, std::int64_t now) const;
    // Ends every session issued until now, in every worker (the log-out): a
    // "not before" time kept in sessions-not-before, beside the password's hash.
    // Throws when the file cannot be written.
    void end_sessions();

private:
    std::string path_;
    std::string not_before_path_;
    std::string session_key_;
    std::string hash_;         // the argon2id string, "" without a login
    std::string signing_key_;  // derived from session_key_ and hash_
    bool enabled_ = false;
    struct FileState {
        bool exists = false;
        ino_t inode = 0;
        off_t size = 0;
        std::int64_t mtime_ns = 0;
        bool operator==(const FileState&) const = default;
        static FileState of(const std::string& path);
    } state_;
    bool loaded_ = false;
    FileState not_before_state_;
    bool not_before_loaded_ = false;
    // Sessions issued earlier are over; nullopt (a damaged file): all of them.
    std::optional<std::int64_t> not_before_ms_ = 0;
};

// Where a login may send the browser back to: a path on this site ("/x?y"),
// never another site ("//evil", "/\evil", "https:…"). Anything else gives "/".
std::string safe_next(std::string_view next);

// Set-Cookie values for a session and for ending it.
std::string session_set_cookie(const std::string& value, std::int64_t max_age_s, bool secure);
std::string session_clear_cookie(bool secure);

// True for addresses that only this machine can reach (127.0.0.0/8, ::1, localhost).
bool is_loopback_address(std::string_view host);

}  // namespace redriva::web
