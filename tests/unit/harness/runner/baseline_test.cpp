#include "harness/runner/baseline.hpp"

#include <gtest/gtest.h>

namespace syncsuite::runner {
namespace {

scenario::CheckRegistry registry() {
  std::vector<scenario::LoadError> errors;
  return scenario::CheckRegistry::parse(
      "tags: [a]\nchecks:\n  - {id: 3/no-plaintext-on-wire, section: '3', level: MUST, text: t}\n"
      "  - {id: 4.2/a, section: '4.2', level: MUST, text: t}\n"
      "  - {id: 4.2/b, section: '4.2', level: MUST, text: t}\n"
      "  - {id: 5/c, section: '5', level: MUST, text: t}\n",
      "checks.yaml", errors);
}

TEST(Baseline, ParsesAListOfKnownIds) {
  std::vector<scenario::LoadError> errors;
  const auto ids = parse_baseline("- 4.2/a\n- 5/c\n", "b.yaml", registry(), errors);
  EXPECT_TRUE(errors.empty()) << scenario::to_string(errors);
  EXPECT_EQ(ids, (std::set<std::string>{"4.2/a", "5/c"}));
  EXPECT_TRUE(parse_baseline("", "b.yaml", registry(), errors).empty());
  EXPECT_TRUE(errors.empty());
}

TEST(Baseline, UnknownIdsAndShapesAreErrorsWithLines) {
  std::vector<scenario::LoadError> errors;
  (void)parse_baseline("- 4.2/a\n- 4.2/zzz\n", "b.yaml", registry(), errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 2);
  EXPECT_EQ(errors[0].field, "[1]");
  EXPECT_NE(errors[0].message.find("unknown check id '4.2/zzz'"), std::string::npos);
  errors.clear();
  (void)parse_baseline("ids: [4.2/a]\n", "b.yaml", registry(), errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message.find("must be a list"), std::string::npos);
}

reports::CheckResult check(std::string id, reports::Verdict v) {
  reports::CheckResult c;
  c.id = std::move(id);
  c.verdict = v;
  return c;
}

TEST(Baseline, KnownFailuresDoNotGateAndFixedOnesAreReported) {
  reports::RunResult run;
  run.scenarios.resize(2);
  run.scenarios[0].checks = {check("4.2/a", reports::Verdict::fail), check("4.2/b", reports::Verdict::pass)};
  run.scenarios[1].checks = {check("4.2/b", reports::Verdict::pass), check("5/c", reports::Verdict::fail),
                             check("4.2/a", reports::Verdict::pass)};
  apply_baseline(run, {"4.2/a", "4.2/b"});
  EXPECT_TRUE(run.scenarios[0].checks[0].baseline_known);
  EXPECT_FALSE(run.scenarios[0].checks[1].baseline_known);
  EXPECT_FALSE(run.scenarios[1].checks[1].baseline_known);  // 5/c is not listed: it gates
  // 4.2/a still fails somewhere; 4.2/b passes everywhere: time to drop it from the baseline.
  EXPECT_EQ(run.baseline_fixed, std::vector<std::string>{"4.2/b"});
}

TEST(Baseline, AnErrorIsAKnownFailureToo) {
  reports::RunResult run;
  run.scenarios.resize(1);
  run.scenarios[0].checks = {check("4.2/a", reports::Verdict::error)};
  apply_baseline(run, {"4.2/a"});
  EXPECT_TRUE(run.scenarios[0].checks[0].baseline_known);
  EXPECT_TRUE(run.baseline_fixed.empty());
}

}  // namespace
}  // namespace syncsuite::runner
