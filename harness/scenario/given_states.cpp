#include "harness/scenario/given_states.hpp"

namespace syncsuite::scenario {
namespace {

Step make(std::string kind, StepAction action, const std::string& label) {
  Step step;
  step.kind = std::move(kind);
  step.action = std::move(action);
  step.name = label;
  return step;
}

Step put(const GivenUse& use, const std::string& device, const std::string& id, Json data,
         const std::string& at) {
  return make("put", PutStep{device, use.table, id, std::move(data), at},
              "given " + use.state + ": put " + device + " " + use.table + "/" + id);
}

Step sync(const GivenUse& use, const std::string& device) {
  return make("sync", SyncStep{device, false}, "given " + use.state + ": sync " + device);
}

std::vector<Step> synced_record(const GivenUse& use, const std::string& id) {
  return {put(use, use.device, id, Json{{"text", "given " + id}}, "+0s"), sync(use, use.device)};
}

std::vector<Step> records_from_another_device(const GivenUse& use, const std::string& prefix) {
  std::vector<Step> steps;
  for (int n = 1; n <= 3; ++n) {
    const std::string id = prefix + std::to_string(n);
    steps.push_back(put(use, use.other, id, Json{{"text", "given " + id}}, "+0s"));
  }
  steps.push_back(sync(use, use.other));
  return steps;
}

std::vector<Step> pending_conflict(const GivenUse& use, const std::string& id) {
  return {put(use, use.device, id, Json{{"text", "server copy"}}, "+10s"), sync(use, use.device),
          put(use, use.other, id, Json{{"text", "local copy"}}, "+5s"), sync(use, use.other)};
}

std::vector<Step> tombstone(const GivenUse& use, const std::string& id) {
  auto steps = synced_record(use, id);
  steps.push_back(make("delete", DeleteStep{use.device, use.table, id, std::string("+1s")},
                       "given " + use.state + ": delete " + use.device + " " + use.table + "/" + id));
  steps.push_back(sync(use, use.device));
  return steps;
}

}  // namespace

const std::vector<GivenState>& given_states() {
  static const std::vector<GivenState> table = {
      {"synced-record", "phone put notes/g1 at +0s and synced (server v1)", "g1", &synced_record,
       false},
      {"records-from-another-device",
       "laptop put notes/g1..g3 at +0s and synced; phone has not pulled", "g",
       &records_from_another_device, true},
      {"pending-conflict",
       "phone synced notes/g1 at +10s; laptop pushed an older edit at +5s and holds a conflict",
       "g1", &pending_conflict, true},
      {"tombstone", "phone put notes/g1, synced, deleted it at +1s, synced (server v2, deleted)",
       "g1", &tombstone, false},
  };
  return table;
}

const GivenState* find_given_state(std::string_view name) {
  for (const auto& s : given_states()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::vector<Step> given_steps(const GivenState& state, const GivenUse& use) {
  const std::string id = use.id.value_or(std::string(state.default_id));
  auto steps = state.steps(use, id);
  for (auto& s : steps) s.mark = use.mark;
  return steps;
}

}  // namespace syncsuite::scenario
