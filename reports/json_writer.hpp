#pragma once
// The machine-readable report: every field of the RunResult plus its summary, as one JSON object
// with a stable key order. Top level:
//   {"schema_version": 1, "generator", "target", "started_at", "duration_ms", "seed",
//    "summary": {"verdict", "scenarios": Counts, "checks": Counts, "sections": {"4.2": Counts}},
//    "baseline_fixed": [ids], "scenarios": [...]}
// Counts are {"total", "pass", "fail", "warn", "error", "skipped", "known"} (summary.hpp). Each
// scenario and check carries its "verdict" and its "outcome" (the verdict, or "known"). Bodies,
// expected and actual are cut to WriteOptions::body_limit; invalid UTF-8 becomes U+FFFD.
// `seed` is a JSON number up to 2^64-1 (readers in JavaScript lose digits past 2^53).
#include <ostream>

#include "reports/run_result.hpp"
#include "reports/write_options.hpp"

namespace syncsuite::reports {

void write_json(const RunResult& run, std::ostream& out, const WriteOptions& options = {});

}  // namespace syncsuite::reports
