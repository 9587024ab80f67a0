#pragma once
// The live progress line of a load run: on a terminal it is redrawn every second, otherwise a plain
// line is printed every few seconds. Pure formatting.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace syncsuite::load {

struct ProgressView {
  std::chrono::milliseconds elapsed{0};   // since the start of the warm-up
  std::chrono::milliseconds warmup{0};
  std::chrono::milliseconds planned{0};   // warm-up + measured part
  std::uint64_t devices = 0;
  std::uint64_t active = 0;
  double requests_per_s = 0;              // over the last interval
  std::uint64_t requests = 0;             // recorded so far
  std::uint64_t errors = 0;
  std::uint64_t dropped = 0;
  std::optional<double> p99_ms;           // of the last whole second
  bool final_check = false;
  std::uint64_t final_done = 0;           // device steps done in the final check
  std::uint64_t final_total = 0;
};

// "load 0:12/1:10 warm-up | 200/200 devices | 1234 req/s | errors 0 (0.00%) | p99 12.3 ms"
std::string progress_line(const ProgressView& view);

}  // namespace syncsuite::load
