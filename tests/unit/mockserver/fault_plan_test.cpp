#include "mockserver/fault_plan.hpp"

#include <gtest/gtest.h>

#include <string>

namespace syncsuite::mockserver {
namespace {

TEST(FaultPlan, ParsesEveryActionAndTrigger) {
  auto plan = parse_fault_plan(R"({"seed": 7, "rules": [
    {"method": "POST", "path": "/api/v1/sync/push/", "nth": 2, "times": 3,
     "action": "drop-after-commit"},
    {"path": "/api/v1/sync/pull/", "probability": 0.25, "action": "status", "status": 503,
     "body": {"detail": "maintenance"}},
    {"every": 3, "action": "delay", "delay_ms": 200},
    {"action": "truncate", "truncate_bytes": 20},
    {"action": "drop"},
    {"action": "reset"}]})");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->seed, 7u);
  ASSERT_EQ(plan->rules.size(), 6u);

  const auto& first = plan->rules[0];
  EXPECT_EQ(first.method, "POST");
  EXPECT_EQ(first.path_prefix, "/api/v1/sync/push/");
  EXPECT_EQ(first.nth, 2u);
  EXPECT_EQ(first.times, 3u);
  EXPECT_EQ(first.action.kind, FaultKind::drop_after_commit);

  const auto& second = plan->rules[1];
  EXPECT_EQ(second.probability, 0.25);
  EXPECT_EQ(second.action.kind, FaultKind::status);
  EXPECT_EQ(second.action.status, 503);
  EXPECT_EQ(nlohmann::json::parse(second.action.body), (nlohmann::json{{"detail", "maintenance"}}));

  EXPECT_EQ(plan->rules[2].every, 3u);
  EXPECT_EQ(plan->rules[2].action.kind, FaultKind::delay);
  EXPECT_EQ(plan->rules[2].action.delay_ms, 200u);
  EXPECT_EQ(plan->rules[3].action.kind, FaultKind::truncate);
  EXPECT_EQ(plan->rules[3].action.truncate_bytes, 20u);
  EXPECT_EQ(plan->rules[4].action.kind, FaultKind::drop);
  EXPECT_FALSE(plan->rules[4].nth || plan->rules[4].every || plan->rules[4].probability);
  EXPECT_EQ(plan->rules[5].action.kind, FaultKind::reset);
}

TEST(FaultPlan, EmptyRulesIsAValidPlan) {
  auto plan = parse_fault_plan(R"({"rules": []})");
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->rules.empty());
  EXPECT_EQ(plan->seed, 1u);
}

TEST(FaultPlan, RoundTripsThroughJson) {
  const std::string text = R"({"seed": 3, "rules": [
    {"method": "GET", "path": "/api/", "every": 2, "times": 5, "action": "status", "status": 500},
    {"nth": 4, "action": "delay", "delay_ms": 0},
    {"probability": 1, "action": "truncate"}]})";
  auto plan = parse_fault_plan(text);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  auto again = fault_plan_from_json(to_json(*plan));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(to_json(*again), to_json(*plan));
  EXPECT_EQ(to_json(*plan)["rules"][0]["action"], "status");
  EXPECT_EQ(to_json(*plan)["rules"][2].count("truncate_bytes"), 0u);
}

TEST(FaultPlan, AcceptsIntegersBuiltInCpp) {
  // json built in C++ holds signed integers, text gives unsigned ones: both are fine.
  nlohmann::json value = {{"seed", 5},
                          {"rules", {{{"nth", 2}, {"action", "delay"}, {"delay_ms", 10}}}}};
  auto plan = fault_plan_from_json(value);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->rules[0].nth, 2u);
  EXPECT_EQ(plan->rules[0].action.delay_ms, 10u);
}

TEST(FaultPlan, ActionNamesRoundTrip) {
  for (auto kind : {FaultKind::delay, FaultKind::status, FaultKind::drop,
                    FaultKind::drop_after_commit, FaultKind::reset, FaultKind::truncate}) {
    EXPECT_EQ(fault_kind_from_name(fault_kind_name(kind)), kind);
  }
  EXPECT_FALSE(fault_kind_from_name("drop_after_commit"));
}

TEST(FaultPlan, ReportsEveryProblemAtOnce) {
  auto plan = parse_fault_plan(
      R"({"rules": [{"action": "explode"}, {"nth": 0, "action": "drop"}], "colour": 1})");
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().code, "bad_fault_plan");
  const auto& message = plan.error().message;
  EXPECT_NE(message.find("rules[0].action"), std::string::npos) << message;
  EXPECT_NE(message.find("rules[1].nth"), std::string::npos) << message;
  EXPECT_NE(message.find("colour: unknown field"), std::string::npos) << message;
}

struct BadPlan {
  const char* name;
  const char* json;
  const char* expected;  // a piece of the error message: the field and the rule
};

class FaultPlanRejects : public ::testing::TestWithParam<BadPlan> {};

TEST_P(FaultPlanRejects, NamesTheField) {
  auto plan = parse_fault_plan(GetParam().json);
  ASSERT_FALSE(plan.ok()) << GetParam().json;
  EXPECT_NE(plan.error().message.find(GetParam().expected), std::string::npos)
      << plan.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, FaultPlanRejects,
    ::testing::Values(
        BadPlan{"NotJson", "{rules", "not valid JSON"},
        BadPlan{"NotObject", "[]", "must be a JSON object"},
        BadPlan{"MissingRules", "{}", "rules: missing"},
        BadPlan{"RulesNotArray", R"({"rules": {}})", "rules: must be an array"},
        BadPlan{"RuleNotObject", R"({"rules": [3]})", "rules[0]: must be an object"},
        BadPlan{"NegativeSeed", R"({"seed": -1, "rules": []})", "seed: must be a non-negative"},
        BadPlan{"UnknownRuleField", R"({"rules": [{"action": "drop", "nht": 2}]})",
                "rules[0].nht: unknown field"},
        BadPlan{"MissingAction", R"({"rules": [{"nth": 2}]})", "rules[0].action: missing"},
        BadPlan{"UnknownAction", R"({"rules": [{"action": "explode"}]})",
                "unknown action \"explode\""},
        BadPlan{"ActionNotString", R"({"rules": [{"action": 3}]})",
                "rules[0].action: must be a string"},
        BadPlan{"NthZero", R"({"rules": [{"action": "drop", "nth": 0}]})",
                "rules[0].nth: must be a positive integer"},
        BadPlan{"NthNegative", R"({"rules": [{"action": "drop", "nth": -2}]})",
                "rules[0].nth: must be a positive integer"},
        BadPlan{"NthFraction", R"({"rules": [{"action": "drop", "nth": 1.5}]})",
                "rules[0].nth: must be a positive integer"},
        BadPlan{"EveryZero", R"({"rules": [{"action": "drop", "every": 0}]})",
                "rules[0].every: must be a positive integer"},
        BadPlan{"TimesZero", R"({"rules": [{"action": "drop", "times": 0}]})",
                "rules[0].times: must be a positive integer"},
        BadPlan{"TwoTriggers", R"({"rules": [{"action": "drop", "nth": 1, "every": 2}]})",
                "at most one of nth, every, probability"},
        BadPlan{"ProbabilityOverOne", R"({"rules": [{"action": "drop", "probability": 1.5}]})",
                "rules[0].probability: must be a number from 0 to 1"},
        BadPlan{"ProbabilityText", R"({"rules": [{"action": "drop", "probability": "half"}]})",
                "rules[0].probability"},
        BadPlan{"DelayWithoutMs", R"({"rules": [{"action": "delay"}]})",
                "rules[0].delay_ms: missing"},
        BadPlan{"DelayTooLong", R"({"rules": [{"action": "delay", "delay_ms": 600001}]})",
                "rules[0].delay_ms: must be an integer from 0 to 600000"},
        BadPlan{"StatusWithoutCode", R"({"rules": [{"action": "status"}]})",
                "rules[0].status: missing"},
        BadPlan{"StatusTooLow", R"({"rules": [{"action": "status", "status": 99}]})",
                "rules[0].status: must be an integer from 100 to 599"},
        BadPlan{"StatusTooHigh", R"({"rules": [{"action": "status", "status": 600}]})",
                "rules[0].status: must be an integer from 100 to 599"},
        BadPlan{"StatusOnDrop", R"({"rules": [{"action": "drop", "status": 503}]})",
                "rules[0].status: only allowed with action status"},
        BadPlan{"DelayMsOnDrop", R"({"rules": [{"action": "drop", "delay_ms": 5}]})",
                "rules[0].delay_ms: only allowed with action delay"},
        BadPlan{"BodyOnDrop", R"({"rules": [{"action": "drop", "body": {}}]})",
                "rules[0].body: only allowed with action status"},
        BadPlan{"TruncateBytesOnReset",
                R"({"rules": [{"action": "reset", "truncate_bytes": 5}]})",
                "rules[0].truncate_bytes: only allowed with action truncate"},
        BadPlan{"TruncateBytesZero", R"({"rules": [{"action": "truncate", "truncate_bytes": 0}]})",
                "rules[0].truncate_bytes: must be a positive integer"},
        BadPlan{"PathWithoutSlash", R"({"rules": [{"action": "drop", "path": "api/"}]})",
                "rules[0].path: must start with '/'"},
        BadPlan{"EmptyMethod", R"({"rules": [{"action": "drop", "method": ""}]})",
                "rules[0].method: must not be empty"},
        BadPlan{"MethodNotString", R"({"rules": [{"action": "drop", "method": 1}]})",
                "rules[0].method: must be a string"}),
    [](const ::testing::TestParamInfo<BadPlan>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace syncsuite::mockserver
