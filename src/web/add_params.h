// What an add names: magnet links (a JSON list, or a form's text area, one a line)
// and .torrent files (a multipart upload), each read for its info hash before
// anything is queued. Every rule gives a message the user can act on (a 400).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/result.h"
#include "db/action_queue.h"
#include "web/server_types.h"

namespace redriva::web {

struct AddRequest {
    std::string select = "auto";     // auto, all or manual (the user chooses later)
    std::vector<db::NewItem> items;  // one per distinct hash: hash, name, input
};

inline constexpr std::size_t kMaxAddItems = 1000;

// POST /api/torrents/add and the add page's form: JSON {"magnets": […], "select": …},
// or a form (urlencoded or multipart) with `magnets` (one a line), `select` and,
// when multipart, .torrent files in `file`.
Result<AddRequest> parse_add_request(const Request& request);

}  // namespace redriva::web
