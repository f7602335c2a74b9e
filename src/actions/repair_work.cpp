#include "actions/repair_work.h"

#include "common/clock.h"
#include "common/real_debrid.h"
#include "common/strings.h"
#include "domain/file_selection.h"
#include "domain/status.h"
#include "domain/torrent_source.h"
#include "rd/wire.h"

namespace redriva::actions {

RepairWork::RepairWork(db::Database& db, db::ActionQueue& queue, sync::RdClient& client,
                       RepairOptions options)
    : db_(db), queue_(queue), client_(client), options_(options), edits_(db), store_(db) {}

void RepairWork::save(db::ActionItem& item, const std::string& step) {
    item.step = step;
    queue_.set_item(item);
}

Advance RepairWork::finish(db::ActionItem& item, ItemState state, const std::string& reason) {
    item.state = state;
    item.reason = reason;
    queue_.set_item(item);
    selected_at_.erase(item.seq);
    return Advance::finished();
}

Advance RepairWork::advance(db::ActionItem& item) {
    if (item.step.empty()) return start(item);
    if (item.step == "adding") return adopt_or_add(item);
    if (item.step == "added") return select(item);
    if (item.step == "selected") return verify(item);
    if (item.step == "verified") return replace_old(item);
    return finish(item, ItemState::kFailed, "unknown step \"" + item.step + "\"");
}

Advance RepairWork::start(db::ActionItem& item) {
    if (!is_info_hash(item.hash))
        return finish(item, ItemState::kFailed, "the torrent has no usable hash to add again");
    // A restore of a torrent the library holds again (added by hand meanwhile) has
    // nothing to do: never two copies of one hash.
    if (options_.restore && edits_.holds_hash(item.hash))
        return finish(item, ItemState::kSkipped, "already in the library");
    if (options_.restore)
        if (const auto other = queue_.adding_elsewhere(item))
            return finish(item, ItemState::kSkipped,
                          "being added by job " + std::to_string(*other) + " already");
    if (!options_.restore && !rd::is_rd_id(item.torrent_id))
        return finish(item, ItemState::kFailed, "not a Real-Debrid torrent id");
    // Recorded before the request: a runner killed while it is in flight must look
    // for the copy it may have made instead of adding a second one.
    save(item, "adding");
    sync::RdCall call;
    const sync::RdReply reply = send_add(client_, magnet_of_hash(item.hash), "", call);
    if (reply.status == 201 || reply.status == 200) {
        auto added = rd::parse_added(reply.body);
        if (added && rd::is_rd_id(added->id)) {
            item.new_id = added->id;
            save(item, "added");
            return Advance::later(options_.poll_ms / 3);
        }
        // Added, but the answer does not say as what: find it by its hash.
        return Advance::transient(
            options_.poll_ms, call.method + " " + call.path + ": an answer without a usable id");
    }
    if (reply.status == kRdInfringing) {
        save(item, "");
        return finish(item, ItemState::kFailed,
                      "Real-Debrid refuses this torrent (451 infringing_file)");
    }
    if (reply.status == kRdSlotsFull) {
        // Refused before anything was made: nothing to look for on resume.
        save(item, "");
        return *transient_failure(reply, call);
    }
    if (auto later = transient_failure(reply, call)) return *later;  // step stays "adding"
    save(item, "");
    return finish(item, ItemState::kFailed, reply.describe(call));
}

Advance RepairWork::adopt_or_add(db::ActionItem& item) {
    // addMagnet may have reached RD before the runner died or the answer was lost:
    // a torrent with this hash among the newest, not the old one, is that copy.
    auto copy = find_copy(client_, item.hash, item.torrent_id);
    if (!copy) return copy.error();
    if (!copy->empty()) {
        item.new_id = *copy;
        save(item, "added");
        return Advance::later(0);
    }
    save(item, "");
    return start(item);
}

Advance RepairWork::select(db::ActionItem& item) {
    sync::RdReply reply;
    const auto copy = read_torrent_info(client_, *item.new_id, reply);
    if (!copy) {
        if (reply.status == 404)
            return finish(item, ItemState::kFailed,
                          "the new copy vanished from Real-Debrid before its files were chosen; "
                          "the old one was kept");
        const auto call = sync::RdCall::get("/torrents/info/" + *item.new_id);
        if (auto later = transient_failure(reply, call)) return *later;
        return Advance::transient(options_.poll_ms, reply.describe(call));
    }
    const std::string& status = copy->entry.status;
    if (status == "magnet_conversion") return Advance::later(options_.poll_ms);
    if (status != "waiting_files_selection") {
        // Selected already (a runner that died after selectFiles), or RD moved on.
        save(item, "selected");
        return Advance::later(0);
    }
    std::vector<std::int64_t> ids = select_by_path(copy->files, item.files);
    if (ids.empty()) ids = auto_selection(copy->files);
    sync::RdReply selected;
    sync::RdCall call;
    if (select_files(client_, *item.new_id, ids, selected, call)) {
        selected_at_[item.seq] = monotonic_ms();
        save(item, "selected");
        return Advance::later(options_.poll_ms / 3);
    }
    if (auto later = transient_failure(selected, call)) return *later;
    return drop_new(item, ItemState::kFailed, selected.describe(call));
}

Advance RepairWork::verify(db::ActionItem& item) {
    sync::RdReply reply;
    const auto copy = read_torrent_info(client_, *item.new_id, reply);
    if (!copy) {
        if (reply.status == 404)
            return finish(item, ItemState::kSkipped,
                          "the new copy is gone from Real-Debrid; the old one was kept");
        const auto call = sync::RdCall::get("/torrents/info/" + *item.new_id);
        if (auto later = transient_failure(reply, call)) return *later;
        return Advance::transient(options_.poll_ms, reply.describe(call));
    }
    const TorrentListEntry& e = copy->entry;
    std::size_t selected = 0;
    for (const auto& f : copy->files) selected += f.selected ? 1 : 0;
    // A link per selected file, or one for all of them (RD packed them in a RAR).
    const bool whole = e.status == "downloaded" && !e.links.empty() &&
                       (e.links.size() == selected || e.links.size() == 1);
    if (whole) {
        if (options_.restore) {
            db::WriteTransaction tx(db_);
            const std::string now = iso8601_now();
            store_.upsert_list_entry(e, now);
            store_.upsert_details(*copy, now);
            edits_.forget_trash(item.hash);  // restored: no longer in the trash
            item.state = ItemState::kDone;
            item.step = "verified";
            item.reason.clear();
            queue_.set_item(item);
            tx.commit();
            return Advance::finished();
        }
        verified_[item.seq] = *copy;
        save(item, "verified");
        return replace_old(item);
    }
    if (is_failed(e.status))
        return drop_new(item, ItemState::kFailed,
                        "Real-Debrid marked the new copy " + e.status + "; the old one was kept");
    const bool downloading = e.status != "downloaded";
    const auto started = selected_at_.try_emplace(item.seq, monotonic_ms()).first->second;
    if (downloading && options_.allow_download)
        return finish(item, ItemState::kDone,
                      "not cached: Real-Debrid is downloading the new copy; the old one stays");
    // RD turns a cached torrent "downloaded" within seconds; one still queued or
    // downloading after the wait is not cached.
    if (monotonic_ms() - started < options_.max_wait_ms &&
        (e.status == "magnet_conversion" || e.status == "waiting_files_selection" ||
         (e.status == "downloaded" && e.links.empty())))
        return Advance::later(options_.poll_ms);
    if (downloading)
        return drop_new(item, ItemState::kSkipped,
                        "not cached on Real-Debrid (it would download it again): the old one "
                        "was kept");
    return drop_new(item, ItemState::kFailed,
                    "the new copy has " + std::to_string(e.links.size()) + " links for " +
                        std::to_string(selected) + " files; the old one was kept");
}

Advance RepairWork::replace_old(db::ActionItem& item) {
    const auto call = sync::RdCall::remove("/torrents/delete/" + item.torrent_id);
    const sync::RdReply reply = client_.call(call);
    if (auto later = transient_failure(reply, call)) return *later;
    if (reply.status != 204 && reply.status != 200 && reply.status != 404)
        // RD keeps the old one for a reason of its own: both copies stay, nothing lost.
        return finish(
            item, ItemState::kFailed,
            "the new copy is whole but the old one could not be deleted: " + reply.describe(call));
    // The old torrent leaves the library, the new one is in it from now on (the next
    // sync fills in whatever it has not seen).
    std::optional<TorrentInfo> copy;
    if (auto it = verified_.find(item.seq); it != verified_.end()) {
        copy = std::move(it->second);
        verified_.erase(it);
    } else {
        sync::RdReply fresh;
        copy = read_torrent_info(client_, *item.new_id, fresh);  // none: the next sync writes it
    }
    db::WriteTransaction tx(db_);
    edits_.record_deleted(item, /*to_trash=*/false);
    if (copy) {
        const std::string now = iso8601_now();
        store_.upsert_list_entry(copy->entry, now);
        store_.upsert_details(*copy, now);
    }
    item.state = ItemState::kDone;
    item.step = "replaced";
    item.reason.clear();
    queue_.set_item(item);
    tx.commit();
    selected_at_.erase(item.seq);
    return Advance::finished();
}

Advance RepairWork::drop_new(db::ActionItem& item, ItemState state, const std::string& reason) {
    const auto call = sync::RdCall::remove("/torrents/delete/" + *item.new_id);
    const sync::RdReply reply = client_.call(call);
    if (auto later = transient_failure(reply, call)) return *later;
    return finish(item, state, reason);
}

}  // namespace redriva::actions
