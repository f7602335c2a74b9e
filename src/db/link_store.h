// The direct links already unrestricted, per torrent: each unrestrict adds an entry
// to the user's RD downloads list, so a fresh one is reused rather than asked again.
// And the last dead-link check of each torrent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/sqlite.h"

namespace redriva::db {

struct DirectLink {
    std::string torrent_id;
    std::string link;                     // RD's hoster link (the torrent's links[i])
    std::optional<std::int64_t> file_id;  // nullopt when links and files do not pair up
    std::string path;
    std::int64_t bytes = 0;
    std::string download;  // the direct URL
    std::string filename, mime_type;
    bool streamable = false;
    std::string unrestricted_at;  // ISO 8601
};

// A torrent's hoster link with the file it belongs to: links[i] is the i-th selected
// file in file-id order; a RAR'ed torrent (fewer links) pairs none.
struct LinkTarget {
    std::string link;
    std::optional<std::int64_t> file_id;
    std::string path;
    std::int64_t bytes = 0;
};

// The last dead-link check of a torrent.
struct LinkCheck {
    std::string checked_at;
    std::int64_t links = 0, dead = 0;
};

class LinkStore {
public:
    explicit LinkStore(Database& db);

    // The torrent's hoster links (from the library) paired with their files.
    std::vector<LinkTarget> targets(std::string_view torrent_id);
    // The stored direct links, in the torrent's link order.
    std::vector<DirectLink> for_torrent(std::string_view torrent_id);
    // The stored one for `link`, if unrestricted at or after `since` (ISO 8601).
    std::optional<DirectLink> fresh(std::string_view torrent_id, std::string_view link,
                                    std::string_view since);
    void save(const DirectLink& link);

    std::optional<LinkCheck> check(std::string_view torrent_id);
    void save_check(std::string_view torrent_id, const LinkCheck& check);

private:
    Statement links_;
    Statement files_;
    Statement stored_;
    Statement fresh_;
    Statement save_;
    Statement check_;
    Statement save_check_;
};

}  // namespace redriva::db
