#include "mockserver/fault_injector.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace syncsuite::mockserver {
namespace {

FaultPlan plan_of(const std::string& json) {
  auto plan = parse_fault_plan(json);
  EXPECT_TRUE(plan.ok()) << (plan.ok() ? "" : plan.error().message);
  return plan.ok() ? plan.value() : FaultPlan{};
}

// Which of `count` requests (numbered from 1) got a fault.
std::vector<int> fired_on(FaultInjector& injector, int count,
                          const std::string& method = "POST",
                          const std::string& target = "/api/v1/sync/push/") {
  std::vector<int> out;
  for (int i = 1; i <= count; ++i) {
    if (injector.decide(method, target)) {
      out.push_back(i);
    }
  }
  return out;
}

TEST(FaultInjector, NoPlanNoFault) {
  FaultInjector injector;
  EXPECT_TRUE(fired_on(injector, 10).empty());
}

TEST(FaultInjector, NthFiresOnceOnTheNthMatchingRequest) {
  FaultInjector injector;
  injector.install(plan_of(R"({"rules": [{"nth": 3, "action": "drop"}]})"));
  EXPECT_EQ(fired_on(injector, 10), (std::vector<int>{3}));
}

TEST(FaultInjector, NthWithTimesFiresOnConsecutiveRequests) {
  FaultInjector injector;
  injector.install(plan_of(R"({"rules": [{"nth": 2, "times": 3, "action": "reset"}]})"));
  EXPECT_EQ(fired_on(injector, 10), (std::vector<int>{2, 3, 4}));
}

TEST(FaultInjector, EveryFiresPeriodicallyUntilTimes) {
  FaultInjector unlimited;
  unlimited.install(plan_of(R"({"rules": [{"every": 3, "action": "drop"}]})"));
  EXPECT_EQ(fired_on(unlimited, 10), (std::vector<int>{3, 6, 9}));

  FaultInjector limited;
  limited.install(plan_of(R"({"rules": [{"every": 2, "times": 2, "action": "drop"}]})"));
  EXPECT_EQ(fired_on(limited, 10), (std::vector<int>{2, 4}));
}

TEST(FaultInjector, NoTriggerFiresOnEveryMatchingRequest) {
  FaultInjector injector;
  injector.install(plan_of(R"({"rules": [{"times": 2, "action": "drop"}]})"));
  EXPECT_EQ(fired_on(injector, 5), (std::vector<int>{1, 2}));
}

TEST(FaultInjector, MatchesMethodAndPathPrefixIgnoringTheQuery) {
  FaultInjector injector;
  injector.install(plan_of(
      R"({"rules": [{"method": "GET", "path": "/api/v1/sync/pull/", "action": "drop"}]})"));
  EXPECT_TRUE(injector.decide("GET", "/api/v1/sync/pull/?since=c1&limit=5"));
  EXPECT_TRUE(injector.decide("GET", "/api/v1/sync/pull/"));
  EXPECT_FALSE(injector.decide("POST", "/api/v1/sync/pull/"));
  EXPECT_FALSE(injector.decide("GET", "/api/v1/sync/status/"));
  EXPECT_FALSE(injector.decide("GET", "/api/v1/sync/"));
  // The query is not part of the path: a prefix never matches into it.
  injector.install(plan_of(R"({"rules": [{"path": "/api/v1/sync/pull/?since", "action": "drop"}]})"));
  EXPECT_FALSE(injector.decide("GET", "/api/v1/sync/pull/?since=c1"));
}

TEST(FaultInjector, CountsOnlyMatchingRequests) {
  FaultInjector injector;
  injector.install(plan_of(R"({"rules": [{"method": "POST", "nth": 2, "action": "drop"}]})"));
  EXPECT_FALSE(injector.decide("POST", "/a/"));
  EXPECT_FALSE(injector.decide("GET", "/a/"));
  EXPECT_FALSE(injector.decide("GET", "/a/"));
  EXPECT_TRUE(injector.decide("POST", "/a/"));
  const auto rules = injector.rules();
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].matched, 2u);
  EXPECT_EQ(rules[0].fired, 1u);
}

TEST(FaultInjector, ReturnsTheRuleAction) {
  FaultInjector injector;
  injector.install(plan_of(R"({"rules": [{"action": "status", "status": 502}]})"));
  auto action = injector.decide("GET", "/x/");
  ASSERT_TRUE(action);
  EXPECT_EQ(action->kind, FaultKind::status);
  EXPECT_EQ(action->status, 502);
}

TEST(FaultInjector, FirstDueRuleWinsAndAShadowedNthRuleFiresLater) {
  FaultInjector injector;
  injector.install(plan_of(R"({"rules": [
      {"nth": 2, "action": "status", "status": 500},
      {"nth": 2, "action": "drop"}]})"));
  EXPECT_FALSE(injector.decide("GET", "/x/"));
  auto second = injector.decide("GET", "/x/");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->kind, FaultKind::status);
  auto third = injector.decide("GET", "/x/");
  ASSERT_TRUE(third);
  EXPECT_EQ(third->kind, FaultKind::drop);
  EXPECT_FALSE(injector.decide("GET", "/x/"));
}

TEST(FaultInjector, ProbabilityIsReproducibleFromTheSeed) {
  const std::string plan = R"({"seed": 42, "rules": [{"probability": 0.5, "action": "drop"}]})";
  FaultInjector first;
  FaultInjector second;
  first.install(plan_of(plan));
  second.install(plan_of(plan));
  const auto a = fired_on(first, 200);
  const auto b = fired_on(second, 200);
  EXPECT_EQ(a, b);
  // Some fired, some did not: a coin, not a constant.
  EXPECT_GT(a.size(), 0u);
  EXPECT_LT(a.size(), 200u);

  FaultInjector other_seed;
  other_seed.install(
      plan_of(R"({"seed": 43, "rules": [{"probability": 0.5, "action": "drop"}]})"));
  EXPECT_NE(fired_on(other_seed, 200), a);
}

TEST(FaultInjector, ProbabilityZeroNeverAndOneAlways) {
  FaultInjector never;
  never.install(plan_of(R"({"rules": [{"probability": 0, "action": "drop"}]})"));
  EXPECT_TRUE(fired_on(never, 50).empty());
  FaultInjector always;
  always.install(plan_of(R"({"rules": [{"probability": 1, "times": 3, "action": "drop"}]})"));
  EXPECT_EQ(fired_on(always, 50), (std::vector<int>{1, 2, 3}));
}

TEST(FaultInjector, InstallRestartsCountersAndClearRemovesRules) {
  FaultInjector injector;
  const auto plan = plan_of(R"({"rules": [{"nth": 2, "action": "drop"}]})");
  injector.install(plan);
  EXPECT_EQ(fired_on(injector, 3), (std::vector<int>{2}));
  injector.install(plan);
  EXPECT_EQ(fired_on(injector, 3), (std::vector<int>{2}));
  injector.clear();
  EXPECT_TRUE(fired_on(injector, 3).empty());
  EXPECT_TRUE(injector.rules().empty());
}

TEST(FaultInjector, JsonShowsThePlanWithCounters) {
  FaultInjector injector;
  injector.install(plan_of(R"({"seed": 9, "rules": [{"every": 2, "action": "reset"}]})"));
  fired_on(injector, 5);
  const auto json = injector.to_json();
  EXPECT_EQ(json["seed"], 9);
  ASSERT_EQ(json["rules"].size(), 1u);
  EXPECT_EQ(json["rules"][0]["action"], "reset");
  EXPECT_EQ(json["rules"][0]["every"], 2);
  EXPECT_EQ(json["rules"][0]["matched"], 5);
  EXPECT_EQ(json["rules"][0]["fired"], 2);
}

}  // namespace
}  // namespace syncsuite::mockserver
