#include "reports/load_merge.hpp"

#include <gtest/gtest.h>

#include "tests/unit/reports/sample_load.hpp"

namespace syncsuite::reports {
namespace {

using testing::sample_header;
using testing::sample_requests;

// The same request stream as one process, or split among `n` shards by device.
LoadResult whole_run(const std::vector<testing::SampleRequest>& requests) {
  LoadResult r = sample_header();
  testing::record(r, requests);
  return r;
}

std::vector<LoadResult> shards(const std::vector<testing::SampleRequest>& requests, int n) {
  std::vector<LoadResult> out;
  for (int i = 0; i < n; ++i) {
    LoadResult r = sample_header();
    r.shard_index = i;
    r.shard_count = n;
    r.devices = 100 / static_cast<std::uint64_t>(n);
    r.accounts = 25;
    std::vector<testing::SampleRequest> mine;
    for (const auto& request : requests) {
      if (request.device % static_cast<std::uint64_t>(n) == static_cast<std::uint64_t>(i))
        mine.push_back(request);
    }
    testing::record(r, mine);
    out.push_back(std::move(r));
  }
  return out;
}

LoadResult merged_ok(const std::vector<LoadResult>& parts) {
  auto result = merge_load_results(parts);
  if (auto* error = std::get_if<std::string>(&result)) ADD_FAILURE() << *error;
  return std::holds_alternative<LoadResult>(result) ? std::get<LoadResult>(result) : LoadResult{};
}

std::string merge_error(const std::vector<LoadResult>& parts) {
  auto result = merge_load_results(parts);
  if (std::holds_alternative<LoadResult>(result)) return "(merged)";
  return std::get<std::string>(result);
}

TEST(LoadMergeTest, TwoHalvesEqualTheWhole) {
  const auto requests = sample_requests(8000, 3);
  const LoadResult whole = whole_run(requests);
  std::vector<LoadResult> parts = shards(requests, 2);
  std::swap(parts[0], parts[1]);  // order of the files does not matter
  const LoadResult merged = merged_ok(parts);
  ASSERT_EQ(merged.actions.size(), whole.actions.size());
  for (std::size_t i = 0; i < whole.actions.size(); ++i) {
    EXPECT_EQ(merged.actions[i], whole.actions[i]) << whole.actions[i].action;
  }
  EXPECT_EQ(merged.intervals.size(), whole.intervals.size());
  for (std::size_t i = 0; i < whole.intervals.size(); ++i) {
    const IntervalStats& m = merged.intervals[i];
    const IntervalStats& w = whole.intervals[i];
    EXPECT_EQ(m.second, w.second);
    EXPECT_EQ(m.requests, w.requests);
    EXPECT_EQ(m.errors, w.errors);
    EXPECT_EQ(m.records, w.records);
    EXPECT_EQ(m.latency, w.latency) << "second " << w.second;
    EXPECT_EQ(m.active_devices, 2 * w.active_devices) << "summed over shards";
  }
  EXPECT_EQ(merged.shard_index, 0);
  EXPECT_EQ(merged.shard_count, 1);
  EXPECT_EQ(merged.devices, 100u);
  EXPECT_EQ(merged.accounts, 50u);
  EXPECT_EQ(merged.duration_s, whole.duration_s);
  EXPECT_EQ(merged.peak_rss_bytes, 2 * whole.peak_rss_bytes);
  EXPECT_DOUBLE_EQ(merged.cpu_seconds, 2 * whole.cpu_seconds);
  EXPECT_EQ(merged.thresholds, whole.thresholds);
  EXPECT_TRUE(merged.threshold_results.empty());
}

TEST(LoadMergeTest, ThreeShardsEqualTheWhole) {
  const auto requests = sample_requests(3000, 9);
  const LoadResult whole = whole_run(requests);
  const LoadResult merged = merged_ok(shards(requests, 3));
  EXPECT_EQ(merged.actions, whole.actions);
}

TEST(LoadMergeTest, IntervalsAlignBySecondAcrossGaps) {
  LoadResult a = sample_header(), b = sample_header();
  a.shard_count = b.shard_count = 2;
  b.shard_index = 1;
  IntervalStats i0, i1, i2;
  i0.second = 0;
  i0.requests = 1;
  i0.latency.record(10);
  i1.second = 1;
  i1.requests = 2;
  i2.second = 1;
  i2.requests = 5;
  i2.latency.record(20);
  a.intervals = {i0, i1};
  b.intervals = {i2};
  const LoadResult m = merged_ok({a, b});
  ASSERT_EQ(m.intervals.size(), 2u);
  EXPECT_EQ(m.intervals[0].requests, 1u);
  EXPECT_EQ(m.intervals[1].second, 1u);
  EXPECT_EQ(m.intervals[1].requests, 7u);
  EXPECT_EQ(m.intervals[1].latency.max(), 20u);
}

TEST(LoadMergeTest, CorrectnessSumsAndCapsProblems) {
  LoadResult a = sample_header(), b = sample_header();
  a.shard_count = b.shard_count = 2;
  b.shard_index = 1;
  a.correctness.lost = 80;
  b.correctness.lost = 70;
  b.correctness.corrupted = 1;
  b.correctness.records_checked = 9;
  for (int i = 0; i < 80; ++i) a.correctness.problems.push_back("a" + std::to_string(i));
  for (int i = 0; i < 70; ++i) b.correctness.problems.push_back("b" + std::to_string(i));
  const LoadResult m = merged_ok({a, b});
  EXPECT_EQ(m.correctness.lost, 150u);
  EXPECT_EQ(m.correctness.corrupted, 1u);
  EXPECT_EQ(m.correctness.records_checked, 9u);
  ASSERT_EQ(m.correctness.problems.size(), CorrectnessResult::kMaxProblems);
  EXPECT_EQ(m.correctness.problems.front(), "a0");
  EXPECT_EQ(m.correctness.problems.back(), "b19");
  EXPECT_FALSE(m.correctness.passed());
}

TEST(LoadMergeTest, EarliestStartAndActionsInFirstSeenOrder) {
  LoadResult a = sample_header(), b = sample_header();
  a.shard_count = b.shard_count = 2;
  b.shard_index = 1;
  b.started_at = "2026-12-04T19:59:59.500Z";
  ActionStats pull, push;
  pull.action = "pull";
  push.action = "push";
  a.actions = {pull};
  b.actions = {push, pull};
  const LoadResult m = merged_ok({b, a});
  EXPECT_EQ(m.started_at, "2026-12-04T19:59:59.500Z");
  ASSERT_EQ(m.actions.size(), 2u);
  EXPECT_EQ(m.actions[0].action, "pull");
  EXPECT_EQ(m.actions[1].action, "push");
}

TEST(LoadMergeTest, SingleUnshardedFileComesBackUnchanged) {
  const LoadResult run = testing::sample_load(500);
  EXPECT_EQ(merged_ok({run}), run);
}

TEST(LoadMergeTest, RefusesIncompleteOrMixedShards) {
  const auto parts = shards(sample_requests(200), 3);
  EXPECT_EQ(merge_error({}), "no results to merge");
  EXPECT_EQ(merge_error({parts[0], parts[2]}), "shard 1 of 3 is missing");
  EXPECT_EQ(merge_error({parts[1]}), "shard 0 of 3 is missing");
  EXPECT_EQ(merge_error({parts[0], parts[1], parts[1], parts[2]}),
            "shard 1 of 3 is given more than once");
  LoadResult other_profile = parts[1];
  other_profile.profile = "soak";
  EXPECT_EQ(merge_error({parts[0], other_profile, parts[2]}),
            "results of different profiles: 'mixed <sync> & \"friends\"' and 'soak'");
  LoadResult other_count = parts[1];
  other_count.shard_count = 4;
  EXPECT_EQ(merge_error({parts[0], other_count, parts[2]}),
            "results of different shard counts: shard 0 of 3 and shard 1 of 4");
  LoadResult other_model = parts[2];
  other_model.model = "closed";
  EXPECT_EQ(merge_error({parts[0], parts[1], other_model}),
            "results of different models: 'open' and 'closed'");
  LoadResult other_thresholds = parts[2];
  other_thresholds.thresholds.pop_back();
  EXPECT_EQ(merge_error({parts[0], parts[1], other_thresholds}),
            "shard 2 of 3 has other thresholds than shard 0 of 3");
  LoadResult out_of_range = parts[2];
  out_of_range.shard_index = 3;
  EXPECT_EQ(merge_error({parts[0], parts[1], out_of_range}), "shard index 3 is outside 0..2");
}

}  // namespace
}  // namespace syncsuite::reports
