#include "sync/curl_handles.h"

#include <mutex>
#include <new>
#include <stdexcept>

namespace redriva::sync {

void init_curl_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            throw std::runtime_error("curl_global_init failed");
    });
}

HeaderList append_header(HeaderList list, const std::string& line) {
    curl_slist* grown = curl_slist_append(list.get(), line.c_str());
    if (!grown) throw std::bad_alloc();
    (void)list.release();  // now owned through `grown`
    return HeaderList(grown);
}

}  // namespace redriva::sync
