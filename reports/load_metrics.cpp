#include "reports/load_metrics.hpp"

namespace syncsuite::reports {

void merge_action(ActionStats& into, const ActionStats& from) {
  into.requests += from.requests;
  into.ok += from.ok;
  into.records += from.records;
  into.bytes += from.bytes;
  into.dropped += from.dropped;
  for (const auto& [kind, n] : from.errors) into.errors[kind] += n;
  into.latency.merge(from.latency);
  for (const auto& [cls, histogram] : from.latency_by_class)
    into.latency_by_class[cls].merge(histogram);
}

ActionStats all_actions(const LoadResult& result) {
  ActionStats all;
  all.action = "all";
  for (const ActionStats& stats : result.actions) merge_action(all, stats);
  return all;
}

const ActionStats* find_action(const LoadResult& result, std::string_view action) {
  for (const ActionStats& stats : result.actions) {
    if (stats.action == action) return &stats;
  }
  return nullptr;
}

std::uint64_t error_count(const ActionStats& stats) {
  std::uint64_t n = 0;
  for (const auto& [kind, count] : stats.errors) n += count;
  return n;
}

double error_rate(const ActionStats& stats) {
  if (stats.requests == 0) return 0;
  return static_cast<double>(error_count(stats)) / static_cast<double>(stats.requests);
}

double per_second(std::uint64_t count, double duration_s) {
  return duration_s > 0 ? static_cast<double>(count) / duration_s : 0;
}

}  // namespace syncsuite::reports
