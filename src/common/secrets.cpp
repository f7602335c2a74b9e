#include "common/secrets.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "common/strings.h"

namespace redriva {

namespace {
bool looks_like_path(const std::string& v) {
    return v.find('/') != std::string::npos || (!v.empty() && v.front() == '.');
}
}  // namespace

std::optional<std::variant<std::string, TokenError>> resolve_token(const std::string& value) {
    const std::string trimmed(trim(value));
    if (trimmed.empty()) return std::nullopt;
    if (!looks_like_path(trimmed)) return std::variant<std::string, TokenError>(trimmed);

    struct stat st {};
    if (::stat(trimmed.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        return std::variant<std::string, TokenError>(
            TokenError{"RD_TOKEN names a token file that does not exist: " + trimmed});
    if ((st.st_mode & 077) != 0 || st.st_uid != ::geteuid())
        return std::variant<std::string, TokenError>(
            TokenError{"the token file " + trimmed +
                       " must be readable by its owner only: run `chmod 600 " + trimmed + "`"});
    std::ifstream in(trimmed);
    std::stringstream text;
    text << in.rdbuf();
    const std::string token(trim(text.str()));
    if (token.empty())
        return std::variant<std::string, TokenError>(
            TokenError{"the token file " + trimmed + " is empty"});
    return std::variant<std::string, TokenError>(token);
}

}  // namespace redriva
