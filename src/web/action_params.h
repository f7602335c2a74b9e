// Validation of the actions' JSON bodies. Every rule gives a message the user can
// act on (a 400); nothing here touches the library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "db/library_queries.h"
#include "domain/job.h"
#include "web/server_types.h"

namespace redriva::web {

// POST /api/actions and /api/actions/preview: {"action": …, "ids": […]} or
// {"action": …, "filter": {"status": …, "q": …}}, plus "confirm": <count> to run.
struct BulkRequest {
    ActionKind action = ActionKind::kDelete;
    std::string params = "{}";             // the job's options, as JSON (repair: allow_download)
    std::vector<std::string> ids;          // when the torrents are named
    std::optional<db::ListFilter> filter;  // when they are every match of a filter
    std::optional<std::int64_t> confirm;
};

inline constexpr std::size_t kMaxBulkIds = 100'000;

// `need_confirm`: the request runs the action (a count is required).
Result<BulkRequest> parse_bulk_request(const Request& request, bool need_confirm);

// The pages' bulk forms (the list's selection, the duplicates, the confirmation):
// `action`, then `id` fields, or `status` and `q`; `confirm` to run.
Result<BulkRequest> parse_bulk_form(const Request& request, bool need_confirm);

// POST /api/torrents/<id>/repair: an empty body, or {"allow_download": true|false}.
// The job's params as JSON.
Result<std::string> parse_repair_options(const Request& request);

// POST /api/torrents/<id>/links: an empty body, or {"file_ids": [1, 3]}. The job's
// params as JSON.
Result<std::string> parse_links_options(const Request& request);

// POST /api/torrents/<id>/select: {"file_ids": [1, 3]} or {"select": "auto"|"all"};
// the detail page's form: one `file_id` field per ticked file.
struct SelectOptions {
    std::vector<std::int64_t> file_ids;  // the files ticked, or
    std::string select;                  // "auto" or "all"
    std::string params() const;          // as the job's params
};
Result<SelectOptions> parse_select_options(const Request& request);

// A job id from a URL segment.
std::optional<std::int64_t> parse_job_id(std::string_view text);

// ?page=&page_size= of the trash and the history (1-based; 1–500, default 50).
struct Paging {
    int page = 1;
    int page_size = 50;
};
Result<Paging> parse_paging(const Request& request);

}  // namespace redriva::web
