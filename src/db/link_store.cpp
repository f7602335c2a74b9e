#include "db/link_store.h"

#include "db/json_array.h"

namespace redriva::db {

namespace {

constexpr const char* kColumns =
    "torrent_id, link, file_id, path, bytes, download, filename, mime_type, streamable,"
    " unrestricted_at";

DirectLink link_of_row(const Statement::Use& use) {
    DirectLink d;
    d.torrent_id = use.str(0);
    d.link = use.str(1);
    if (!use.is_null(2)) d.file_id = use.int64(2);
    d.path = use.str(3);
    d.bytes = use.int64(4);
    d.download = use.str(5);
    d.filename = use.str(6);
    d.mime_type = use.str(7);
    d.streamable = use.int64(8) != 0;
    d.unrestricted_at = use.str(9);
    return d;
}

}  // namespace

LinkStore::LinkStore(Database& db)
    : links_(db.prepare("SELECT links FROM torrents WHERE id = ?")),
      files_(db.prepare("SELECT file_id, path, bytes FROM torrent_files WHERE torrent_id = ? AND "
                        "selected = 1 ORDER BY file_id")),
      stored_(db.prepare(std::string("SELECT ") + kColumns +
                         " FROM unrestricted_links WHERE torrent_id = ?")),
      fresh_(db.prepare(std::string("SELECT ") + kColumns +
                        " FROM unrestricted_links WHERE torrent_id = ? AND link = ? AND "
                        "unrestricted_at >= ?")),
      save_(db.prepare("INSERT OR REPLACE INTO unrestricted_links(torrent_id, link, file_id, path,"
                       " bytes, download, filename, mime_type, streamable, unrestricted_at)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")),
      check_(db.prepare("SELECT checked_at, links, dead FROM link_checks WHERE torrent_id = ?")),
      save_check_(db.prepare("INSERT OR REPLACE INTO link_checks(torrent_id, checked_at, links,"
                             " dead) VALUES (?, ?, ?, ?)")) {}

std::vector<LinkTarget> LinkStore::targets(std::string_view torrent_id) {
    std::vector<std::string> links;
    {
        auto use = links_.use();
        use.bind(1, torrent_id);
        if (use.step()) links = decode_string_array(use.text(0));
    }
    std::vector<LinkTarget> files;
    {
        auto use = files_.use();
        use.bind(1, torrent_id);
        while (use.step()) files.push_back({{}, use.int64(0), use.str(1), use.int64(2)});
    }
    std::vector<LinkTarget> out;
    const bool paired = links.size() == files.size();
    for (std::size_t i = 0; i < links.size(); ++i) {
        LinkTarget t;
        if (paired) t = files[i];
        t.link = links[i];
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<DirectLink> LinkStore::for_torrent(std::string_view torrent_id) {
    std::vector<DirectLink> stored;
    {
        auto use = stored_.use();
        use.bind(1, torrent_id);
        while (use.step()) stored.push_back(link_of_row(use));
    }
    // In the torrent's link order; links it no longer has are left out.
    std::vector<DirectLink> out;
    for (const LinkTarget& t : targets(torrent_id))
        for (const DirectLink& d : stored)
            if (d.link == t.link) out.push_back(d);
    return out;
}

std::optional<DirectLink> LinkStore::fresh(std::string_view torrent_id, std::string_view link,
                                           std::string_view since) {
    auto use = fresh_.use();
    use.bind(1, torrent_id).bind(2, link).bind(3, since);
    if (!use.step()) return std::nullopt;
    return link_of_row(use);
}

void LinkStore::save(const DirectLink& d) {
    auto use = save_.use();
    use.bind(1, d.torrent_id).bind(2, d.link).bind(3, d.file_id).bind(4, d.path);
    use.bind(5, d.bytes).bind(6, d.download).bind(7, d.filename).bind(8, d.mime_type);
    use.bind(9, d.streamable ? 1 : 0).bind(10, d.unrestricted_at);
    use.run();
}

std::optional<LinkCheck> LinkStore::check(std::string_view torrent_id) {
    auto use = check_.use();
    use.bind(1, torrent_id);
    if (!use.step()) return std::nullopt;
    return LinkCheck{use.str(0), use.int64(1), use.int64(2)};
}

void LinkStore::save_check(std::string_view torrent_id, const LinkCheck& check) {
    auto use = save_check_.use();
    use.bind(1, torrent_id).bind(2, check.checked_at).bind(3, check.links).bind(4, check.dead);
    use.run();
}

}  // namespace redriva::db
