// The domain's words as a reader sees them. Each status, job kind (a sync mode or an
// action), job state and item state has one catalogue entry, "js.<family>.<word>"
// ("js.status.dead", "js.job_kind.smart"): the pages and the scripts (redriva.js:
// label()) read the same entries, and the catalogue test walks domain/status.h and
// domain/job.h so that no word goes unlabelled in any language. The raw word stays
// what the API and the page's data attributes carry.
#pragma once

#include <string>
#include <string_view>

#include "web/i18n.h"

namespace redriva::web {

enum class WordFamily { kStatus, kJobKind, kJobState, kItemState };

// "js.status.dead".
std::string label_key(WordFamily family, std::string_view word);

// The word's label in `cat`; for a word no catalogue names (a status Real-Debrid may
// add one day), the word itself with spaces for underscores.
std::string label(const Catalogue& cat, WordFamily family, std::string_view word);

}  // namespace redriva::web
