#include "domain/sync_summary.h"

namespace redriva {

std::string english_summary(const SyncSummary& s) {
    using std::to_string;
    std::string text = s.listed
                           ? to_string(*s.listed) + " torrents listed, " + to_string(s.detailed) +
                                 " detailed, " + to_string(s.removed) + " removed"
                           : to_string(s.detailed) + " failed torrents refreshed";
    if (s.unreadable > 0) text += ", " + to_string(s.unreadable) + " could not be read";
    text += " (" + to_string(s.requests) + " requests, " + to_string(s.retries) + " retries, " +
            to_string(s.rate_limited) + " rate-limited)";
    return text;
}

}  // namespace redriva
