#include "actions/add_work.h"

#include "common/clock.h"
#include "common/real_debrid.h"
#include "domain/file_selection.h"
#include "domain/status.h"
#include "domain/torrent_source.h"
#include "rd/wire.h"

namespace redriva::actions {

std::optional<Selection> parse_selection(std::string_view name) {
    if (name == "auto") return Selection::kAuto;
    if (name == "all") return Selection::kAll;
    if (name == "manual") return Selection::kManual;
    return std::nullopt;
}

AddWork::AddWork(db::Database& db, db::ActionQueue& queue, sync::RdClient& client,
                 Selection selection)
    : db_(db), queue_(queue), client_(client), selection_(selection), edits_(db), store_(db) {}

void AddWork::save(db::ActionItem& item, const std::string& step) {
    item.step = step;
    queue_.set_item(item);
}

Advance AddWork::finish(db::ActionItem& item, ItemState state, const std::string& reason) {
    item.state = state;
    item.reason = reason;
    queue_.set_item(item);
    added_at_.erase(item.seq);
    return Advance::finished();
}

Advance AddWork::advance(db::ActionItem& item) {
    if (item.step.empty()) return start(item);
    if (item.step == "adding") return adopt_or_add(item);
    if (item.step == "added") return choose_files(item);
    if (item.step == "selected") return write_library(item);
    return finish(item, ItemState::kFailed, "unknown step \"" + item.step + "\"");
}

Advance AddWork::start(db::ActionItem& item) {
    if (!is_info_hash(item.hash)) return finish(item, ItemState::kFailed, "no usable info hash");
    if (edits_.holds_hash(item.hash))
        return finish(item, ItemState::kSkipped, "already in the library");
    // Another job is putting this hash on RD now: it adds it, once.
    if (const auto other = queue_.adding_elsewhere(item))
        return finish(item, ItemState::kSkipped,
                      "being added by job " + std::to_string(*other) + " already");
    const auto torrent_file = torrent_file_of_input(item.input);
    if (!torrent_file && !item.input.starts_with("magnet:"))
        return finish(item, ItemState::kFailed, "the stored magnet or .torrent file is unreadable");
    // Recorded before the request: a runner killed while it is in flight looks for
    // the copy it may have made instead of adding a second one.
    save(item, "adding");
    sync::RdCall call;
    const sync::RdReply reply =
        send_add(client_, torrent_file ? "" : item.input, torrent_file.value_or(""), call);
    if (reply.failure.empty() && (reply.status == 201 || reply.status == 200)) {
        auto added = rd::parse_added(reply.body);
        if (added && rd::is_rd_id(added->id)) {
            item.new_id = added->id;
            added_at_[item.seq] = monotonic_ms();
            save(item, "added");
            return Advance::later(kPollMs / 3);
        }
        // Added, but the answer does not say as what: find it by its hash.
        return Advance::transient(
            kPollMs, call.method + " " + call.path + ": an answer without a usable id");
    }
    if (reply.status == kRdInfringing) {
        save(item, "");
        return finish(item, ItemState::kFailed,
                      "Real-Debrid refuses this torrent (451 infringing_file)");
    }
    if (reply.status == kRdSlotsFull) {
        save(item, "");  // refused before anything was made: nothing to look for
        return *transient_failure(reply, call);
    }
    if (auto later = transient_failure(reply, call)) return *later;  // step stays "adding"
    save(item, "");
    return finish(item, ItemState::kFailed, reply.describe(call));
}

Advance AddWork::adopt_or_add(db::ActionItem& item) {
    auto copy = find_copy(client_, item.hash, "");
    if (!copy) return copy.error();
    if (copy->empty()) {
        save(item, "");
        return start(item);
    }
    item.new_id = *copy;
    save(item, "added");
    return Advance::later(0);
}

Advance AddWork::no_answer(db::ActionItem& item, const sync::RdReply& reply) {
    const auto call = sync::RdCall::get("/torrents/info/" + *item.new_id);
    if (reply.status == 404)
        return finish(item, ItemState::kFailed,
                      "the new torrent vanished from Real-Debrid before it was written here");
    if (auto later = transient_failure(reply, call)) return *later;
    return Advance::transient(kPollMs, reply.describe(call));
}

Advance AddWork::choose_files(db::ActionItem& item) {
    sync::RdReply reply;
    const auto info = read_torrent_info(client_, *item.new_id, reply);
    if (!info) return no_answer(item, reply);
    const std::string& status = info->entry.status;
    if (status == "magnet_conversion") {
        const auto started = added_at_.try_emplace(item.seq, monotonic_ms()).first->second;
        if (monotonic_ms() - started < kMaxConversionMs) return Advance::later(kPollMs);
        // RD keeps converting: the torrent is in the library, in that status.
        save(item, "selected");
        return write_library(item);
    }
    if (status != "waiting_files_selection" || selection_ == Selection::kManual) {
        // RD chose already (one file), or the user will.
        save(item, "selected");
        return write_library(item);
    }
    std::vector<std::int64_t> ids;
    if (selection_ == Selection::kAuto) {
        ids = auto_selection(info->files);
    } else {
        for (const auto& f : info->files) ids.push_back(f.id);
    }
    if (ids.empty()) return finish(item, ItemState::kFailed, "the torrent has no files");
    sync::RdCall call;
    if (!select_files(client_, *item.new_id, ids, reply, call)) {
        if (auto later = transient_failure(reply, call)) return *later;
        // Refused: the torrent stays on RD waiting for a choice, as the library shows.
        save(item, "selected");
        return write_library(
            item, ItemState::kFailed,
            "added, but Real-Debrid refused the file selection: " + reply.describe(call));
    }
    save(item, "selected");
    return Advance::later(kPollMs / 3);
}

Advance AddWork::write_library(db::ActionItem& item, ItemState state, std::string reason) {
    sync::RdReply reply;
    const auto info = read_torrent_info(client_, *item.new_id, reply);
    if (!info) return no_answer(item, reply);
    // Written as RD describes it; a torrent RD failed is a failed add all the same.
    if (state == ItemState::kDone && is_failed(info->entry.status)) {
        state = ItemState::kFailed;
        reason = "Real-Debrid marked it " + info->entry.status;
    }
    db::WriteTransaction tx(db_);
    const std::string now = iso8601_now();
    store_.upsert_list_entry(info->entry, now);
    store_.upsert_details(*info, now);
    item.filename = info->entry.filename;
    item.bytes = info->entry.bytes;
    item.state = state;
    item.step = "written";
    item.reason = reason;
    queue_.set_item(item);
    tx.commit();
    added_at_.erase(item.seq);
    return Advance::finished();
}

}  // namespace redriva::actions
