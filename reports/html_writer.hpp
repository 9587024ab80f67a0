#pragma once
// One self-contained static HTML file (inline CSS and a small inline script, nothing external):
// a header with target, start time, seed, overall verdict and counts; a table of contract
// sections; then every scenario, failing ones open with each failing check's contract sentence,
// expected versus actual and wire evidence, passing ones collapsed.
//
// Stable hooks for tests and scripts: #summary[data-verdict], #overall-verdict, #counts-scenarios
// and #counts-checks with td[data-count=<outcome>], #sections tr[data-section][data-outcome],
// #baseline-fixed, #filter input[data-filter=<outcome>], #shown-count,
// details.scenario#scenario-N[data-verdict][data-outcome], li.check#check-N-M[data-check-id]
// [data-verdict][data-outcome], pre.expected, pre.actual, pre.request, pre.response, pre.curl.
#include <ostream>

#include "reports/run_result.hpp"
#include "reports/write_options.hpp"

namespace syncsuite::reports {

void write_html(const RunResult& run, std::ostream& out, const WriteOptions& options = {});

}  // namespace syncsuite::reports
