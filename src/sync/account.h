// The account panel's facts — the user, premium days left, points, traffic and the
// active download slots — read by redriva-sync's cron run for three requests (never
// by the web) and kept in the database as the JSON GET /api/account serves.
#pragma once

#include <string>

#include "db/sqlite.h"
#include "sync/rd_client.h"

namespace redriva::sync {

// The meta key the account's JSON is kept under.
inline constexpr const char* kAccountMetaKey = "account";

// Reads /user, /traffic and /torrents/activeCount and stores them together. When
// one of them gives no usable answer nothing is written (the panel keeps the
// previous reading, with its date) and `why` says what failed.
bool refresh_account(RdClient& client, db::Database& db, std::string& why);

}  // namespace redriva::sync
