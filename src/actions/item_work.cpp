#include "actions/item_work.h"

#include "common/real_debrid.h"
#include "common/strings.h"
#include "domain/file_selection.h"
#include "rd/wire.h"

namespace redriva::actions {

namespace {

// A slot frees when a download ends: minutes, not seconds.
constexpr std::int64_t kSlotsFullWaitMs = 30'000;
constexpr std::int64_t kTransientWaitMs = 5'000;
// RD's newest torrents read to find a copy an interrupted add may have made.
constexpr int kCopyLookback = 100;

}  // namespace

std::optional<Advance> transient_failure(const sync::RdReply& reply, const sync::RdCall& call) {
    if (!reply.failure.empty()) return Advance::transient(kTransientWaitMs, reply.failure);
    if (reply.status == kRdSlotsFull) {
        Advance wait = Advance::transient(kSlotsFullWaitMs, reply.describe(call) + ": slots full");
        wait.slots_full = true;
        return wait;
    }
    if (reply.status == 429 || reply.status >= 500 || reply.status == 0)
        return Advance::transient(kTransientWaitMs, reply.describe(call));
    return std::nullopt;
}

std::optional<TorrentInfo> read_torrent_info(sync::RdClient& client, const std::string& id,
                                             sync::RdReply& reply) {
    const auto call = sync::RdCall::get("/torrents/info/" + id);
    reply = client.call(call);
    if (reply.status != 200 || !reply.failure.empty()) return std::nullopt;
    auto parsed = rd::parse_info(reply.body);
    if (!parsed || parsed->entry.id != id) {
        reply.status = 0;
        reply.failure = call.method + " " + call.path + ": " +
                        (parsed ? "the answer describes another torrent" : parsed.error().message);
        return std::nullopt;
    }
    return std::move(*parsed);
}

sync::RdReply send_add(sync::RdClient& client, const std::string& magnet,
                       const std::string& torrent_file, sync::RdCall& call) {
    if (torrent_file.empty()) {
        call = sync::RdCall::get("/torrents/addMagnet");
        call.method = "POST";
        call.body = "magnet=" + url_encode(magnet);
    } else {
        call = sync::RdCall::get("/torrents/addTorrent");
        call.method = "PUT";
        call.body = torrent_file;
        call.content_type = "application/x-bittorrent";
    }
    call.idempotent = false;
    return client.call(call);
}

Result<std::string, Advance> find_copy(sync::RdClient& client, const std::string& hash,
                                       const std::string& except_id) {
    sync::ListPage page;
    try {
        page = client.list_page(1, kCopyLookback);
    } catch (const sync::RdRequestError& e) {
        return Advance::transient(kTransientWaitMs, e.what());
    }
    for (const auto& entry : page.entries)
        if (entry.hash == hash && entry.id != except_id) return entry.id;
    return std::string();
}

bool select_files(sync::RdClient& client, const std::string& id,
                  const std::vector<std::int64_t>& ids, sync::RdReply& reply, sync::RdCall& call) {
    call = sync::RdCall::get("/torrents/selectFiles/" + id);
    call.method = "POST";
    call.body = "files=" + file_id_list(ids);
    reply = client.call(call);
    return reply.failure.empty() &&
           (reply.status == 204 || reply.status == 202 || reply.status == 200);
}

}  // namespace redriva::actions
