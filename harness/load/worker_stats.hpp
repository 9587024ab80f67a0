#pragma once
// One worker's figures of the measured part of a run, recorded on its own thread without locks
// (counts in arrays indexed by action and error kind), turned into the results model at the end.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "harness/load/error_kind.hpp"
#include "reports/histogram.hpp"
#include "reports/load_result.hpp"

namespace syncsuite::load {

enum class StatusClass : std::uint8_t { s2xx, s3xx, s4xx, s5xx, none, count_ };
StatusClass status_class(int status);  // 0 (no answer) and anything outside 200..599: none

class WorkerStats {
 public:
  explicit WorkerStats(std::vector<std::string> action_names);

  struct Finished {
    std::uint64_t latency_us = 0;  // from the intended start
    int status = 0;
    bool ok = false;
    ErrorKind error = ErrorKind::client;  // when !ok
    std::uint64_t records = 0;
    std::uint64_t bytes = 0;
  };
  void record(std::size_t action, const Finished& finished, std::uint32_t second);
  void drop(std::size_t action, std::uint32_t second);
  void set_active(std::uint32_t second, std::uint64_t devices);

  std::uint64_t requests() const { return requests_; }
  std::uint64_t errors() const { return errors_; }
  const reports::Histogram* latency_of(std::uint32_t second) const;

  std::vector<reports::ActionStats> action_results() const;
  std::vector<reports::IntervalStats> interval_results() const;

 private:
  reports::IntervalStats& interval(std::uint32_t second);

  struct PerAction {
    std::string name;
    std::uint64_t requests = 0, ok = 0, records = 0, bytes = 0, dropped = 0;
    ErrorCounts errors{};
    reports::Histogram latency;
    std::array<reports::Histogram, static_cast<std::size_t>(StatusClass::count_)> by_class;
  };
  std::vector<PerAction> actions_;
  std::vector<reports::IntervalStats> intervals_;  // index: second
  std::uint64_t requests_ = 0;
  std::uint64_t errors_ = 0;
};

}  // namespace syncsuite::load
