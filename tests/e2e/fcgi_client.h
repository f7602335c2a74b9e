// A FastCGI client for the tests that must speak to the pool as nginx does, with
// parameters nginx would never send from 127.0.0.1: a request "from" another
// address (REMOTE_ADDR), without listening anywhere but a Unix socket.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "stack.h"

namespace redriva::e2e {

// One request on a fresh connection to the pool's socket: the FastCGI parameters
// given (REQUEST_METHOD, REQUEST_URI, REMOTE_ADDR…) and `body` as its input. The
// answer as the pool wrote it, "Status:" and headers parsed (no content decoding).
HttpResponse fcgi_request(const std::string& socket_path,
                          const std::vector<std::pair<std::string, std::string>>& params,
                          const std::string& body = "");

// A GET of `target` from `remote_addr`, with the parameters nginx sends, plus `extra`.
HttpResponse fcgi_get(const std::string& socket_path, const std::string& target,
                      const std::string& remote_addr,
                      const std::vector<std::pair<std::string, std::string>>& extra = {});

}  // namespace redriva::e2e
