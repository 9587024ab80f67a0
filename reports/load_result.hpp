#pragma once
// The results of one load run (or one shard of it) as plain data. The load engine fills it; the
// JSON, summary, HTML, threshold, merge and compare code only read it. Only the measured part of
// the run is in here: nothing from the warm-up.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reports/histogram.hpp"

namespace syncsuite::reports {

// One action of the profile's mix: "push", "pull", "status", "conflict", "delete", "raw".
// Invariant: requests == ok + the sum of errors (every request that finished counts once).
struct ActionStats {
  std::string action;
  std::uint64_t requests = 0;  // requests that finished, well or badly
  std::uint64_t ok = 0;        // requests the action judged successful (subset of requests)
  std::uint64_t records = 0;   // records carried by successful requests (pushed or pulled)
  std::uint64_t bytes = 0;     // request + response body bytes of finished requests
  std::uint64_t dropped = 0;   // open model: arrivals never started (not in requests)
  // Failed requests by kind: "connect", "tls", "timeout", "reset", "http_4xx", "http_5xx",
  // "protocol", "decrypt" (free-form keys; writers print whatever is there).
  std::map<std::string, std::uint64_t> errors;
  Histogram latency;  // every finished request, from its INTENDED start (open model: plan time)
  // The same requests by status class: "2xx", "3xx", "4xx", "5xx", "none" (no response).
  std::map<std::string, Histogram> latency_by_class;
  friend bool operator==(const ActionStats&, const ActionStats&) = default;
};

// One second of the measured run, all actions together.
struct IntervalStats {
  std::uint32_t second = 0;  // seconds since the end of warm-up: [second, second + 1)
  std::uint64_t requests = 0;
  std::uint64_t errors = 0;  // failed requests among `requests`
  std::uint64_t records = 0;
  std::uint64_t dropped = 0;
  std::uint64_t active_devices = 0;  // devices with a request in flight or thinking, at its end
  Histogram latency;                 // requests that finished in this second
  friend bool operator==(const IntervalStats&, const IntervalStats&) = default;
};

// One threshold of the profile, judged on the whole run.
struct ThresholdResult {
  std::string expression;          // as written in the profile: "p99(push) < 250ms"
  bool passed = false;             // fail-closed: a threshold never judged has failed
  std::optional<double> observed;  // in the threshold's unit (latency ms, error_rate fraction, ...)
                                   // nullopt when the metric had no data
  std::string message;             // "p99(push) = 212.4 ms < 250 ms" or why it failed
  friend bool operator==(const ThresholdResult&, const ThresholdResult&) = default;
};

// Did the servers keep every write? Filled by the final pull of every device.
struct CorrectnessResult {
  static constexpr std::size_t kMaxProblems = 100;  // problems kept; the counts count all
  std::uint64_t records_checked = 0;      // server copies compared across an account's devices
  std::uint64_t acknowledged_writes = 0;  // pushes the server answered as accepted
  std::uint64_t unknown_outcome = 0;      // pushes whose answer never came: neither lost nor kept
  std::uint64_t lost = 0;                 // acknowledged writes missing from the final copy
  std::uint64_t corrupted = 0;            // records that did not decrypt to what was sealed
  std::uint64_t disagreements = 0;        // records an account's devices saw differently
  std::vector<std::string> problems;      // "account 3 record 7f..: lost (acknowledged at 12.3 s)"
  bool passed() const { return lost == 0 && corrupted == 0 && disagreements == 0; }
  friend bool operator==(const CorrectnessResult&, const CorrectnessResult&) = default;
};

// One load run, or one shard of a run (merge_load_results joins shards).
struct LoadResult {
  static constexpr int kSchemaVersion = 1;  // of the load JSON; bump on any incompatible change
  std::string generator = "syncsuite 0.1.0";
  std::string profile;     // profile name (or file) the run used; shards of one run share it
  std::string target;      // server URL, or "embedded reference server"
  std::string started_at;  // RFC 3339 UTC of the start of the measured part
  std::string model;       // "closed" | "open"
  std::uint64_t seed = 0;
  int shard_index = 0;  // 0 <= shard_index < shard_count
  int shard_count = 1;
  std::uint64_t devices = 0;                       // virtual devices this shard drove
  std::uint64_t accounts = 0;                      // accounts those devices belong to
  double warmup_s = 0;                             // not recorded
  double duration_s = 0;                           // the measured part; every rate divides by this
  std::vector<ActionStats> actions;                // in the profile's order
  std::vector<IntervalStats> intervals;            // ascending by second
  std::vector<std::string> thresholds;             // as written in the profile
  std::vector<ThresholdResult> threshold_results;  // one per threshold, same order, once judged
  CorrectnessResult correctness;
  std::uint64_t peak_rss_bytes = 0;  // of the process; merged shards: the sum (all machines)
  double cpu_seconds = 0;            // user + system of the process
  friend bool operator==(const LoadResult&, const LoadResult&) = default;
};

}  // namespace syncsuite::reports
