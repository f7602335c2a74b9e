#include "actions/select_work.h"

#include <algorithm>

#include "common/clock.h"
#include "domain/file_selection.h"
#include "rd/wire.h"

namespace redriva::actions {

SelectWork::SelectWork(db::Database& db, db::ActionQueue& queue, sync::RdClient& client,
                       std::set<std::int64_t> file_ids, Selection selection)
    : db_(db),
      queue_(queue),
      client_(client),
      file_ids_(std::move(file_ids)),
      selection_(selection),
      store_(db) {}

Advance SelectWork::finish(db::ActionItem& item, ItemState state, const std::string& reason) {
    item.state = state;
    item.reason = reason;
    queue_.set_item(item);
    return Advance::finished();
}

Advance SelectWork::advance(db::ActionItem& item) {
    if (!rd::is_rd_id(item.torrent_id))
        return finish(item, ItemState::kFailed, "not a Real-Debrid torrent id");
    return item.step == "selected" ? write_library(item) : choose(item);
}

Advance SelectWork::choose(db::ActionItem& item) {
    sync::RdReply reply;
    const auto info = read_torrent_info(client_, item.torrent_id, reply);
    const auto info_call = sync::RdCall::get("/torrents/info/" + item.torrent_id);
    if (!info) {
        if (reply.status == 404)
            return finish(item, ItemState::kFailed, "the torrent is no longer on Real-Debrid");
        if (auto later = transient_failure(reply, info_call)) return *later;
        return Advance::transient(AddWork::kPollMs, reply.describe(info_call));
    }
    if (info->entry.status == "magnet_conversion") return Advance::later(AddWork::kPollMs);
    if (info->entry.status != "waiting_files_selection")
        return finish(item, ItemState::kSkipped,
                      "its files are chosen already (Real-Debrid says " + info->entry.status + ")");
    std::vector<std::int64_t> ids;
    if (!file_ids_.empty()) {
        for (std::int64_t id : file_ids_) {
            const bool offered = std::any_of(info->files.begin(), info->files.end(),
                                             [id](const TorrentFile& f) { return f.id == id; });
            if (!offered)
                return finish(item, ItemState::kFailed,
                              "file " + std::to_string(id) + " is not one of the torrent's");
            ids.push_back(id);
        }
    } else if (selection_ == Selection::kAll) {
        for (const auto& f : info->files) ids.push_back(f.id);
    } else {
        ids = auto_selection(info->files);
    }
    if (ids.empty()) return finish(item, ItemState::kFailed, "no file to select");
    sync::RdCall call;
    if (!select_files(client_, item.torrent_id, ids, reply, call)) {
        if (auto later = transient_failure(reply, call)) return *later;
        return finish(item, ItemState::kFailed, reply.describe(call));
    }
    item.step = "selected";
    queue_.set_item(item);
    return Advance::later(AddWork::kPollMs / 3);
}

Advance SelectWork::write_library(db::ActionItem& item) {
    sync::RdReply reply;
    const auto info = read_torrent_info(client_, item.torrent_id, reply);
    if (!info) {
        const auto call = sync::RdCall::get("/torrents/info/" + item.torrent_id);
        if (auto later = transient_failure(reply, call)) return *later;
        // Selected all the same: the next sync writes what it became.
        return finish(item, ItemState::kDone, "");
    }
    db::WriteTransaction tx(db_);
    const std::string now = iso8601_now();
    store_.upsert_list_entry(info->entry, now);
    store_.upsert_details(*info, now);
    item.state = ItemState::kDone;
    item.reason.clear();
    queue_.set_item(item);
    tx.commit();
    return Advance::finished();
}

}  // namespace redriva::actions
