// The domain's words as one JSON object, for the browser scripts: every page carries
// it (beside the string catalogue), so that no script re-types a status, a group, a
// job state or a sync mode.
//   {"statuses": {"downloaded": "done", ...},       status → its phase (badge colour)
//    "groups": {"active": [...], "errors": [...]},  the API's status groups
//    "job_states": ["queued", ...], "sync_modes": ["smart", ...]}
#pragma once

#include <string>

namespace redriva {

// Built once. The words are identifiers ([a-z_]), so the text is safe inside <script>.
const std::string& vocabulary_json();

}  // namespace redriva
