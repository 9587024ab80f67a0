#pragma once
// LoadResults for the load report tests, built by recording a deterministic stream of simulated
// requests, so that a run can also be built as shards that each record part of the same stream.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "reports/load_result.hpp"

namespace syncsuite::reports::testing {

inline const std::vector<std::string> kSampleActions = {"push", "pull", "status"};

// One simulated request.
struct SampleRequest {
  std::size_t action;  // index into kSampleActions
  std::uint32_t second;
  std::uint64_t latency_us;
  int status;  // 0 = no response
  std::uint64_t records;
  std::uint64_t device;
};

inline std::vector<SampleRequest> sample_requests(std::size_t n, unsigned seed = 42) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> latency(9.0, 1.0);  // median ~8 ms
  std::vector<SampleRequest> out;
  for (std::size_t i = 0; i < n; ++i) {
    SampleRequest r{};
    r.action = rng() % kSampleActions.size();
    r.second = static_cast<std::uint32_t>(i * 20 / n);
    r.latency_us = static_cast<std::uint64_t>(latency(rng)) + 1;
    const auto roll = rng() % 100;
    r.status = roll < 2 ? 0 : roll < 5 ? 503 : roll < 6 ? 409 : 200;
    r.records = r.action == 2 ? 0 : 1 + rng() % 50;
    r.device = rng() % 1000;
    out.push_back(r);
  }
  return out;
}

inline std::string status_class(int status) {
  return status == 0 ? "none" : std::to_string(status / 100) + "xx";
}

// Records `requests` into `result` the way the load engine does.
inline void record(LoadResult& result, const std::vector<SampleRequest>& requests) {
  if (result.actions.empty()) {
    for (const std::string& name : kSampleActions) {
      ActionStats a;
      a.action = name;
      result.actions.push_back(std::move(a));
    }
  }
  for (const SampleRequest& r : requests) {
    ActionStats& a = result.actions[r.action];
    ++a.requests;
    a.bytes += 100 + r.records * 300;
    a.latency.record(r.latency_us);
    a.latency_by_class[status_class(r.status)].record(r.latency_us);
    const bool ok = r.status == 200;
    if (ok) {
      ++a.ok;
      a.records += r.records;
    } else {
      ++a.errors[r.status == 0 ? "timeout" : r.status >= 500 ? "http_5xx" : "http_4xx"];
    }
    if (result.intervals.empty() || result.intervals.back().second != r.second) {
      IntervalStats i;
      i.second = r.second;
      result.intervals.push_back(std::move(i));
    }
    IntervalStats& i = result.intervals.back();
    ++i.requests;
    i.errors += ok ? 0 : 1;
    i.records += ok ? r.records : 0;
    i.active_devices = 50;
    i.latency.record(r.latency_us);
  }
}

inline LoadResult sample_header() {
  LoadResult r;
  r.profile = "mixed <sync> & \"friends\"";
  r.target = "http://127.0.0.1:8080";
  r.started_at = "2026-12-04T20:00:00.000Z";
  r.model = "open";
  r.seed = 18446744073709551557ull;
  r.devices = 100;
  r.accounts = 25;
  r.warmup_s = 5;
  r.duration_s = 20;
  r.thresholds = {"p99(push) < 250ms", "error_rate < 10%"};
  r.peak_rss_bytes = 123456789;
  r.cpu_seconds = 12.5;
  return r;
}

// A whole run: 6000 requests over 20 s, one dropped push, a lost record and a problem.
inline LoadResult sample_load(std::size_t n = 6000) {
  LoadResult r = sample_header();
  record(r, sample_requests(n));
  r.actions[0].dropped = 3;
  r.intervals[4].dropped = 3;
  r.threshold_results = {{"p99(push) < 250ms", true, 212.5, "p99(push) = 212.5 ms < 250 ms"},
                         {"error_rate < 10%", false, std::nullopt, "no data"}};
  r.correctness.records_checked = 5000;
  r.correctness.acknowledged_writes = 4900;
  r.correctness.unknown_outcome = 7;
  r.correctness.lost = 1;
  r.correctness.problems = {"account 3 record 7f: lost <acknowledged>"};
  return r;
}

}  // namespace syncsuite::reports::testing
