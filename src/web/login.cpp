#include "web/login.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "common/clock.h"
#include "common/log.h"
#include "common/strings.h"

namespace redriva::web {

namespace {

constexpr std::size_t kNonceBytes = 16;

std::string to_hex(const unsigned char* data, std::size_t size) {
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, size);
    out.pop_back();
    return out;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Writes `text` to `path` through a private temporary file and rename(), so a
// reader sees the old content or the new one, never half of it.
void write_private_file(const std::string& path, const std::string& text) {
    // Per process: two workers may write the same file at once (two log-outs).
    const std::string temporary = path + ".tmp." + std::to_string(::getpid());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error("cannot write " + temporary + ": " + std::strerror(errno));
    ::fchmod(fd, 0600);  // an older file of that name may have had wider rights
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ok = ::fsync(fd) == 0 && ok;
    ok = ::close(fd) == 0 && ok;
    if (!ok || ::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        ::unlink(temporary.c_str());
        throw std::runtime_error("cannot write " + path + ": " + reason);
    }
}

std::string mac_of(const std::string& signing_key, std::string_view message) {
    unsigned char mac[crypto_auth_BYTES];
    crypto_auth(mac, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                reinterpret_cast<const unsigned char*>(signing_key.data()));
    return to_hex(mac, sizeof mac);
}

}  // namespace

void init_crypto() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string hash_password(std::string_view password) {
    init_crypto();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw std::runtime_error("not enough memory to hash the password");
    return out;
}

void set_password(const std::string& path, std::string_view password) {
    if (password.size() < kMinPasswordLength)
        throw std::runtime_error("the password must have at least " +
                                 std::to_string(kMinPasswordLength) + " characters");
    if (password.size() > kMaxPasswordLength)
        throw std::runtime_error("the password must have at most " +
                                 std::to_string(kMaxPasswordLength) + " characters");
    write_private_file(path, hash_password(password) + "\n");
}

std::string load_or_create_session_key(const std::string& path) {
    init_crypto();
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        unsigned char key[crypto_auth_KEYBYTES];
        randombytes_buf(key, sizeof key);
        // O_EXCL: when two processes race here, one key wins and both read it.
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            const std::string text = to_hex(key, sizeof key) + "\n";
            const bool ok =
                ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                ::fsync(fd) == 0;
            ::close(fd);
            if (!ok) {
                ::unlink(path.c_str());
                throw std::runtime_error("cannot write " + path);
            }
        } else if (errno != EEXIST) {
            throw std::runtime_error("cannot create " + path + ": " + std::strerror(errno));
        }
        if (::stat(path.c_str(), &st) != 0)
            throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
    }
    if ((st.st_mode & 077) != 0)
        throw std::runtime_error(path + " must be readable by its owner only: run `chmod 600 " +
                                 path + "`");
    const std::string hex(trim(read_file(path)));
    std::string key(crypto_auth_KEYBYTES, '\0');
    std::size_t length = 0;
    if (hex.size() != 2 * crypto_auth_KEYBYTES ||
        sodium_hex2bin(reinterpret_cast<unsigned char*>(key.data()), key.size(), hex.data(),
                       hex.size(), nullptr, &length, nullptr) != 0 ||
        length != key.size())
        throw std::runtime_error(path + " is damaged: delete it (every session ends) and restart");
    return key;
}

namespace {
std::string directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string(".") : path.substr(0, slash);
}
}  // namespace

Login::FileState Login::FileState::of(const std::string& path) {
    struct stat st {};
    FileState now;
    if (::stat(path.c_str(), &st) == 0) {
        now.exists = true;
        now.inode = st.st_ino;
        now.size = st.st_size;
        now.mtime_ns =
            static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    }
    return now;
}

Login::Login(std::string password_path, std::string session_key)
    : path_(std::move(password_path)),
      not_before_path_(directory_of(path_) + "/sessions-not-before"),
      session_key_(std::move(session_key)) {
    refresh();
}

void Login::refresh() {
    // Sessions issued before the last log-out are over: in every worker, at its next
    // request (a session is a signed cookie, and a copy of it stays valid otherwise).
    const FileState not_before = FileState::of(not_before_path_);
    if (!not_before_loaded_ || not_before != not_before_state_) {
        not_before_loaded_ = true;
        not_before_state_ = not_before;
        // Unreadable or damaged: fail closed, no session is valid until a log-out
        // writes it again.
        not_before_ms_ = not_before.exists ? parse_int(trim(read_file(not_before_path_)))
                                           : std::optional<std::int64_t>(0);
    }
    const FileState now = FileState::of(path_);
    if (loaded_ && now == state_) return;
    loaded_ = true;
    state_ = now;
    hash_ = now.exists ? std::string(trim(read_file(path_))) : std::string();
    // A file that is there but unreadable or damaged keeps the login on, with
    // no password that matches: failing closed is the only safe reading.
    enabled_ = now.exists;
    if (enabled_ && !hash_.starts_with("$argon2id$"))
        log_error(path_ + " does not hold an argon2id hash: nobody can log in until " +
                  "`redriva-web --set-password` writes a new one");
    signing_key_.assign(crypto_auth_KEYBYTES, '\0');
    crypto_generichash(reinterpret_cast<unsigned char*>(signing_key_.data()), signing_key_.size(),
                       reinterpret_cast<const unsigned char*>(hash_.data()), hash_.size(),
                       reinterpret_cast<const unsigned char*>(session_key_.data()),
                       session_key_.size());
}

bool Login::verify(std::string_view password) const {
    if (!enabled_ || !hash_.starts_with("$argon2id$") || password.size() > kMaxPasswordLength)
        return false;
    return crypto_pwhash_str_verify(hash_.c_str(), password.data(), password.size()) == 0;
}

std::string Login::issue(std::int64_t now, std::int64_t lifetime_s) const {
    unsigned char nonce[kNonceBytes];
    randombytes_buf(nonce, sizeof nonce);
    // Issued in milliseconds, so that a log-in right after a log-out is not taken
    // for a session the log-out ended.
    const std::int64_t issued_ms = std::max(unix_now_ms(), not_before_ms_.value_or(0));
    const std::string body = "v2." + std::to_string(now + lifetime_s) + "." +
                             std::to_string(issued_ms) + "." + to_hex(nonce, sizeof nonce);
    return body + "." + mac_of(signing_key_, body);
}

bool Login::valid(std::string_view cookie, std::int64_t now) const {
    if (!enabled_ || hash_.empty()) return false;
    const auto last_dot = cookie.rfind('.');
    if (last_dot == std::string_view::npos) return false;
    const std::string_view body = cookie.substr(0, last_dot);
    const std::string_view mac = cookie.substr(last_dot + 1);
    // v1.<expiry>.<nonce> (issued before log-outs ended sessions: valid until the
    // first one) or v2.<expiry>.<issued ms>.<nonce>.
    const bool v2 = body.starts_with("v2.");
    if (!v2 && !body.starts_with("v1.")) return false;
    const auto expiry_end = body.find('.', 3);
    if (expiry_end == std::string_view::npos) return false;
    const auto expiry = parse_int(body.substr(3, expiry_end - 3));
    if (!expiry || *expiry <= now) return false;
    std::int64_t issued_ms = 0;
    if (v2) {
        const auto issued_end = body.find('.', expiry_end + 1);
        if (issued_end == std::string_view::npos) return false;
        const auto issued = parse_int(body.substr(expiry_end + 1, issued_end - expiry_end - 1));
        if (!issued) return false;
        issued_ms = *issued;
    }
    if (!not_before_ms_ || issued_ms < *not_before_ms_ || (!v2 && *not_before_ms_ > 0))
        return false;
    const std::string expected = mac_of(signing_key_, body);
    return mac.size() == expected.size() &&
           sodium_memcmp(mac.data(), expected.data(), expected.size()) == 0;
}

void Login::end_sessions() {
    // Sessions issued in this very millisecond are ended too; issue() never stamps
    // a new one earlier than this.
    const std::int64_t not_before = unix_now_ms() + 1;
    write_private_file(not_before_path_, std::to_string(not_before) + "\n");
    not_before_ms_ = not_before;
    not_before_state_ = FileState::of(not_before_path_);
}

std::string safe_next(std::string_view next) {
    if (next.empty() || next.front() != '/' || next.size() > 2048) return "/";
    if (next.size() > 1 && (next[1] == '/' || next[1] == '\\')) return "/";
    for (char c : next)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '\\') return "/";
    return std::string(next);
}

std::string session_set_cookie(const std::string& value, std::int64_t max_age_s, bool secure) {
    return std::string(kSessionCookie) + "=" + value +
           "; Path=/; Max-Age=" + std::to_string(max_age_s) + "; HttpOnly; SameSite=Lax" +
           (secure ? "; Secure" : "");
}

std::string session_clear_cookie(bool secure) {
    return std::string(kSessionCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" +
           (secure ? "; Secure" : "");
}

bool is_loopback_address(std::string_view host) {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    if (host == "localhost" || host == "::1") return true;
    if (!host.starts_with("127.")) return false;
    for (char c : host)
        if (!(c == '.' || is_ascii_digit(c))) return false;
    return true;
}

}  // namespace redriva::web
