#include "reports/load_thresholds.hpp"

#include <gtest/gtest.h>

#include "reports/load_metrics.hpp"
#include "tests/unit/reports/sample_load.hpp"

namespace syncsuite::reports {
namespace {

const std::vector<std::string> kKnown = {"push", "pull", "status"};

Threshold parsed(std::string_view text) {
  auto result = parse_threshold(text, kKnown);
  if (auto* error = std::get_if<std::string>(&result)) {
    ADD_FAILURE() << text << ": " << *error;
    return {};
  }
  return std::get<Threshold>(result);
}

std::string parse_error(std::string_view text) {
  auto result = parse_threshold(text, kKnown);
  if (std::holds_alternative<Threshold>(result)) return "(parsed)";
  return std::get<std::string>(result);
}

ThresholdResult judged(const LoadResult& run, std::string_view text) {
  const auto results = evaluate_thresholds(run, {parsed(text)});
  EXPECT_EQ(results.size(), 1u);
  return results.empty() ? ThresholdResult{} : results.front();
}

TEST(LoadThresholdsTest, ParsesMetricActionOperatorNumberAndUnit) {
  const Threshold t = parsed("  p99(push) < 250ms ");
  EXPECT_EQ(t.expression, "p99(push) < 250ms");
  EXPECT_EQ(t.metric, "p99");
  EXPECT_EQ(t.action, "push");
  EXPECT_EQ(t.op, ThresholdOp::less);
  EXPECT_EQ(t.limit, 250.0);
}

TEST(LoadThresholdsTest, UnitsConvertToTheMetricUnit) {
  EXPECT_DOUBLE_EQ(parsed("p50<1.5s").limit, 1500.0);
  EXPECT_DOUBLE_EQ(parsed("max <= 500us").limit, 0.5);
  EXPECT_DOUBLE_EQ(parsed("avg < 20").limit, 20.0) << "ms is the default";
  EXPECT_DOUBLE_EQ(parsed("error_rate < 0.1%").limit, 0.001);
  EXPECT_DOUBLE_EQ(parsed("error_rate(pull) < 0.001").limit, 0.001);
}

TEST(LoadThresholdsTest, OperatorsAndAliases) {
  EXPECT_EQ(parsed("errors <= 3").op, ThresholdOp::less_equal);
  EXPECT_EQ(parsed("requests_per_s > 100").op, ThresholdOp::greater);
  EXPECT_EQ(parsed("requests_per_s(status) >= 100").op, ThresholdOp::greater_equal);
  EXPECT_EQ(parsed("lost_records == 0").op, ThresholdOp::equal);
  const Threshold alias = parsed("push_records_per_s > 5000");
  EXPECT_EQ(alias.metric, "records_per_s");
  EXPECT_EQ(alias.action, "push");
  EXPECT_EQ(parsed("pull_records_per_s > 1").action, "pull");
}

struct BadThreshold {
  std::string name;
  std::string text;
  std::string error;
};

class LoadThresholdsParseErrorTest : public ::testing::TestWithParam<BadThreshold> {};

TEST_P(LoadThresholdsParseErrorTest, SaysWhatIsWrong) {
  EXPECT_EQ(parse_error(GetParam().text), GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    Errors, LoadThresholdsParseErrorTest,
    ::testing::Values(
        BadThreshold{"UnknownMetric", "p98 < 10",
                     "unknown metric 'p98' (known: p50, p90, p95, p99, p99.9, max, min, avg, "
                     "error_rate, requests_per_s, records_per_s, push_records_per_s, "
                     "pull_records_per_s, errors, dropped, lost_records, corrupted_records)"},
        BadThreshold{"UnknownAction", "p99(pusj) < 10",
                     "unknown action 'pusj' (known: push, pull, status)"},
        BadThreshold{"MissingOperator", "p99(push) 250ms",
                     "missing operator after 'p99(push)' (use <, <=, >, >= or ==)"},
        BadThreshold{"BadNumber", "p99 < fast",
                     "bad number 'fast' (expected a non-negative number)"},
        BadThreshold{"NegativeNumber", "errors < -1",
                     "bad number '-1' (expected a non-negative number)"},
        BadThreshold{"MissingNumber", "errors <", "bad number '' (expected a non-negative number)"},
        BadThreshold{"BadLatencyUnit", "p99 < 3min",
                     "bad unit 'min' for p99 (use us, ms (the default) or s)"},
        BadThreshold{"UnitOnACount", "errors < 3%",
                     "bad unit '%' for errors (this metric takes a plain number)"},
        BadThreshold{"RecordsNeedAnAction", "records_per_s > 1",
                     "records_per_s needs an action, e.g. records_per_s(push)"},
        BadThreshold{"AliasTakesNoAction", "push_records_per_s(pull) > 1",
                     "push_records_per_s takes no action"},
        BadThreshold{"CorrectnessTakesNoAction", "lost_records(push) == 0",
                     "lost_records takes no action"},
        BadThreshold{"UnclosedAction", "p99(push < 3", "missing ')' after the action"},
        BadThreshold{"EmptyAction", "p99() < 3", "empty action in 'p99() < 3'"},
        BadThreshold{"Empty", "   ", "empty threshold"},
        BadThreshold{"NoMetric", "< 3", "expected a metric name at '< 3'"}),
    [](const auto& info) { return info.param.name; });

TEST(LoadThresholdsTest, AliasForAnActionTheProfileLacksIsAnError) {
  auto result = parse_threshold("pull_records_per_s > 1", {"push"});
  ASSERT_TRUE(std::holds_alternative<std::string>(result));
  EXPECT_EQ(std::get<std::string>(result), "unknown action 'pull' (known: push)");
}

// Every metric against a value computed independently from the sample run.
struct MetricCase {
  std::string name;
  std::string metric;  // threshold text before the operator
  double (*expected)(const LoadResult&);
};

class LoadThresholdsMetricTest : public ::testing::TestWithParam<MetricCase> {};

double ms(std::uint64_t us) { return static_cast<double>(us) / 1000.0; }
const ActionStats& push(const LoadResult& r) { return r.actions[0]; }

TEST_P(LoadThresholdsMetricTest, ObservesTheRunAndComparesBothWays) {
  const LoadResult run = testing::sample_load();
  const double want = GetParam().expected(run);
  const std::string metric = GetParam().metric;
  const ThresholdResult at_or_below =
      judged(run, metric + " <= " + std::to_string(want * 1.0001 + 0.001));
  ASSERT_TRUE(at_or_below.observed.has_value()) << at_or_below.message;
  EXPECT_NEAR(*at_or_below.observed, want, want * 1e-9 + 1e-12);
  EXPECT_TRUE(at_or_below.passed) << at_or_below.message;
  const ThresholdResult below = judged(run, metric + " < " + std::to_string(want * 0.999 - 0.001));
  ASSERT_TRUE(below.observed.has_value());
  EXPECT_FALSE(below.passed) << below.message;
  EXPECT_NE(below.message.find(", not <"), std::string::npos) << below.message;
}

INSTANTIATE_TEST_SUITE_P(
    Metrics, LoadThresholdsMetricTest,
    ::testing::Values(
        MetricCase{"P50Push", "p50(push)",
                   [](const LoadResult& r) { return ms(push(r).latency.percentile(50)); }},
        MetricCase{"P90All", "p90",
                   [](const LoadResult& r) { return ms(all_actions(r).latency.percentile(90)); }},
        MetricCase{"P95Pull", "p95(pull)",
                   [](const LoadResult& r) { return ms(r.actions[1].latency.percentile(95)); }},
        MetricCase{"P99Push", "p99(push)",
                   [](const LoadResult& r) { return ms(push(r).latency.percentile(99)); }},
        MetricCase{"P999All", "p99.9",
                   [](const LoadResult& r) { return ms(all_actions(r).latency.percentile(99.9)); }},
        MetricCase{"Max", "max(status)",
                   [](const LoadResult& r) { return ms(r.actions[2].latency.max()); }},
        MetricCase{"Min", "min",
                   [](const LoadResult& r) { return ms(all_actions(r).latency.min()); }},
        MetricCase{"Avg", "avg(push)",
                   [](const LoadResult& r) { return push(r).latency.mean() / 1000.0; }},
        MetricCase{"ErrorRate", "error_rate",
                   [](const LoadResult& r) {
                     std::uint64_t failed = 0, total = 0;
                     for (const auto& a : r.actions) {
                       total += a.requests;
                       failed += a.requests - a.ok;
                     }
                     return static_cast<double>(failed) / static_cast<double>(total);
                   }},
        MetricCase{"RequestsPerS", "requests_per_s(pull)",
                   [](const LoadResult& r) {
                     return static_cast<double>(r.actions[1].requests) / r.duration_s;
                   }},
        MetricCase{"RecordsPerS", "records_per_s(pull)",
                   [](const LoadResult& r) {
                     return static_cast<double>(r.actions[1].records) / r.duration_s;
                   }},
        MetricCase{"PushRecordsPerS", "push_records_per_s",
                   [](const LoadResult& r) {
                     return static_cast<double>(push(r).records) / r.duration_s;
                   }},
        MetricCase{
            "Errors", "errors(push)",
            [](const LoadResult& r) { return static_cast<double>(push(r).requests - push(r).ok); }},
        MetricCase{"Dropped", "dropped",
                   [](const LoadResult& r) { return static_cast<double>(push(r).dropped); }},
        MetricCase{"LostRecords", "lost_records",
                   [](const LoadResult& r) { return static_cast<double>(r.correctness.lost); }}),
    [](const auto& info) { return info.param.name; });

TEST(LoadThresholdsTest, CorruptedRecordsCountsFromCorrectness) {
  LoadResult run = testing::sample_load();
  run.correctness.corrupted = 2;
  const ThresholdResult r = judged(run, "corrupted_records == 0");
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.observed, 2.0);
  EXPECT_EQ(r.message, "corrupted_records = 2, not == 0");
  EXPECT_TRUE(judged(run, "corrupted_records == 2").passed);
}

TEST(LoadThresholdsTest, MessagesUseReadableUnits) {
  LoadResult run;
  run.duration_s = 10;
  ActionStats push;
  push.action = "push";
  push.requests = 1000;
  push.ok = 995;
  push.errors["timeout"] = 5;
  push.records = 50000;
  push.latency.record(212'500, 1000);
  run.actions.push_back(push);
  EXPECT_EQ(judged(run, "p99(push) < 250ms").message, "p99(push) = 212.5 ms < 250 ms");
  EXPECT_EQ(judged(run, "error_rate < 0.1%").message, "error_rate = 0.5%, not < 0.1%");
  EXPECT_EQ(judged(run, "push_records_per_s > 5000").message,
            "records_per_s(push) = 5000/s, not > 5000/s");
}

TEST(LoadThresholdsTest, MetricWithoutDataFails) {
  LoadResult run = testing::sample_load();
  ActionStats idle;
  idle.action = "status";
  run.actions[2] = idle;
  for (const std::string text :
       {"p99(status) < 1000s", "error_rate(status) < 1", "requests_per_s(status) < 1000000",
        "errors(status) < 1000", "dropped(status) < 1000", "records_per_s(status) < 1000000"}) {
    const ThresholdResult r = judged(run, text);
    EXPECT_FALSE(r.passed) << text;
    EXPECT_FALSE(r.observed.has_value()) << text;
    EXPECT_NE(r.message.find("no data"), std::string::npos) << r.message;
  }
  EXPECT_EQ(judged(run, "p99(status) < 1000s").message,
            "p99(status) < 1000s: no data (no status request finished)");
}

TEST(LoadThresholdsTest, ActionMissingFromTheRunFails) {
  LoadResult run = testing::sample_load();
  run.actions.pop_back();
  const ThresholdResult r = judged(run, "p50(status) < 1000");
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.message, "p50(status) < 1000: no data (the run has no status action)");
}

TEST(LoadThresholdsTest, RatesWithoutDurationAndUncheckedCorrectnessFail) {
  LoadResult run = testing::sample_load();
  run.duration_s = 0;
  EXPECT_FALSE(judged(run, "requests_per_s < 1e12").passed);
  run.correctness = {};
  const ThresholdResult lost = judged(run, "lost_records == 0");
  EXPECT_FALSE(lost.passed);
  EXPECT_EQ(lost.message, "lost_records == 0: no data (no records were checked for correctness)");
}

TEST(LoadThresholdsTest, ResultsKeepTheOrderAndExpressions) {
  const LoadResult run = testing::sample_load();
  const auto results = evaluate_thresholds(run, {parsed("errors >= 0"), parsed("p99 < 0.001ms")});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].expression, "errors >= 0");
  EXPECT_TRUE(results[0].passed);
  EXPECT_EQ(results[1].expression, "p99 < 0.001ms");
  EXPECT_FALSE(results[1].passed);
}

}  // namespace
}  // namespace syncsuite::reports
