#include "actions/action_runner.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <set>
#include <vector>

#include <rapidjson/document.h>

#include "actions/add_work.h"
#include "actions/check_work.h"
#include "actions/delete_work.h"
#include "actions/links_work.h"
#include "actions/repair_work.h"
#include "actions/select_work.h"

namespace redriva::actions {

namespace {

constexpr int kMaxItemEvents = 20;           // failed items logged one by one per job
constexpr std::int64_t kLookAroundMs = 500;  // cancel and interactive jobs, while waiting

}  // namespace

ActionRunner::ActionRunner(db::Database& db, db::ActionQueue& queue, sync::RdClient& client,
                           sync::RateLimiter& limiter, sync::Clock& clock, std::int64_t pid,
                           double wait_scale)
    : db_(db),
      queue_(queue),
      client_(client),
      limiter_(limiter),
      clock_(clock),
      pid_(pid),
      wait_scale_(std::clamp(wait_scale, 0.001, 1.0)) {}

namespace {

// A job's options ({"allow_download": true, "file_ids": [1, 3], "select": "all"}),
// read once; an option that is absent or of another type reads as not given.
class JobParams {
public:
    explicit JobParams(const std::string& json) {
        doc_.Parse<rapidjson::kParseIterativeFlag>(json.data(), json.size());
        if (doc_.HasParseError() || !doc_.IsObject()) doc_.SetObject();
    }
    bool flag(const char* name) const {
        const auto* v = find(name);
        return v && v->IsBool() && v->GetBool();
    }
    std::string text(const char* name) const {
        const auto* v = find(name);
        return v && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : "";
    }
    std::optional<std::int64_t> number(const char* name) const {
        const auto* v = find(name);
        return v && v->IsInt64() ? std::optional<std::int64_t>(v->GetInt64()) : std::nullopt;
    }
    std::set<std::int64_t> ids(const char* name) const {
        std::set<std::int64_t> out;
        const auto* v = find(name);
        if (v && v->IsArray())
            for (const auto& id : v->GetArray())
                if (id.IsInt64()) out.insert(id.GetInt64());
        return out;
    }

private:
    const rapidjson::Value* find(const char* name) const {
        const auto it = doc_.FindMember(name);
        return it == doc_.MemberEnd() ? nullptr : &it->value;
    }
    rapidjson::Document doc_;
};

}  // namespace

std::unique_ptr<ItemWork> ActionRunner::work_for(const db::ActionJob& job) {
    const JobParams params(job.params);
    const Selection selection = parse_selection(params.text("select")).value_or(Selection::kAuto);
    switch (job.kind) {
        case ActionKind::kDelete: return std::make_unique<DeleteWork>(db_, queue_, client_);
        case ActionKind::kRepair:
        case ActionKind::kRestore: {
            RepairOptions options;
            options.restore = job.kind == ActionKind::kRestore;
            options.allow_download = params.flag("allow_download");
            return std::make_unique<RepairWork>(db_, queue_, client_, options);
        }
        case ActionKind::kLinks:
            return std::make_unique<LinksWork>(db_, queue_, client_, params.ids("file_ids"));
        case ActionKind::kAdd: return std::make_unique<AddWork>(db_, queue_, client_, selection);
        // An import adds hashes without a person to choose: the automatic rule.
        case ActionKind::kImport:
            return std::make_unique<AddWork>(db_, queue_, client_, Selection::kAuto);
        case ActionKind::kCheck: {
            int per_minute = CheckWork::kDefaultPerMinute;
            if (const auto n = params.number("per_minute"); n && *n > 0)
                per_minute = static_cast<int>(std::min<std::int64_t>(*n, 600));
            return std::make_unique<CheckWork>(db_, queue_, client_, per_minute);
        }
        case ActionKind::kSelect:
            return std::make_unique<SelectWork>(db_, queue_, client_, params.ids("file_ids"),
                                                selection);
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
        if (on_finished_) on_finished_(job, JobState::kFailed);
        return JobState::kFailed;
    }
    limiter_.set_priority(job.interactive);

    struct Active {
        db::ActionItem item;
        std::int64_t ready_at = 0;
        int transient = 0;
        int slot_waits = 0;
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
                active.push_back({std::move(item), clock_.now_ms(), 0, 0});
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
                case Advance::Kind::kTransient: {
                    const int tries = step.slots_full ? ++next->slot_waits : ++next->transient;
                    if (tries >= (step.slots_full ? kMaxSlotWaits : kMaxTransient)) {
                        next->item.state = ItemState::kFailed;
                        next->item.reason =
                            "gave up after " + std::to_string(tries) + " tries: " + step.why;
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
                        static_cast<std::int64_t>(
                            wait_scale_ * static_cast<double>(std::min(
                                              kMaxWaitMs, step.wait_ms << std::min(tries - 1, 5))));
                    break;
                }
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
        if (on_finished_) on_finished_(job, JobState::kFailed);
        throw;
    }
    limiter_.set_priority(false);
    const db::ItemCounts counts = queue_.counts(job.id);
    const JobState state = cancelled ? JobState::kCancelled : JobState::kDone;
    queue_.finish(job.id, state, kind + ": " + summary(counts));
    if (on_finished_) on_finished_(job, state);
    return state;
}

}  // namespace redriva::actions
