#include "domain/vocabulary_json.h"

#include "common/json_writer.h"
#include "domain/job.h"
#include "domain/status.h"

namespace redriva {

namespace {

std::string build() {
    rapidjson::StringBuffer buffer;
    json::Writer w(buffer);
    w.StartObject();
    json::key(w, "statuses");
    w.StartObject();
    for (const auto& s : kStatusTable) json::member(w, s.name, phase_name(s.phase));
    w.EndObject();
    json::key(w, "groups");
    w.StartObject();
    for (const auto& g : kStatusGroups) {
        json::key(w, g.name);
        w.StartArray();
        for (auto status : g.statuses) json::string(w, status);
        w.EndArray();
    }
    w.EndObject();
    json::key(w, "job_states");
    w.StartArray();
    for (const auto& state : kJobStates) json::string(w, state.name);
    w.EndArray();
    json::key(w, "sync_modes");
    w.StartArray();
    for (const auto& m : kSyncModes) json::string(w, m.name);
    w.EndArray();
    json::key(w, "action_kinds");
    w.StartArray();
    for (const auto& a : kActionKinds) json::string(w, a.name);
    w.EndArray();
    json::key(w, "item_states");
    w.StartArray();
    for (const auto& s : kItemStates) json::string(w, s.name);
    w.EndArray();
    w.EndObject();
    return json::text(buffer);
}

}  // namespace

const std::string& vocabulary_json() {
    static const std::string json = build();
    return json;
}

}  // namespace redriva
