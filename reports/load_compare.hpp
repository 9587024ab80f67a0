#pragma once
// `syncsuite compare A.json B.json`: what got slower or faster from run A (the baseline) to run B.
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "reports/load_result.hpp"

namespace syncsuite::reports {

struct CompareRow {
  std::string metric;  // "p50_ms", "p90_ms", "p99_ms", "max_ms" (higher is worse),
                       // "requests_per_s", "records_per_s" (lower is worse), "error_rate" (higher
                       // is worse; a fraction)
  std::string action;  // "all" (every action together) first, then each action of A also in B
  double a = 0;        // in run A
  double b = 0;        // in run B
  double change_pct = 0;    // (b - a) / a * 100; 0 when equal; +infinity when a == 0 < b
  bool worse = false;       // b is worse than a in this metric's direction
  bool regression = false;  // worse by more than the fail_on_regression_pct given
  friend bool operator==(const CompareRow&, const CompareRow&) = default;
};

// Rows for "all", then for each action of `a` that `b` also has, in a's order; seven metrics each.
// With no `fail_on_regression_pct`, no row is a regression.
std::vector<CompareRow> compare_load(const LoadResult& a, const LoadResult& b,
                                     std::optional<double> fail_on_regression_pct);

// An aligned text table of the rows ("worse"/"better" and "REGRESSION" marked), then a line
// counting the regressions when there are any.
void write_compare(std::ostream& out, const std::vector<CompareRow>& rows);

}  // namespace syncsuite::reports
