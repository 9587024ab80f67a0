#pragma once
// Pass/fail criteria of a load profile, k6 style: `METRIC[(ACTION)] OP NUMBER[UNIT]`, e.g.
// "p99(push) < 250ms", "error_rate < 0.1%", "push_records_per_s > 5000", "lost_records == 0".
//
//   metric                          action      number
//   p50 p90 p95 p99 p99.9 min max   optional    latency: us, ms (default) or s
//   avg                             (all when
//                                   omitted)
//   error_rate                      optional    fraction (0.001) or percent (0.1%)
//   requests_per_s                  optional    per second of the measured run
//   records_per_s                   required    per second; push_records_per_s and
//                                               pull_records_per_s are records_per_s(push|pull)
//   errors, dropped                 optional    counts
//   lost_records, corrupted_records none        counts (from the correctness check)
// OP is one of < <= > >= ==. A metric without data (no requests of that action, no records checked)
// fails when evaluated: a threshold never passes silently.
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "reports/load_result.hpp"

namespace syncsuite::reports {

enum class ThresholdOp { less, less_equal, greater, greater_equal, equal };
std::string_view to_string(ThresholdOp op);  // "<", "<=", ">", ">=", "=="

struct Threshold {
  std::string expression;  // as written, trimmed
  std::string metric;  // canonical name: "p99", "error_rate", "records_per_s" (aliases resolved)
  std::string action;  // "" = all actions together
  ThresholdOp op = ThresholdOp::less;
  double limit = 0;  // in the metric's unit: ms for latency, a fraction for error_rate, per second
                     // for rates, a count for counts
  friend bool operator==(const Threshold&, const Threshold&) = default;
};

// The threshold `text` states, or what is wrong with it: "unknown metric 'p98' (known: ...)",
// "unknown action 'pusj' (known: push, pull)", "missing operator after 'p99(push)' (use <, <=, >,
// >= or ==)", "bad number 'fast'", ... An action not in `known_actions` is an error.
std::variant<Threshold, std::string> parse_threshold(std::string_view text,
                                                     const std::vector<std::string>& known_actions);

// One result per threshold, in order. `observed` is in the threshold's unit; a metric with no data
// fails with a message saying so and no observed value. Rates divide by result.duration_s.
std::vector<ThresholdResult> evaluate_thresholds(const LoadResult& result,
                                                 const std::vector<Threshold>& thresholds);

}  // namespace syncsuite::reports
