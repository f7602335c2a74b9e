// libFuzzer target: the parameters of the list, search and events routes. Any
// query string is either a ParamError with a message (a 400) or parameters
// within their documented ranges; and the canonical URL built from accepted
// parameters parses back to the same parameters.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "require.h"
#include "server/http.h"
#include "web/list_params.h"
#include "web/pages.h"

using namespace redriva::web;
using namespace redriva::server;
using redriva::fuzz::require;

namespace {
Request request_for(std::string_view query_string) {
    Request r;
    r.method = "GET";
    r.path = "/api/torrents";
    if (auto query = parse_query(query_string)) r.query = std::move(*query);
    return r;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    const Request request = request_for(in);
    auto parsed = parse_list_params(request);
    if (!parsed) {
        require(!parsed.error().message.empty());
    } else {
        const auto& p = *parsed;
        require(p.page >= 1 && p.page <= kMaxPage);
        require(p.page_size >= 1 && p.page_size <= kMaxPageSize);
        require(p.filter.query.size() <= kMaxQueryLength * 4);
        // The canonical URL of these parameters gives them back.
        const std::string url = list_url("/api/torrents", p, p.page);
        const auto question = url.find('?');
        const Request again =
            request_for(question == std::string::npos ? "" : url.substr(question + 1));
        auto reparsed = parse_list_params(again);
        require(reparsed.ok());
        const auto& q = *reparsed;
        require(q.page == p.page && q.page_size == p.page_size);
        require(q.filter.query == p.filter.query && q.filter.status == p.filter.status);
        require(q.filter.sort == p.filter.sort && q.filter.descending == p.filter.descending);
    }
    auto events = parse_event_params(request);
    if (!events) {
        require(!events.error().message.empty());
    } else {
        const auto& e = *events;
        require(e.after >= 0 && e.limit >= 1);
    }
    return 0;
}
