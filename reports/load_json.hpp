#pragma once
// The load results file: every field of a LoadResult as one JSON object, written for machines
// (exact round trip, so shards can be merged and runs compared later) and for humans (each
// histogram also carries its percentiles in milliseconds, ignored on reading). Top level:
//   {"schema_version": 1, "kind": "load", "generator", "profile", "target", "started_at", "model",
//    "seed", "shard": {"index", "count"}, "devices", "accounts", "warmup_s", "duration_s",
//    "resources": {"peak_rss_bytes", "cpu_seconds"}, "thresholds": [text],
//    "threshold_results": [{"expression", "passed", "observed" (number|null), "message"}],
//    "correctness": {"passed", "records_checked", "acknowledged_writes", "unknown_outcome", "lost",
//                    "corrupted", "disagreements", "problems": [text]},
//    "actions": [{"action", "requests", "ok", "records", "bytes", "dropped", "errors": {kind: n},
//                 "latency": H, "latency_by_class": {"2xx": H, ...}}],
//    "intervals": [{"second", "requests", "errors", "records", "dropped", "active_devices",
//                   "latency": H}]}
// H (a histogram) = {"count", "min_us", "max_us", "sum_us", "mean_ms", "p50_ms", "p90_ms",
//                    "p99_ms", "p99_9_ms", "max_ms", "buckets": [[bucket index, count], ...]}.
// Integers are exact JSON numbers up to 2^64-1 (JavaScript readers lose digits past 2^53).
#include <string>
#include <string_view>
#include <variant>

#include "reports/load_result.hpp"

namespace syncsuite::reports {

// Pretty-printed (2 spaces), stable key order, ending in a newline. Invalid UTF-8 in any text
// becomes U+FFFD.
std::string write_load_json(const LoadResult& result);

// The LoadResult the text was written from, or an error naming the field that is wrong:
// "field 'actions[0].latency.buckets[2]': bucket 9999 is out of range". Refuses a schema_version
// other than LoadResult::kSchemaVersion.
std::variant<LoadResult, std::string> read_load_json(std::string_view text);

}  // namespace syncsuite::reports
