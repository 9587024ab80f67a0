#pragma once
// Joins the result files of the shards of ONE load run into the result of the whole run, exactly:
// counts add up and histograms merge bucket by bucket, so percentiles of the merge are those of
// one process that had recorded every request.
#include <string>
#include <variant>
#include <vector>

#include "reports/load_result.hpp"

namespace syncsuite::reports {

// The shards must share profile, model, shard_count and thresholds, and hold every shard_index
// 0..shard_count-1 exactly once; otherwise an error naming the problem ("shard 2 of 3 is
// missing"). A single unsharded result is returned as it is.
//
// The merge: counts, errors by kind, histograms (per action, per status class, per interval
// aligned by `second`) and correctness counts are summed, problems concatenated (up to
// CorrectnessResult::kMaxProblems); devices, accounts, active devices, peak_rss_bytes (the memory
// all machines used together) and cpu_seconds are summed; duration_s and warmup_s are the longest
// shard's; started_at is the earliest; generator, target and seed come from shard 0. Actions keep
// the order they first appear in. The result is shard 0 of 1, with the thresholds carried and
// threshold_results empty: the caller judges the thresholds on the whole.
std::variant<LoadResult, std::string> merge_load_results(const std::vector<LoadResult>& shards);

}  // namespace syncsuite::reports
