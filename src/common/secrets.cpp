#include "common/secrets.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <optional>
#include <sstream>

#include "common/strings.h"

namespace redriva {

bool looks_like_token_path(const std::string& v) {
    return v.find('/') != std::string::npos || (!v.empty() && v.front() == '.');
}

namespace {

bool private_file(const struct stat& st) {
    return (st.st_mode & 077) == 0 && st.st_uid == ::geteuid();
}

std::string chmod_advice(const std::string& path) {
    return " must be readable by its owner only: run `chmod 600 " + path + "`";
}

// Why the conf at `conf_path`, holding `setting` itself, may not keep it (others may
// read it); nullopt when it may, or when the setting did not come from a conf.
std::optional<Failure> conf_not_private(const std::string& conf_path, const std::string& setting,
                                        const std::string& otherwise = {}) {
    struct stat st {};
    if (conf_path.empty() || (::stat(conf_path.c_str(), &st) == 0 && private_file(st)))
        return std::nullopt;
    return Failure{conf_path + " holds " + setting + " and" + chmod_advice(conf_path) + otherwise};
}

// The trimmed text of a private regular file; `what` names it in the failure.
Result<std::string> read_private_file(const std::string& path, const std::string& what,
                                      const struct stat& st) {
    if (!S_ISREG(st.st_mode) || !private_file(st))
        return Failure{what + " " + path + chmod_advice(path)};
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return std::string(trim(text.str()));
}

}  // namespace

Result<std::string> resolve_token(const std::string& value, const std::string& conf_path) {
    const std::string trimmed(trim(value));
    if (trimmed.empty()) return Failure{"RD_TOKEN is not set: nothing to sync"};
    if (!looks_like_token_path(trimmed)) {
        // The token itself, written in the conf: the conf must be as private as a
        // token file would be.
        if (auto refused =
                conf_not_private(conf_path, "RD_TOKEN",
                                 " (or put the token in a private file and its path in RD_TOKEN)"))
            return *refused;
        return trimmed;
    }
    struct stat st {};
    if (::stat(trimmed.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        return Failure{"RD_TOKEN names a token file that does not exist: " + trimmed};
    auto token = read_private_file(trimmed, "the token file", st);
    if (token && token->empty()) return Failure{"the token file " + trimmed + " is empty"};
    return token;
}

Result<std::string> resolve_notify_url(const std::string& value, const std::string& conf_path,
                                       const std::string& file_path) {
    const std::string trimmed(trim(value));
    if (!trimmed.empty()) {
        if (auto refused = conf_not_private(conf_path, "REDRIVA_NOTIFY_URL")) return *refused;
        return trimmed;
    }
    struct stat st {};
    if (::stat(file_path.c_str(), &st) != 0) return std::string();
    return read_private_file(file_path, "the notification URL file", st);
}

}  // namespace redriva
