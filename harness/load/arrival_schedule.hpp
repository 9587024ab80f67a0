#pragma once
// When the open model's arrivals come: evenly at the planned rate, the k-th arrival at the moment
// the integral of the rate since the start of the warm-up reaches k - 1 (the first at the start,
// as in k6's constant- and ramping-arrival-rate). The rate is piecewise linear: the warm-up at `rate` or
// `start_rate`, then the constant rate or the stages. Pure arithmetic, no clock.
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "harness/load/profile.hpp"

namespace syncsuite::load {

class ArrivalSchedule {
 public:
  // The profile's arrivals times `share` (0..1]: the part of the rate one shard or worker serves.
  static ArrivalSchedule from_profile(const LoadProfile& profile, double share);

  // When the k-th arrival (k >= 1) is due, since the start of the warm-up, always before the end;
  // nullopt when the schedule has fewer than k arrivals.
  std::optional<std::chrono::nanoseconds> time_of(std::uint64_t k) const;
  // Arrivals planned in all.
  double total() const;

  struct Segment {
    double start_s = 0;     // since the start of the warm-up
    double duration_s = 0;
    double from_rate = 0;   // arrivals per second at the start of the segment
    double to_rate = 0;     // ... and at its end (linear in between)
    double before = 0;      // arrivals planned before the segment
  };
  const std::vector<Segment>& segments() const { return segments_; }

 private:
  void add(double duration_s, double from_rate, double to_rate);
  std::vector<Segment> segments_;
};

}  // namespace syncsuite::load
