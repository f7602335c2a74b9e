// A finished sync's summary in the page's language, from its counts (the job's
// English `result` is for the API and the log). The catalogue's "js.summary."
// templates are the ones dashboard.js fills from /api/sync/status.
#pragma once

#include <string>

#include "domain/sync_summary.h"
#include "web/i18n.h"

namespace redriva::web {

// "2 506 torrents listés, 2 506 détaillés, 0 retirés (2 507 requêtes, …)".
std::string summary_text(const Catalogue& cat, const SyncSummary& summary);

}  // namespace redriva::web
