#pragma once
// The end-of-run summary of a load run, k6 style: header, thresholds (✓/✗), one block per action
// and one for all actions (requests, req/s, records/s, errors by kind, latency avg/min/p50/p90/
// p99/p99.9/max in ms, dropped), correctness, and the process's peak RSS and CPU time.
#include <ostream>

#include "reports/load_result.hpp"

namespace syncsuite::reports {

void write_load_summary(std::ostream& out, const LoadResult& result);

}  // namespace syncsuite::reports
