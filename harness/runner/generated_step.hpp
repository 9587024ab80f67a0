#pragma once
// The `generated:` step: runs the generated negative-input campaign of one request
// (harness/generated) inside a scenario. Each case is one request built from a valid one with a
// single bad edit, sent through the scenario's wire log (so it has its curl replay), then judged
// with the server's state read after it; a case that breaks a MUST is shrunk to the smallest
// form that still does. Its verdicts are ordinary check results of the scenario.
#include "harness/runner/case_state.hpp"
#include "harness/runner/step_pipeline.hpp"
#include "harness/scenario/model.hpp"

namespace syncsuite::runner {

void run_generated(const scenario::GeneratedStep& spec, const scenario::Step& step,
                   CaseState& state, StepDone done);

}  // namespace syncsuite::runner
