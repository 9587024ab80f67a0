#include "reports/load_merge.hpp"

#include <algorithm>
#include <map>

#include "reports/load_metrics.hpp"

namespace syncsuite::reports {
namespace {

std::string shard_name(const LoadResult& r) {
  return "shard " + std::to_string(r.shard_index) + " of " + std::to_string(r.shard_count);
}

// Empty when the shards form one complete run; otherwise what is wrong.
std::string check_shards(const std::vector<LoadResult>& shards) {
  if (shards.empty()) return "no results to merge";
  const LoadResult& first = shards.front();
  const int count = first.shard_count;
  for (const LoadResult& r : shards) {
    if (r.profile != first.profile)
      return "results of different profiles: '" + first.profile + "' and '" + r.profile + "'";
    if (r.shard_count != count)
      return "results of different shard counts: " + shard_name(first) + " and " + shard_name(r);
    if (r.model != first.model)
      return "results of different models: '" + first.model + "' and '" + r.model + "'";
    if (r.thresholds != first.thresholds)
      return shard_name(r) + " has other thresholds than " + shard_name(first);
    if (r.shard_index < 0 || r.shard_index >= r.shard_count)
      return "shard index " + std::to_string(r.shard_index) + " is outside 0.." +
             std::to_string(r.shard_count - 1);
  }
  std::vector<int> seen(static_cast<std::size_t>(std::max(count, 0)), 0);
  for (const LoadResult& r : shards) {
    if (++seen[static_cast<std::size_t>(r.shard_index)] > 1)
      return shard_name(r) + " is given more than once";
  }
  for (int i = 0; i < count; ++i) {
    if (seen[static_cast<std::size_t>(i)] == 0)
      return "shard " + std::to_string(i) + " of " + std::to_string(count) + " is missing";
  }
  return {};
}

void merge_correctness(CorrectnessResult& into, const CorrectnessResult& from) {
  into.records_checked += from.records_checked;
  into.acknowledged_writes += from.acknowledged_writes;
  into.unknown_outcome += from.unknown_outcome;
  into.lost += from.lost;
  into.corrupted += from.corrupted;
  into.disagreements += from.disagreements;
  for (const std::string& problem : from.problems) {
    if (into.problems.size() >= CorrectnessResult::kMaxProblems) break;
    into.problems.push_back(problem);
  }
}

void merge_interval(IntervalStats& into, const IntervalStats& from) {
  into.requests += from.requests;
  into.errors += from.errors;
  into.records += from.records;
  into.dropped += from.dropped;
  into.active_devices += from.active_devices;
  into.latency.merge(from.latency);
}

}  // namespace

std::variant<LoadResult, std::string> merge_load_results(const std::vector<LoadResult>& shards) {
  if (const std::string problem = check_shards(shards); !problem.empty()) return problem;
  if (shards.size() == 1) return shards.front();

  std::vector<const LoadResult*> ordered;
  ordered.reserve(shards.size());
  for (const LoadResult& r : shards) ordered.push_back(&r);
  std::sort(ordered.begin(), ordered.end(), [](const LoadResult* a, const LoadResult* b) {
    return a->shard_index < b->shard_index;
  });

  const LoadResult& first = *ordered.front();
  LoadResult whole;
  whole.generator = first.generator;
  whole.profile = first.profile;
  whole.target = first.target;
  whole.started_at = first.started_at;
  whole.model = first.model;
  whole.seed = first.seed;
  whole.thresholds = first.thresholds;
  std::map<std::uint32_t, IntervalStats> intervals;
  for (const LoadResult* r : ordered) {
    if (!r->started_at.empty() && (whole.started_at.empty() || r->started_at < whole.started_at))
      whole.started_at = r->started_at;  // RFC 3339 UTC in one format sorts as text
    whole.devices += r->devices;
    whole.accounts += r->accounts;
    whole.warmup_s = std::max(whole.warmup_s, r->warmup_s);
    whole.duration_s = std::max(whole.duration_s, r->duration_s);
    whole.peak_rss_bytes += r->peak_rss_bytes;
    whole.cpu_seconds += r->cpu_seconds;
    merge_correctness(whole.correctness, r->correctness);
    for (const ActionStats& action : r->actions) {
      auto it = std::find_if(whole.actions.begin(), whole.actions.end(),
                             [&](const ActionStats& a) { return a.action == action.action; });
      if (it == whole.actions.end()) {
        whole.actions.push_back(action);
      } else {
        merge_action(*it, action);
      }
    }
    for (const IntervalStats& interval : r->intervals) {
      IntervalStats& slot = intervals[interval.second];
      slot.second = interval.second;
      merge_interval(slot, interval);
    }
  }
  for (auto& [second, interval] : intervals) whole.intervals.push_back(std::move(interval));
  return whole;
}

}  // namespace syncsuite::reports
