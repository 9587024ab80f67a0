#include "reports/load_compare.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "tests/unit/reports/sample_load.hpp"

namespace syncsuite::reports {
namespace {

LoadResult one_action(std::uint64_t latency_us, std::uint64_t requests, std::uint64_t failed,
                      std::uint64_t records) {
  LoadResult r;
  r.duration_s = 10;
  ActionStats push;
  push.action = "push";
  push.requests = requests;
  push.ok = requests - failed;
  if (failed > 0) push.errors["timeout"] = failed;
  push.records = records;
  push.latency.record(latency_us, requests);
  r.actions.push_back(push);
  return r;
}

// By value: callers pass temporaries.
CompareRow find(const std::vector<CompareRow>& rows, const std::string& action,
                const std::string& metric) {
  for (const CompareRow& r : rows) {
    if (r.action == action && r.metric == metric) return r;
  }
  ADD_FAILURE() << action << " " << metric << " missing";
  return {"(missing)", "", 0, 0, 0, false, false};
}

TEST(LoadCompareTest, RowsForAllThenEachAction) {
  const LoadResult run = testing::sample_load(900);
  const auto rows = compare_load(run, run, std::nullopt);
  ASSERT_EQ(rows.size(), 4u * 7u);
  EXPECT_EQ(rows[0].action, "all");
  EXPECT_EQ(rows[7].action, "push");
  EXPECT_EQ(rows[21].action, "status");
  for (const CompareRow& r : rows) {
    EXPECT_EQ(r.change_pct, 0) << r.action << " " << r.metric;
    EXPECT_FALSE(r.worse);
    EXPECT_FALSE(r.regression);
  }
}

TEST(LoadCompareTest, SlowerLatencyIsWorseAndARegressionPastTheLimit) {
  const LoadResult a = one_action(10'000, 100, 0, 1000);
  const LoadResult b = one_action(12'000, 100, 0, 1000);
  const auto rows = compare_load(a, b, 15.0);
  const CompareRow p99 = find(rows, "push", "p99_ms");
  EXPECT_DOUBLE_EQ(p99.a, 10.0);
  EXPECT_DOUBLE_EQ(p99.b, 12.0);
  EXPECT_NEAR(p99.change_pct, 20.0, 1e-9);
  EXPECT_TRUE(p99.worse);
  EXPECT_TRUE(p99.regression);
  EXPECT_FALSE(compare_load(a, b, 25.0)[2].regression) << "20% is within 25%";
  const CompareRow faster = find(compare_load(b, a, 15.0), "push", "p50_ms");
  EXPECT_FALSE(faster.worse);
  EXPECT_FALSE(faster.regression);
  EXPECT_LT(faster.change_pct, 0);
}

TEST(LoadCompareTest, FewerRequestsAndRecordsAreWorse) {
  const LoadResult a = one_action(10'000, 100, 0, 1000);
  const LoadResult b = one_action(10'000, 50, 0, 400);
  const auto rows = compare_load(a, b, 10.0);
  const CompareRow rps = find(rows, "push", "requests_per_s");
  EXPECT_DOUBLE_EQ(rps.a, 10.0);
  EXPECT_DOUBLE_EQ(rps.b, 5.0);
  EXPECT_TRUE(rps.worse);
  EXPECT_TRUE(rps.regression);
  const CompareRow records = find(rows, "push", "records_per_s");
  EXPECT_NEAR(records.change_pct, -60.0, 1e-9);
  EXPECT_TRUE(records.regression);
  EXPECT_FALSE(find(compare_load(b, a, 10.0), "push", "records_per_s").worse);
}

TEST(LoadCompareTest, ErrorsAppearingFromZeroAreAnInfiniteRegression) {
  const LoadResult a = one_action(10'000, 100, 0, 1000);
  const LoadResult b = one_action(10'000, 100, 5, 1000);
  const CompareRow rate = find(compare_load(a, b, 50.0), "push", "error_rate");
  EXPECT_DOUBLE_EQ(rate.b, 0.05);
  EXPECT_TRUE(std::isinf(rate.change_pct));
  EXPECT_TRUE(rate.worse);
  EXPECT_TRUE(rate.regression);
}

TEST(LoadCompareTest, NoLimitMeansNoRegression) {
  const LoadResult a = one_action(10'000, 100, 0, 1000);
  const LoadResult b = one_action(90'000, 100, 50, 10);
  for (const CompareRow& r : compare_load(a, b, std::nullopt)) EXPECT_FALSE(r.regression);
}

TEST(LoadCompareTest, ActionsOnlyInOneRunAreLeftOut) {
  LoadResult a = one_action(10'000, 100, 0, 1000);
  LoadResult b = a;
  b.actions[0].action = "pull";
  const auto rows = compare_load(a, b, std::nullopt);
  EXPECT_EQ(rows.size(), 7u);
}

TEST(LoadCompareTest, WritesAnAlignedTable) {
  const auto rows =
      compare_load(one_action(10'000, 100, 0, 1000), one_action(12'000, 100, 1, 1000), 15.0);
  std::ostringstream out;
  write_compare(out, rows);
  const std::string text = out.str();
  EXPECT_NE(text.find("action  metric"), std::string::npos) << text;
  EXPECT_NE(text.find("push    p99_ms          10.000  12.000  +20.0%  worse REGRESSION"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("push    error_rate          0%      1%   +inf%  worse REGRESSION"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("10 regressions\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace syncsuite::reports
