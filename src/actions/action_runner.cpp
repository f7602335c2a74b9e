#include "actions/action_runner.h"

#include <algorithm>
#include <deque>
#include <set>
#include <vector>

#include <rapidjson/document.h>

#include "actions/delete_work.h"
#include "actions/links_work.h"
#include "actions/repair_work.h"

namespace redriva::actions {

namespace {

constexpr int kMaxItemEvents = 20;           // failed items logged one by one per job
constexpr std::int64_t kLookAroundMs = 500;  // cancel and interactive jobs, while waiting

}  // namespace

ActionRunner::ActionRunner(db::Database& db, db::ActionQueue& queue, sync::RdClient& client,
                           sync::RateLimiter& limiter, sync::Clock& clock, std::int64_t pid)
    : db_(db), queue_(queue), client_(client), limiter_(limiter), clock_(clock), pid_(pid) {}

namespace {

// A boolean option of the job's params ({"allow_download": true}); false when absent.
bool flag(const std::string& params, const char* name) {
    rapidjson::Document doc;
    doc.Parse(params.data(), params.size());
    if (doc.HasParseError() || !doc.IsObject()) return false;
    const auto it = doc.FindMember(name);
    return it != doc.MemberEnd() && it->value.IsBool() && it->value.GetBool();
}

// A list of integers of the job's params ({"file_ids": [1, 3]}); empty when absent.
std::set<std::int64_t> id_list(const std::string& params, const char* name) {
    std::set<std::int64_t> ids;
    rapidjson::Document doc;
    doc.Parse(params.data(), params.size());
    if (doc.HasParseError() || !doc.IsObject()) return ids;
    const auto it = doc.FindMember(name);
    if (it == doc.MemberEnd() || !it->value.IsArray()) return ids;
    for (const auto& v : it->value.GetArray())
        if (v.IsInt64()) ids.insert(v.GetInt64());
    return ids;
}

}  // namespace

std::unique_ptr<ItemWork> ActionRunner::work_for(const db::ActionJob& job) {
    switch (job.kind) {
        case ActionKind::kDelete: return std::make_unique<DeleteWork>(db_, queue_, client_);
        case ActionKind::kRepair:
        case ActionKind::kRestore: {
            RepairOptions options;
            options.restore = job.kind == ActionKind::kRestore;
            options.allow_download = flag(job.params, "allow_download");
            return std::make_unique<RepairWork>(db_, queue_, client_, options);
        }
        case ActionKind::kLinks:
            return std::make_unique<LinksWork>(db_, queue_, client_,
                                               id_list(job.params, "file_ids"));
        default: return nullptr;
    }
}

void ActionRunner::run_queued() {
    while (auto job = queue_.claim_next(pid_, false)) run_job(*job);
}

void ActionRunner::run_interactive_jobs() {
    if (depth_ > 0 || !queue_.interactive_waiting()) return;
    ++depth_;
    while (auto job = queue_.claim_next(pid_, true)) run_job(*job);
    --depth_;
    limiter_.set_priority(false);
}

std::string ActionRunner::summary(const db::ItemCounts& c) const {
    return std::to_string(c.done) + " done, " + std::to_string(c.failed) + " failed, " +
           std::to_string(c.skipped) + " skipped";
}

JobState ActionRunner::run_job(const db::ActionJob& job) {
    const std::string kind(action_kind_name(job.kind));
    auto work = work_for(job);
    if (!work) {
        queue_.skip_pending(job.id, "this Redriva cannot " + kind + " yet");
        queue_.finish(job.id, JobState::kFailed, kind + " is not supported by this version");
        return JobState::kFailed;
    }
    limiter_.set_priority(job.interactive);

    struct Active {
        db::ActionItem item;
        std::int64_t ready_at = 0;
        int transient = 0;
    };
    std::deque<db::ActionItem> waiting;
    for (auto& item : queue_.items(job.id))
        if (item.state == ItemState::kPending || item.state == ItemState::kRunning)
            waiting.push_back(std::move(item));
    std::vector<Active> active;
    int events = 0;
    bool cancelled = false;

    const auto close_item = [&](const db::ActionItem& item) {
        queue_.note_progress(job.id);
        if (item.state == ItemState::kFailed && events++ < kMaxItemEvents)
            queue_.add_event(
                job.id, "warn",
                (item.filename.empty() ? item.torrent_id : item.filename) + ": " + item.reason);
    };

    try {
        while (!waiting.empty() || !active.empty()) {
            if (!cancelled && queue_.cancel_requested(job.id)) {
                cancelled = true;
                waiting.clear();
                queue_.skip_pending(job.id, "cancelled");
            }
            if (!job.interactive) run_interactive_jobs();
            const auto parallel = static_cast<std::size_t>(std::max(1, work->max_parallel()));
            while (active.size() < parallel && !waiting.empty()) {
                db::ActionItem item = std::move(waiting.front());
                waiting.pop_front();
                item.state = ItemState::kRunning;
                queue_.set_item(item);
                active.push_back({std::move(item), clock_.now_ms(), 0});
            }
            auto next = std::min_element(
                active.begin(), active.end(),
                [](const Active& a, const Active& b) { return a.ready_at < b.ready_at; });
            const std::int64_t now = clock_.now_ms();
            if (next->ready_at > now) {
                clock_.sleep_ms(std::min(next->ready_at - now, kLookAroundMs));
                continue;
            }
            const Advance step = work->advance(next->item);
            switch (step.kind) {
                case Advance::Kind::kFinished:
                    close_item(next->item);
                    active.erase(next);
                    break;
                case Advance::Kind::kLater: next->ready_at = clock_.now_ms() + step.wait_ms; break;
                case Advance::Kind::kTransient:
                    if (++next->transient >= kMaxTransient) {
                        next->item.state = ItemState::kFailed;
                        next->item.reason = "gave up after " + std::to_string(next->transient) +
                                            " tries: " + step.why;
                        queue_.set_item(next->item);
                        close_item(next->item);
                        active.erase(next);
                        break;
                    }
                    // Said on the item while it waits (the job's page shows why).
                    next->item.reason = "waiting to try again: " + step.why;
                    queue_.set_item(next->item);
                    // Longer each time: a storm of 429s or 509s passes.
                    next->ready_at =
                        clock_.now_ms() +
                        std::min(kMaxWaitMs, step.wait_ms << std::min(next->transient - 1, 5));
                    break;
            }
        }
    } catch (const sync::AuthError&) {
        queue_.skip_pending(job.id, "Real-Debrid refused the API token");
        for (auto& a : active) {
            a.item.state = ItemState::kSkipped;
            a.item.reason = "Real-Debrid refused the API token";
            queue_.set_item(a.item);
        }
        queue_.finish(job.id, JobState::kFailed, "Real-Debrid refused the API token");
        limiter_.set_priority(false);
        throw;
    }
    limiter_.set_priority(false);
    const db::ItemCounts counts = queue_.counts(job.id);
    const JobState state = cancelled ? JobState::kCancelled : JobState::kDone;
    queue_.finish(job.id, state, kind + ": " + summary(counts));
    return state;
}

}  // namespace redriva::actions
