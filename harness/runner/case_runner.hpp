#pragma once
// Running one scenario against the target: note each account's status (the baselines of deltas
// and the devices' start cursors), open the devices, run the given states and the steps, judge
// the automatic checks, and return the scenario's result with its wire log.
#include "harness/runner/case_state.hpp"
#include "reports/run_result.hpp"

namespace syncsuite::runner {

reports::ScenarioResult run_case(const scenario::Scenario& scenario, RunEnv& env);

// The automatic check 3/no-plaintext-on-wire over a wire log (exposed for tests): fails when any
// response body holds the canary.
reports::CheckResult judge_no_plaintext(const std::vector<reports::Exchange>& log,
                                        const std::string& canary,
                                        const scenario::CheckRegistry& registry);

}  // namespace syncsuite::runner
