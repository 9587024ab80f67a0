#pragma once
// Graded verdicts (after Autobahn|Testsuite), fail-closed: anything the suite could not judge is an
// `error`, never a pass.
#include <optional>
#include <string_view>

namespace syncsuite::reports {

enum class Verdict {
  pass,     // every MUST and SHOULD the check covers held
  fail,     // a MUST of the contract was broken
  warn,     // only a SHOULD was not met
  error,    // could not be judged: timeout, target gone, setup failed
  skipped,  // not run (not applicable to this target, or deselected)
};

// "pass", "fail", "warn", "error", "skipped": the spelling in every report.
std::string_view to_string(Verdict verdict);
// Inverse of to_string; nullopt for any other text (exact, case-sensitive).
std::optional<Verdict> parse_verdict(std::string_view text);

// Gating order, worst first: fail > error > warn > skipped > pass. A broken MUST outranks an
// unjudgeable check because it is a proven defect; an error still gates (fails the run) since a
// check that could not run proves nothing. skipped outranks pass so that a run of only skipped
// checks does not read as a clean pass.
int severity(Verdict verdict);  // pass = 0 ... fail = 4
Verdict worst(Verdict a, Verdict b);

}  // namespace syncsuite::reports
