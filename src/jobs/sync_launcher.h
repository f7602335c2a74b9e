// Starts redriva-sync right after a job is queued (`cron` for a sync, `actions` for
// an action), so the user does not wait for cron's next minute. The web itself never
// talks to RD.
#pragma once

#include <string>

namespace redriva::jobs {

// The redriva-sync beside this executable, or "" when there is none.
std::string sync_binary_beside_self();

// Double fork + setsid + exec: the worker never waits for the sync, no zombie
// is left (the intermediate child is reaped at once), the sync survives a
// restart of the pool, and it inherits no descriptor of ours but /dev/null on
// 0-2. Returns false when the launch itself failed (the job stays queued for
// cron).
bool launch_sync(const std::string& binary, const char* command);

}  // namespace redriva::jobs
