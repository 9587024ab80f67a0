#include "reports/summary.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "tests/unit/reports/sample_run.hpp"

namespace syncsuite::reports {
namespace {

CheckResult check(Verdict verdict, bool known = false, std::string section = "4.2") {
  CheckResult c;
  c.id = section + "/x";
  c.section = std::move(section);
  c.verdict = verdict;
  c.baseline_known = known;
  return c;
}

ScenarioResult scenario(Verdict verdict, std::vector<CheckResult> checks, std::string error = "") {
  ScenarioResult s;
  s.verdict = verdict;
  s.checks = std::move(checks);
  s.error = std::move(error);
  return s;
}

TEST(SummaryTest, SampleRunCountsEveryOutcomeOnce) {
  const Summary summary = summarize(testing::sample_run());
  EXPECT_EQ(summary.scenarios,
            (Counts{.pass = 1, .fail = 1, .warn = 1, .error = 1, .skipped = 1, .known = 1}));
  EXPECT_EQ(summary.scenarios.total(), 6u);
  EXPECT_EQ(summary.checks,
            (Counts{.pass = 4, .fail = 1, .warn = 1, .error = 1, .skipped = 1, .known = 1}));
  EXPECT_EQ(summary.worst, Verdict::fail);
  EXPECT_EQ(summary.baseline_fixed, 1u);
}

TEST(SummaryTest, SectionsCountChecksAndSortByNumber) {
  const Summary summary = summarize(testing::sample_run());
  std::vector<std::string> order;
  for (const auto& [section, counts] : summary.sections) order.push_back(section);
  EXPECT_EQ(order, (std::vector<std::string>{"1", "4.2", "5", "7", "10"}));
  EXPECT_EQ(summary.sections.at("4.2"), (Counts{.pass = 2, .fail = 1}));
  EXPECT_EQ(summary.sections.at("7"), (Counts{.pass = 1, .known = 1}));
  EXPECT_EQ(summary.sections.at("1"), (Counts{.warn = 1, .skipped = 1}));
}

TEST(SummaryTest, SectionOrderIsNumericThenText) {
  const SectionLess less;
  EXPECT_TRUE(less("2", "10"));
  EXPECT_TRUE(less("4.2", "4.10"));
  EXPECT_TRUE(less("4", "4.1"));
  EXPECT_FALSE(less("10", "2"));
  EXPECT_TRUE(less("10", ""));
  EXPECT_TRUE(less("9", "appendix"));
  EXPECT_FALSE(less("4.2", "4.2"));
}

TEST(SummaryTest, EmptyRunIsPass) {
  const Summary summary = summarize(RunResult{});
  EXPECT_EQ(summary.worst, Verdict::pass);
  EXPECT_EQ(summary.scenarios.total(), 0u);
  EXPECT_TRUE(summary.sections.empty());
}

TEST(SummaryTest, KnownFailureDoesNotGate) {
  RunResult run;
  run.scenarios.push_back(
      scenario(Verdict::fail, {check(Verdict::pass), check(Verdict::fail, true)}));
  const Summary summary = summarize(run);
  EXPECT_EQ(summary.worst, Verdict::pass);
  EXPECT_EQ(summary.scenarios.known, 1u);
  EXPECT_EQ(summary.checks.known, 1u);
  EXPECT_EQ(summary.checks.fail, 0u);
}

TEST(SummaryTest, KnownFailureBesideNewWarningStillWarns) {
  const ScenarioResult s =
      scenario(Verdict::fail, {check(Verdict::warn), check(Verdict::fail, true)});
  EXPECT_EQ(outcome(s), Outcome::known);
  EXPECT_EQ(gating_verdict(s), Verdict::warn);
}

TEST(SummaryTest, NewFailureBesideKnownOneGates) {
  const ScenarioResult s =
      scenario(Verdict::fail, {check(Verdict::fail), check(Verdict::fail, true)});
  EXPECT_EQ(outcome(s), Outcome::fail);
  EXPECT_EQ(gating_verdict(s), Verdict::fail);
}

TEST(SummaryTest, SetupErrorIsNeverKnown) {
  const ScenarioResult s = scenario(Verdict::error, {check(Verdict::error, true)}, "target gone");
  EXPECT_EQ(outcome(s), Outcome::error);
  EXPECT_EQ(gating_verdict(s), Verdict::error);
}

TEST(SummaryTest, FailedScenarioWithoutFailingChecksIsNotKnown) {
  // Fail-closed: a verdict the checks do not explain is not excused by the baseline.
  const ScenarioResult s = scenario(Verdict::fail, {check(Verdict::pass, true)});
  EXPECT_EQ(outcome(s), Outcome::fail);
}

TEST(SummaryTest, BaselineFlagOnPassingCheckCountsAsPass) {
  EXPECT_EQ(outcome(check(Verdict::pass, true)), Outcome::pass);
  EXPECT_EQ(outcome(check(Verdict::warn, true)), Outcome::warn);
  EXPECT_EQ(outcome(check(Verdict::error, true)), Outcome::known);
}

TEST(SummaryTest, WorstAcrossScenariosFollowsGatingOrder) {
  RunResult run;
  run.scenarios.push_back(scenario(Verdict::skipped, {check(Verdict::skipped)}));
  run.scenarios.push_back(scenario(Verdict::warn, {check(Verdict::warn)}));
  EXPECT_EQ(summarize(run).worst, Verdict::warn);
  run.scenarios.push_back(scenario(Verdict::error, {check(Verdict::error)}));
  EXPECT_EQ(summarize(run).worst, Verdict::error);
  run.scenarios.push_back(scenario(Verdict::fail, {check(Verdict::fail)}));
  EXPECT_EQ(summarize(run).worst, Verdict::fail);
}

TEST(SummaryTest, OutcomeNames) {
  EXPECT_EQ(to_string(Outcome::known), "known");
  EXPECT_EQ(to_string(Outcome::skipped), "skipped");
}

}  // namespace
}  // namespace syncsuite::reports
