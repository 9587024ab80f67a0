#include "reports/load_metrics.hpp"

#include <gtest/gtest.h>

#include "tests/unit/reports/sample_load.hpp"

namespace syncsuite::reports {
namespace {

TEST(LoadMetricsTest, AllActionsSumsEveryAction) {
  const LoadResult run = testing::sample_load(3000);
  const ActionStats all = all_actions(run);
  EXPECT_EQ(all.action, "all");
  std::uint64_t requests = 0, records = 0, failed = 0;
  Histogram latency;
  for (const ActionStats& a : run.actions) {
    requests += a.requests;
    records += a.records;
    failed += a.requests - a.ok;
    latency.merge(a.latency);
  }
  EXPECT_EQ(all.requests, requests);
  EXPECT_EQ(all.records, records);
  EXPECT_EQ(error_count(all), failed);
  EXPECT_EQ(all.latency, latency);
  EXPECT_EQ(all.latency_by_class.at("none").count(), all.errors.at("timeout"));
}

TEST(LoadMetricsTest, FindActionAndRates) {
  const LoadResult run = testing::sample_load(300);
  ASSERT_NE(find_action(run, "pull"), nullptr);
  EXPECT_EQ(find_action(run, "pull")->action, "pull");
  EXPECT_EQ(find_action(run, "delete"), nullptr);
  EXPECT_DOUBLE_EQ(per_second(50, 20), 2.5);
  EXPECT_EQ(per_second(50, 0), 0);
  ActionStats a;
  EXPECT_EQ(error_rate(a), 0) << "no requests";
  a.requests = 8;
  a.ok = 6;
  a.errors = {{"timeout", 1}, {"reset", 1}};
  EXPECT_DOUBLE_EQ(error_rate(a), 0.25);
  EXPECT_DOUBLE_EQ(to_ms(1500), 1.5);
}

}  // namespace
}  // namespace syncsuite::reports
