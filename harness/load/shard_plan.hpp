#pragma once
// Which accounts and devices one shard of a run drives (--shard I/N), and which worker of the
// shard drives each account. Deterministic: every shard computes the same split from the profile
// alone, so N processes on N machines need no coordination. Accounts are split in contiguous
// blocks and a device always goes with its account; the open model's arrival rate is split in
// proportion to devices.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "harness/load/profile.hpp"

namespace syncsuite::load {

struct AccountSlice {
  std::size_t account = 0;          // index in the whole run (and in the accounts file)
  std::uint32_t first_device = 0;   // global index of its first device
  std::uint32_t device_count = 0;
};

struct ShardPlan {
  std::vector<AccountSlice> accounts;  // this shard's, ascending
  std::uint64_t devices = 0;           // this shard's devices
  double share = 0;                    // devices / all devices: the shard's part of the arrivals
};

ShardPlan plan_shard(const LoadProfile& profile, int shard_index, int shard_count);

// The shard's accounts dealt to `workers` workers, round-robin (each keeps its accounts whole).
std::vector<std::vector<AccountSlice>> deal_to_workers(const ShardPlan& shard, int workers);

}  // namespace syncsuite::load
