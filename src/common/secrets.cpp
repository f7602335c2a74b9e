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

Result<std::string> resolve_token(const std::string& value) {
    const std::string trimmed(trim(value));
    if (trimmed.empty()) return Failure{"RD_TOKEN is not set: nothing to sync"};
    if (!looks_like_path(trimmed)) return trimmed;

    struct stat st {};
    if (::stat(trimmed.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        return Failure{"RD_TOKEN names a token file that does not exist: " + trimmed};
    if ((st.st_mode & 077) != 0 || st.st_uid != ::geteuid())
        return Failure{"the token file " + trimmed +
                       " must be readable by its owner only: run `chmod 600 " + trimmed + "`"};
    std::ifstream in(trimmed);
    std::stringstream text;
    text << in.rdbuf();
    const std::string token(trim(text.str()));
    if (token.empty()) return Failure{"the token file " + trimmed + " is empty"};
    return token;
}

}  // namespace redriva
