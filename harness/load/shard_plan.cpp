#include "harness/load/shard_plan.hpp"

#include <algorithm>

namespace syncsuite::load {

ShardPlan plan_shard(const LoadProfile& profile, int shard_index, int shard_count) {
  ShardPlan plan;
  const std::size_t accounts = accounts_needed(profile);
  const auto n = static_cast<std::size_t>(shard_count);
  const auto i = static_cast<std::size_t>(shard_index);
  const std::size_t from = accounts * i / n;
  const std::size_t to = accounts * (i + 1) / n;
  const auto per = static_cast<std::uint64_t>(profile.devices_per_account);
  const auto total = static_cast<std::uint64_t>(profile.devices);
  for (std::size_t a = from; a < to; ++a) {
    const std::uint64_t first = a * per;
    const std::uint64_t last = std::min(total, first + per);
    if (first >= last) break;
    plan.accounts.push_back(AccountSlice{a, static_cast<std::uint32_t>(first),
                                         static_cast<std::uint32_t>(last - first)});
    plan.devices += last - first;
  }
  plan.share = total > 0 ? static_cast<double>(plan.devices) / static_cast<double>(total) : 0;
  return plan;
}

std::vector<std::vector<AccountSlice>> deal_to_workers(const ShardPlan& shard, int workers) {
  std::vector<std::vector<AccountSlice>> out(static_cast<std::size_t>(std::max(1, workers)));
  for (std::size_t a = 0; a < shard.accounts.size(); ++a) {
    out[a % out.size()].push_back(shard.accounts[a]);
  }
  return out;
}

}  // namespace syncsuite::load
