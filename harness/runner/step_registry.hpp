#pragma once
// One table of step kinds: each kind of scenario::StepAction and the executor that carries it
// out on the run's loop (put, delete, sync, push, pull, resolve, clock, request, concurrently,
// sequence, repeat, expect). The loader's parser table is the only other place a kind is named.
#include "harness/runner/step_pipeline.hpp"

namespace syncsuite::runner {

void execute_action(const scenario::Step& step, CaseState& state, const scenario::Locals& locals,
                    StepDone done);

// A JSON document of exactly `bytes` bytes (at least 64) for body_size: a push body with an empty
// record list and a long "pad" string.
std::string filler_body(std::size_t bytes);

}  // namespace syncsuite::runner
