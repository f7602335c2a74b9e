#include "db/action_targets.h"

#include <unordered_set>

namespace redriva::db {

ActionTargets::ActionTargets(Database& db)
    : by_id_(db.prepare("SELECT id, hash, filename, bytes FROM torrents WHERE id = ?")),
      by_rowid_(db.prepare("SELECT id, hash, filename, bytes FROM torrents WHERE rowid = ?")),
      files_(db.prepare("SELECT path FROM torrent_files WHERE torrent_id = ? AND selected = 1"
                        " ORDER BY file_id")) {}

bool ActionTargets::add(Statement::Use& use, Targets& targets) {
    if (!use.step()) return false;
    NewItem item;
    item.torrent_id = use.str(0);
    item.hash = use.str(1);
    item.filename = use.str(2);
    item.bytes = use.int64(3);
    auto files = files_.use();
    files.bind(1, item.torrent_id);
    while (files.step()) item.files.push_back(files.str(0));
    targets.bytes += item.bytes;
    targets.items.push_back(std::move(item));
    return true;
}

Targets ActionTargets::by_id(const std::vector<std::string>& ids) {
    Targets targets;
    std::unordered_set<std::string> seen;
    for (const auto& id : ids) {
        if (!seen.insert(id).second) continue;
        auto use = by_id_.use();
        use.bind(1, id);
        if (!add(use, targets)) targets.unknown.push_back(id);
    }
    return targets;
}

Targets ActionTargets::by_rowid(const std::vector<std::int64_t>& rowids) {
    Targets targets;
    for (std::int64_t rowid : rowids) {
        auto use = by_rowid_.use();
        use.bind(1, rowid);
        add(use, targets);  // a row deleted meanwhile is simply not a target
    }
    return targets;
}

}  // namespace redriva::db
