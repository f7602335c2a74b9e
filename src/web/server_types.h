// The server's words the application speaks in (src/server knows nothing of the
// application; the application builds on these).
#pragma once

#include "server/fcgi_io.h"
#include "server/handler.h"
#include "server/http.h"
#include "server/metrics.h"

namespace redriva::web {

using server::MetricsSnapshot;
using server::parse_query;
using server::percent_decode;
using server::PoolMetrics;
using server::Request;
using server::RequestError;
using server::Response;
using server::running_workers;
using server::status_reason;
using server::summarize;
using server::Upload;

}  // namespace redriva::web
