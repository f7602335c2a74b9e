// What a finished sync did, as counts. The jobs table keeps them (schema 6), so
// that each page says it in its reader's language (web/sync_summary_text.h) instead
// of showing a sentence written once in English; the job's `result` keeps that
// English sentence for the API and the log, written from the same counts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace redriva {

struct SyncSummary {
    // The torrents the listing returned; nullopt for a mode that lists nothing
    // (errors: it re-reads the details of the failed torrents only).
    std::optional<std::int64_t> listed;
    std::int64_t detailed = 0;    // details fetched and written
    std::int64_t removed = 0;     // gone from Real-Debrid, removed here
    std::int64_t unreadable = 0;  // details that could not be fetched or parsed
    std::int64_t requests = 0, retries = 0, rate_limited = 0;
};

// "2506 torrents listed, 2506 detailed, 0 removed (2507 requests, 0 retries,
// 0 rate-limited)": the job's result as the API and the log have always had it.
std::string english_summary(const SyncSummary& summary);

}  // namespace redriva
