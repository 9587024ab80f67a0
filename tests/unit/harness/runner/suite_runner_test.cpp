#include "harness/runner/suite_runner.hpp"

#include <gtest/gtest.h>

#include "harness/scenario/loader.hpp"

namespace syncsuite::runner {
namespace {

Catalogue catalogue() {
  Catalogue c;
  std::vector<scenario::LoadError> errors;
  c.registry = scenario::CheckRegistry::parse(
      "tags: [push, pull]\nchecks:\n  - {id: 3/no-plaintext-on-wire, section: '3', level: MUST, text: t}\n"
      "  - {id: 4.2/lww, section: '4.2', level: MUST, text: t}\n"
      "  - {id: 5/cursor, section: '5', level: MUST, text: t}\n",
      "checks.yaml", errors);
  c.scenarios = scenario::parse_scenarios(
      "scenario: push/a\ndescription: d\nsections: ['4']\ntags: [push]\ndevices: {p: 0}\n"
      "steps: [{sync: p, expect: {check: 4.2/lww, status: 200}}]\n---\n"
      "scenario: pull/b\ndescription: d\nsections: ['5']\ntags: [pull]\ndevices: {p: 0}\n"
      "steps: [{sync: p, expect: {check: 5/cursor, status: 200}}]\n---\n"
      "scenario: pull/c\ndescription: d\nsections: ['5']\ndevices: {p: 0}\n"
      "steps: [{repeat: {times: 2, steps: [{sync: p, expect: {check: 4.2/lww, ok: true}}]}}]\n",
      "s.yaml", c.registry, errors);
  EXPECT_TRUE(errors.empty()) << scenario::to_string(errors);
  return c;
}

std::vector<std::string> names(const std::vector<const scenario::Scenario*>& list) {
  std::vector<std::string> out;
  for (const auto* s : list) out.push_back(s->name);
  return out;
}

TEST(SuiteRunner, SelectsByTagAndIdGlob) {
  const auto c = catalogue();
  EXPECT_EQ(names(select_scenarios(c, {})), (std::vector<std::string>{"push/a", "pull/b", "pull/c"}));
  EXPECT_EQ(names(select_scenarios(c, {{"pull"}, {}})), std::vector<std::string>{"pull/b"});
  EXPECT_EQ(names(select_scenarios(c, {{}, {"pull/*"}})), (std::vector<std::string>{"pull/b", "pull/c"}));
  // A check id glob picks every scenario judging it, nested steps included.
  EXPECT_EQ(names(select_scenarios(c, {{}, {"4.2/*"}})), (std::vector<std::string>{"push/a", "pull/c"}));
  EXPECT_TRUE(select_scenarios(c, {{"push"}, {"5/*"}}).empty());
}

TEST(SuiteRunner, Globs) {
  EXPECT_TRUE(glob_match("4.2/*", "4.2/lww-later-wins"));
  EXPECT_TRUE(glob_match("push/lww-?ater*", "push/lww-later-wins"));
  EXPECT_FALSE(glob_match("4.2/*", "4.1/x"));
}

TEST(SuiteRunner, TheSeedFixesOrderAndPrefix) {
  const auto c = catalogue();
  auto a = select_scenarios(c, {});
  auto b = a;
  shuffle_by_seed(a, 42);
  shuffle_by_seed(b, 42);
  EXPECT_EQ(names(a), names(b));
  bool some_seed_reorders = false;
  for (std::uint64_t seed = 0; seed < 20 && !some_seed_reorders; ++seed) {
    auto x = select_scenarios(c, {});
    shuffle_by_seed(x, seed);
    some_seed_reorders = names(x) != names(select_scenarios(c, {}));
  }
  EXPECT_TRUE(some_seed_reorders);
  EXPECT_EQ(run_prefix_for(7), run_prefix_for(7));
  EXPECT_NE(run_prefix_for(7), run_prefix_for(8));
  EXPECT_EQ(run_prefix_for(7).size(), 11u);
  EXPECT_EQ(run_prefix_for(7)[0], 'r');
}

}  // namespace
}  // namespace syncsuite::runner
