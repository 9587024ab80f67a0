#pragma once
// Counting a run: what every writer shows in its header, and what the harness gates its exit code
// on.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "reports/run_result.hpp"

namespace syncsuite::reports {

// What a check or scenario counts as: its verdict, except that a fail or error the baseline lists
// counts as `known`: reported, but it does not gate the run.
enum class Outcome { pass, fail, warn, error, skipped, known };
std::string_view to_string(Outcome outcome);  // "pass" ... "known"

// known when the check's verdict is fail or error and the check is baseline_known.
Outcome outcome(const CheckResult& check);
// known when the scenario's verdict is fail or error, it has no setup error, and every one of its
// fail/error checks (at least one) is baseline-known; otherwise its verdict.
Outcome outcome(const ScenarioResult& scenario);

// The verdict a scenario gates with: its verdict, or, for a known failure, the worst verdict of its
// checks that are not known failures (a known failure next to a new warning still warns).
Verdict gating_verdict(const ScenarioResult& scenario);

// Sections sort by their numbers: "2" < "4.2" < "10". Anything else sorts as text after them.
struct SectionLess {
  bool operator()(std::string_view a, std::string_view b) const;
};

// Disjoint counts by outcome; total() is their sum.
struct Counts {
  std::size_t pass = 0;
  std::size_t fail = 0;  // new failures: broken MUSTs not listed in the baseline
  std::size_t warn = 0;
  std::size_t error = 0;  // not judged, not listed in the baseline
  std::size_t skipped = 0;
  std::size_t known = 0;  // fail or error, listed in the baseline
  void add(Outcome outcome);
  std::size_t of(Outcome outcome) const;
  std::size_t total() const;
  friend bool operator==(const Counts&, const Counts&) = default;
};

struct Summary {
  Counts scenarios;  // one per scenario, by outcome(scenario)
  Counts checks;     // one per check of every scenario, by outcome(check)
  std::map<std::string, Counts, SectionLess>
      sections;  // checks by CheckResult::section ("" when unset)
  // worst gating_verdict over all scenarios; pass for a run with no scenarios (the harness refuses
  // an empty selection before it gets here). fail or error means the run failed.
  Verdict worst = Verdict::pass;
  std::size_t baseline_fixed = 0;  // RunResult::baseline_fixed.size()
};

Summary summarize(const RunResult& run);

}  // namespace syncsuite::reports
