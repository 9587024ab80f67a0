// The load results files under tests/golden/load/, inputs of the merge and compare script test
// (tests/scripts/load_results_cli.test.sh): each must read without error and be exactly what the
// writer makes of what it holds, so the fixtures cannot drift from the format. After a change of
// the format, SYNCSUITE_UPDATE_GOLDEN=1 rewrites them through the writer (review the diff).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <variant>

#include "reports/load_compare.hpp"
#include "reports/load_json.hpp"
#include "reports/load_merge.hpp"
#include "reports/load_metrics.hpp"
#include "tests/unit/reports/golden.hpp"

namespace syncsuite::reports {
namespace {

std::filesystem::path fixture_path(const std::string& name) {
  return std::filesystem::path(SYNCSUITE_SOURCE_DIR) / "tests" / "golden" / "load" / name;
}

LoadResult read_fixture(const std::string& name) {
  const std::string text = testing::read_file(fixture_path(name));
  auto read = read_load_json(text);
  if (const auto* error = std::get_if<std::string>(&read)) {
    ADD_FAILURE() << name << ": " << *error;
    return {};
  }
  LoadResult result = std::get<LoadResult>(std::move(read));
  const std::string canonical = write_load_json(result);
  const char* update = std::getenv("SYNCSUITE_UPDATE_GOLDEN");
  if (update != nullptr && std::string_view(update) == "1") {
    std::ofstream(fixture_path(name), std::ios::binary) << canonical;
  } else {
    EXPECT_TRUE(canonical == text) << name << " is not what the writer makes of it, at "
                                   << testing::first_difference(canonical, text);
  }
  return result;
}

// What the load engine guarantees of every action: every finished request is ok or an error.
void expect_consistent(const LoadResult& r, const std::string& name) {
  for (const ActionStats& a : r.actions) {
    EXPECT_EQ(a.requests, a.ok + error_count(a)) << name << " " << a.action;
    EXPECT_EQ(a.requests, a.latency.count()) << name << " " << a.action;
  }
  std::uint64_t requests = 0;
  for (const IntervalStats& i : r.intervals) requests += i.requests;
  EXPECT_EQ(requests, all_actions(r).requests) << name;
}

TEST(LoadFixtures, ShardsReadAndMergeIntoOneRun) {
  const LoadResult shard0 = read_fixture("shard-0-of-2.json");
  const LoadResult shard1 = read_fixture("shard-1-of-2.json");
  expect_consistent(shard0, "shard-0-of-2.json");
  expect_consistent(shard1, "shard-1-of-2.json");
  EXPECT_EQ(shard0.shard_index, 0);
  EXPECT_EQ(shard1.shard_index, 1);
  EXPECT_FALSE(shard0.thresholds.empty());
  auto merged = merge_load_results({shard0, shard1});
  ASSERT_TRUE(std::holds_alternative<LoadResult>(merged)) << std::get<std::string>(merged);
  EXPECT_EQ(all_actions(std::get<LoadResult>(merged)).requests,
            all_actions(shard0).requests + all_actions(shard1).requests);
}

TEST(LoadFixtures, BaselineBIsSlowerThanA) {
  const LoadResult a = read_fixture("a.json");
  const LoadResult b = read_fixture("b.json");
  expect_consistent(a, "a.json");
  expect_consistent(b, "b.json");
  bool p99_worse = false;
  for (const CompareRow& row : compare_load(a, b, std::nullopt)) {
    if (row.action == "all" && row.metric == "p99_ms") p99_worse = row.worse && row.change_pct > 10;
    // The script test's --fail-on-regression 1000 must pass: no change is infinite or that large.
    EXPECT_LT(row.change_pct, 1000) << row.action << " " << row.metric;
  }
  EXPECT_TRUE(p99_worse);
}

}  // namespace
}  // namespace syncsuite::reports
