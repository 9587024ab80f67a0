#include "reports/load_summary.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "reports/load_metrics.hpp"
#include "reports/text/number_text.hpp"
#include "tests/unit/reports/sample_load.hpp"

namespace syncsuite::reports {
namespace {

std::string summary(const LoadResult& r) {
  std::ostringstream out;
  write_load_summary(out, r);
  return out.str();
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(LoadSummaryTest, HeaderThresholdsAndResources) {
  const std::string text = summary(testing::sample_load());
  EXPECT_TRUE(has(text, "syncsuite load · mixed <sync> & \"friends\" · http://127.0.0.1:8080"))
      << text;
  EXPECT_TRUE(has(text, "model open · 100 devices · 25 accounts · seed 18446744073709551557"));
  EXPECT_TRUE(has(text, "warm-up 5 s (not recorded) · measured 20 s"));
  EXPECT_TRUE(has(text, "    ✓ p99(push) < 250ms  p99(push) = 212.5 ms < 250 ms\n")) << text;
  EXPECT_TRUE(has(text, "    ✗ error_rate < 10%   no data\n")) << text;
  EXPECT_TRUE(has(text, "RESOURCES peak RSS 117.7 MiB · CPU 12.5 s"));
}

TEST(LoadSummaryTest, ActionBlocksCarryComputedFigures) {
  const LoadResult run = testing::sample_load();
  const std::string text = summary(run);
  const ActionStats& push = run.actions[0];
  EXPECT_TRUE(has(text, "\n  push\n    requests........: " + std::to_string(push.requests) + "  " +
                            text::fixed(push.requests / 20.0, 1) + "/s\n"))
      << text;
  EXPECT_TRUE(has(text, "    records.........: " + std::to_string(push.records) + "  " +
                            text::fixed(push.records / 20.0, 1) + "/s\n"));
  EXPECT_TRUE(has(text, "http_5xx=" + std::to_string(push.errors.at("http_5xx"))));
  EXPECT_TRUE(has(text, "    dropped.........: 3  (arrivals never started)\n"));
  EXPECT_TRUE(has(text, " p99=" + text::fixed(push.latency.percentile(99) / 1000.0, 2) + "ms"));
  EXPECT_TRUE(has(text, " p99.9=" + text::fixed(push.latency.percentile(99.9) / 1000.0, 2)));
  EXPECT_TRUE(
      has(text, "\n  all\n    requests........: " + std::to_string(all_actions(run).requests)));
}

TEST(LoadSummaryTest, CorrectnessLineAndProblems) {
  LoadResult run = testing::sample_load();
  std::string text = summary(run);
  EXPECT_TRUE(has(text,
                  "CORRECTNESS ✗ 5000 records checked · 4900 acknowledged writes · 7 "
                  "outcome unknown · 1 lost · 0 corrupted · 0 disagreements\n"
                  "    account 3 record 7f: lost <acknowledged>\n"))
      << text;
  run.correctness = {};
  run.correctness.records_checked = 10;
  EXPECT_TRUE(has(summary(run), "CORRECTNESS ✓ 10 records checked"));
  run.correctness.lost = 30;
  for (int i = 0; i < 30; ++i) run.correctness.problems.push_back("p" + std::to_string(i));
  text = summary(run);
  EXPECT_TRUE(has(text, "    p9\n    … 20 more")) << text;
  EXPECT_FALSE(has(text, "    p10\n"));
}

TEST(LoadSummaryTest, ActionWithoutRequestsSaysSo) {
  LoadResult run;
  ActionStats idle;
  idle.action = "status";
  run.actions.push_back(idle);
  run.thresholds = {"p99 < 1"};
  const std::string text = summary(run);
  EXPECT_TRUE(has(text, "    latency.........: no requests finished\n")) << text;
  EXPECT_TRUE(has(text, "    ? p99 < 1  (not judged)\n")) << text;
  EXPECT_FALSE(has(text, "\n  all\n")) << "one action needs no total";
}

}  // namespace
}  // namespace syncsuite::reports
