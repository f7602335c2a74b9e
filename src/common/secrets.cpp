#include "common/secrets.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
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
}  // namespace

Result<std::string> resolve_token(const std::string& value, const std::string& conf_path) {
    const std::string trimmed(trim(value));
    if (trimmed.empty()) return Failure{"RD_TOKEN is not set: nothing to sync"};
    struct stat st {};
    if (!looks_like_token_path(trimmed)) {
        // The token itself, written in the conf: the conf must be as private as a
        // token file would be.
        if (!conf_path.empty() && (::stat(conf_path.c_str(), &st) != 0 || !private_file(st)))
            return Failure{
                conf_path +
                " holds RD_TOKEN and must be readable by its owner only: run `chmod 600 " +
                conf_path + "` (or put the token in a private file and its path in RD_TOKEN)"};
        return trimmed;
    }

    if (::stat(trimmed.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        return Failure{"RD_TOKEN names a token file that does not exist: " + trimmed};
    if (!private_file(st))
        return Failure{"the token file " + trimmed +
                       " must be readable by its owner only: run `chmod 600 " + trimmed + "`"};
    std::ifstream in(trimmed);
    std::stringstream text;
    text << in.rdbuf();
    const std::string token(trim(text.str()));
    if (token.empty()) return Failure{"the token file " + trimmed + " is empty"};
    return token;
}

Result<std::string> resolve_notify_url(const std::string& value, const std::string& conf_path,
                                       const std::string& file_path) {
    struct stat st {};
    const std::string trimmed(trim(value));
    if (!trimmed.empty()) {
        if (!conf_path.empty() && (::stat(conf_path.c_str(), &st) != 0 || !private_file(st)))
            return Failure{conf_path +
                           " holds REDRIVA_NOTIFY_URL and must be readable by its owner only: "
                           "run `chmod 600 " +
                           conf_path + "`"};
        return trimmed;
    }
    if (::stat(file_path.c_str(), &st) != 0) return std::string();
    if (!S_ISREG(st.st_mode) || !private_file(st))
        return Failure{"the notification URL file " + file_path +
                       " must be readable by its owner only: run `chmod 600 " + file_path + "`"};
    std::ifstream in(file_path);
    std::stringstream text;
    text << in.rdbuf();
    return std::string(trim(text.str()));
}

}  // namespace redriva
