#pragma once
// The figures every reader of a LoadResult derives the same way (thresholds, summary, HTML,
// compare), so that they cannot disagree.
#include <cstdint>
#include <string_view>

#include "reports/load_result.hpp"

namespace syncsuite::reports {

// Adds `from` into `into` (counts, errors by kind, histograms). The action name stays into's.
void merge_action(ActionStats& into, const ActionStats& from);

// All actions of the run merged into one, named "all".
ActionStats all_actions(const LoadResult& result);

// The action named `action`; nullptr when the run has none.
const ActionStats* find_action(const LoadResult& result, std::string_view action);

// Sum of errors by kind: the failed requests.
std::uint64_t error_count(const ActionStats& stats);

// failed / finished requests; 0 when there were none.
double error_rate(const ActionStats& stats);

// count / duration_s; 0 when the duration is not positive.
double per_second(std::uint64_t count, double duration_s);

// Microseconds as milliseconds.
inline double to_ms(std::uint64_t us) { return static_cast<double>(us) / 1000.0; }

}  // namespace syncsuite::reports
