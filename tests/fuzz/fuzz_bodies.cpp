// libFuzzer target: the actions' request bodies — a bulk action, the options of a
// repair, a links or a select job, an add, an import's hash list — read from any
// bytes, as JSON and as a form. Each is refused with a message (a 400) or accepted
// within its documented bounds.
#include <cstdint>
#include <string>
#include <string_view>

#include "common/strings.h"
#include "domain/torrent_source.h"
#include "jobs/library_files.h"
#include "require.h"
#include "server/http.h"
#include "web/action_params.h"
#include "web/add_params.h"
#include "web/handlers.h"

using namespace redriva::web;
using namespace redriva::server;
using redriva::fuzz::require;

namespace {

Request json_request(std::string_view body) {
    Request r;
    r.method = "POST";
    r.path = "/api/actions";
    r.content_type = "application/json";
    r.body = std::string(body);
    return r;
}

Request form_request(std::string_view body) {
    Request r = json_request(body);
    r.content_type = "application/x-www-form-urlencoded";
    if (auto form = parse_query(body)) r.form = std::move(*form);
    return r;
}

template <typename T>
void refused_with_a_message(const redriva::Result<T>& result) {
    if (!result) require(!result.error().message.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    for (const Request& request : {json_request(in), form_request(in)}) {
        for (bool confirm : {false, true}) {
            auto bulk = request.content_type == "application/json"
                            ? parse_bulk_request(request, confirm)
                            : parse_bulk_form(request, confirm);
            refused_with_a_message(bulk);
            if (bulk) {
                require(!bulk->ids.empty() || bulk->filter.has_value());
                require(bulk->ids.size() <= kMaxBulkIds);
                if (bulk->filter)
                    require(!bulk->filter->status.empty() || !bulk->filter->query.empty());
                if (confirm) require(bulk->confirm && *bulk->confirm >= 0);
                for (const auto& id : bulk->ids) require(is_torrent_id(id));
            }
        }
        refused_with_a_message(parse_repair_options(request));
        refused_with_a_message(parse_links_options(request));
        auto select = parse_select_options(request);
        refused_with_a_message(select);
        if (select)
            require(!select->file_ids.empty() || select->select == "auto" ||
                    select->select == "all");
        auto add = parse_add_request(request);
        refused_with_a_message(add);
        if (add) {
            require(!add->items.empty() && add->items.size() <= kMaxAddItems);
            for (const auto& item : add->items) require(redriva::is_info_hash(item.hash));
        }
    }
    auto list = redriva::jobs::parse_hash_list(in);
    refused_with_a_message(list);
    if (list)
        for (const auto& item : *list) require(redriva::is_info_hash(item.hash));
    return 0;
}
