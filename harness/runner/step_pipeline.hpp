#pragma once
// Running one step: snapshot the server when an expectation needs "before" (nothing_stored), carry
// out the step (step_registry), observe what its expectations need (server probes, device
// records) and judge them (expectations.hpp) into check results. Asynchronous on the run's loop.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/runner/case_state.hpp"
#include "harness/scenario/model.hpp"
#include "harness/scenario/templating.hpp"

namespace syncsuite::runner {

struct StepOutcome {
  std::string error;            // the step could not be carried out ("" = it ran)
  std::optional<bool> op_ok;    // device operations: completed or failed
  std::string op_error;         // why it failed
  bool lost_response = false;   // a lose_response step: its failure is the point
  std::optional<std::size_t> last_exchange;  // wire log index of the step's last exchange
  std::optional<scenario::Json> reply;  // device step: the device's answer (section 9)
  // A client under test does not support an optional request of contract 9 the step needs:
  // the scenario's remaining checks are skipped, never failed.
  std::string unsupported;
};
using StepDone = std::function<void(StepOutcome)>;

void run_step(const scenario::Step& step, CaseState& state, const scenario::Locals& locals,
              StepDone done);
// Runs `steps` in order; stops at the first step error (the scenario is then aborted).
void run_steps(const std::vector<scenario::Step>& steps, CaseState& state,
               const scenario::Locals& locals, StepDone done);

// The check result of a judged (or unjudgeable) expectation, graded by the check's level.
reports::CheckResult make_check_result(const scenario::Expectation& expectation,
                                       const scenario::CheckRegistry& registry,
                                       const std::string& step_name);

}  // namespace syncsuite::runner
