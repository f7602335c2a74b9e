#include "domain/job.h"

namespace redriva {

std::string sync_mode_choices() {
    std::string out;
    for (std::size_t i = 0; i < kSyncModes.size(); ++i) {
        if (i > 0) out += i + 1 == kSyncModes.size() ? " or " : ", ";
        out += kSyncModes[i].name;
    }
    return out;
}

}  // namespace redriva
