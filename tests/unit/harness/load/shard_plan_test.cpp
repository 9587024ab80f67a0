#include "harness/load/shard_plan.hpp"

#include <gtest/gtest.h>

#include <set>

namespace syncsuite::load {
namespace {

LoadProfile profile(std::int64_t devices, std::int64_t per_account) {
  LoadProfile p;
  p.devices = devices;
  p.devices_per_account = per_account;
  return p;
}

TEST(ShardPlan, OneShardTakesEverything) {
  auto plan = plan_shard(profile(10, 4), 0, 1);
  ASSERT_EQ(plan.accounts.size(), 3u);
  EXPECT_EQ(plan.devices, 10u);
  EXPECT_EQ(plan.accounts[2].first_device, 8u);
  EXPECT_EQ(plan.accounts[2].device_count, 2u);  // the last account has the rest
  EXPECT_DOUBLE_EQ(plan.share, 1.0);
}

TEST(ShardPlan, ShardsCoverEveryDeviceAndAccountExactlyOnce) {
  for (int n : {1, 2, 3, 7}) {
    auto p = profile(103, 4);
    std::set<std::uint32_t> devices;
    std::set<std::size_t> accounts;
    double share = 0;
    for (int i = 0; i < n; ++i) {
      auto plan = plan_shard(p, i, n);
      share += plan.share;
      for (const auto& a : plan.accounts) {
        EXPECT_TRUE(accounts.insert(a.account).second);
        for (std::uint32_t d = 0; d < a.device_count; ++d) {
          EXPECT_TRUE(devices.insert(a.first_device + d).second);
        }
      }
    }
    EXPECT_EQ(devices.size(), 103u) << n << " shards";
    EXPECT_EQ(accounts.size(), 26u) << n << " shards";
    EXPECT_NEAR(share, 1.0, 1e-12);
  }
}

TEST(ShardPlan, MoreShardsThanAccountsLeavesSomeEmpty) {
  EXPECT_EQ(plan_shard(profile(4, 4), 0, 2).devices, 0u);
  EXPECT_EQ(plan_shard(profile(4, 4), 1, 2).devices, 4u);
}

TEST(ShardPlan, WorkersKeepAccountsWhole) {
  auto plan = plan_shard(profile(20, 4), 0, 1);
  auto dealt = deal_to_workers(plan, 2);
  ASSERT_EQ(dealt.size(), 2u);
  EXPECT_EQ(dealt[0].size() + dealt[1].size(), 5u);
  EXPECT_EQ(dealt[0][0].account, 0u);
  EXPECT_EQ(dealt[1][0].account, 1u);
}

}  // namespace
}  // namespace syncsuite::load
