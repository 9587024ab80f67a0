#pragma once
// The load report: one self-contained HTML page (inline CSS and inline SVG; no script, no external
// asset, no network), readable in any browser and as a CI artifact. It shows the run's header,
// the thresholds, the correctness check, a table per action, and four charts drawn from the
// results: throughput, errors and latency percentiles per second of the measured run, and the
// latency distribution (percentile curve on a log axis, as HdrHistogram plots it).
//
// Stable hooks for tests and scripts: header#summary[data-verdict=pass|fail][data-schema-version],
// #profile, #target, #model, #devices, #duration, #seed, #shard; #thresholds tr.threshold
// [data-passed]; #correctness[data-passed]; #actions-table tr[data-action]; section.action
// [data-action] with table.figures and table.classes; svg#chart-throughput, #chart-errors,
// #chart-latency, #chart-distribution (each svg.chart[data-points] with g.series[data-name]).
#include <string>

#include "reports/load_result.hpp"

namespace syncsuite::reports {

std::string write_load_html(const LoadResult& result);

}  // namespace syncsuite::reports
