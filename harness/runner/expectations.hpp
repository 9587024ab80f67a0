#pragma once
// Judging one expectation (README "Expectations") against what a step left behind. Pure: the
// observation is gathered first (case_runner), templates are expanded with the scenario's
// context, and the result says pass, fail, or "could not be judged" with expected and actual.
#include <string>
#include <vector>

#include "harness/runner/accounts.hpp"
#include "harness/runner/observation.hpp"
#include "harness/scenario/check_registry.hpp"
#include "harness/scenario/model.hpp"
#include "harness/scenario/templating.hpp"

namespace syncsuite::runner {

struct Judgement {
  enum class Kind { pass, fail, unjudgeable };
  Kind kind = Kind::unjudgeable;
  std::string expected;  // one line per assertion
  std::string actual;    // one line per assertion that did not hold (all of them on pass)
  std::string message;   // first problem, one line
};

struct JudgeContext {
  scenario::TemplateContext& templates;
  scenario::Locals locals;
  const std::vector<Account>& accounts;
};

Judgement judge(const scenario::Expectation& expectation, const Observation& observation,
                JudgeContext& context);

// Graded, fail-closed: a broken MUST fails, a broken SHOULD warns, the unjudgeable is an error.
reports::Verdict grade(Judgement::Kind kind, scenario::Level level);

// Pieces, exposed for tests.
bool status_matches(const std::vector<scenario::StatusAlternative>& alternatives, int status);
std::string describe_status(const std::vector<scenario::StatusAlternative>& alternatives);
// The media type of a Content-Type value, lower case, without parameters.
std::string media_type(std::string_view content_type);

// Which accounts an expectation probes on the server, and whether it needs a snapshot first.
struct ProbeNeeds {
  std::vector<int> status_accounts;   // GET /status/ after the step
  std::vector<int> record_accounts;   // pull of run records after the step
  bool snapshot_before = false;       // nothing_stored: status and records before the step too
  std::vector<WalkKey> walks;         // isolated: pull walks of (account, limit, max_pages)
};
ProbeNeeds probe_needs(const std::vector<scenario::Expectation>& expectations,
                       const std::vector<int>& scenario_accounts);

}  // namespace syncsuite::runner
