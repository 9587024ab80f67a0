#pragma once
// Named `given:` states (README "Given states"): one table mapping a state's name to the steps
// that set it up and the devices those steps use.
#include <string>
#include <string_view>
#include <vector>

#include "harness/scenario/model.hpp"

namespace syncsuite::scenario {

struct GivenState {
  std::string_view name;
  std::string_view summary;  // one line for docs and errors
  std::string_view default_id;
  // The setup steps for `use` (device, other, table, id resolved to the use's values).
  std::vector<Step> (*steps)(const GivenUse& use, const std::string& id);
  bool uses_other;  // needs the second device (`other`, default laptop)
};

const std::vector<GivenState>& given_states();
const GivenState* find_given_state(std::string_view name);

// The setup steps of one use, ids defaulted; marks point at the `given:` entry.
std::vector<Step> given_steps(const GivenState& state, const GivenUse& use);

}  // namespace syncsuite::scenario
