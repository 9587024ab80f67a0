#include "harness/load/arrival_schedule.hpp"

#include <algorithm>
#include <cmath>

namespace syncsuite::load {

namespace {
double seconds(std::chrono::milliseconds ms) { return static_cast<double>(ms.count()) / 1000.0; }
}  // namespace

void ArrivalSchedule::add(double duration_s, double from_rate, double to_rate) {
  Segment s;
  s.start_s = segments_.empty() ? 0 : segments_.back().start_s + segments_.back().duration_s;
  s.before = total();
  s.duration_s = duration_s;
  s.from_rate = from_rate;
  s.to_rate = to_rate;
  segments_.push_back(s);
}

double ArrivalSchedule::total() const {
  if (segments_.empty()) return 0;
  const auto& s = segments_.back();
  return s.before + (s.from_rate + s.to_rate) / 2 * s.duration_s;
}

ArrivalSchedule ArrivalSchedule::from_profile(const LoadProfile& profile, double share) {
  ArrivalSchedule schedule;
  if (profile.model != Model::open) return schedule;
  const double warm_rate = (profile.rate ? *profile.rate : profile.start_rate) * share;
  if (profile.warmup.count() > 0) schedule.add(seconds(profile.warmup), warm_rate, warm_rate);
  if (profile.rate) {
    schedule.add(seconds(profile.duration), *profile.rate * share, *profile.rate * share);
    return schedule;
  }
  double from = profile.start_rate * share;
  for (const auto& stage : profile.stages) {
    const double to = stage.target * share;
    if (stage.duration.count() == 0) {
      from = to;  // a step: no time passes
      continue;
    }
    schedule.add(seconds(stage.duration), from, to);
    from = to;
  }
  return schedule;
}

std::optional<std::chrono::nanoseconds> ArrivalSchedule::time_of(std::uint64_t k) const {
  // The k-th arrival comes when k - 1 arrivals are behind: the first at the start, the last
  // before the end, so a run of `duration` at `rate` has exactly rate x duration arrivals.
  if (k == 0) return std::nullopt;
  const double target = static_cast<double>(k - 1);
  for (const auto& s : segments_) {
    const double area = (s.from_rate + s.to_rate) / 2 * s.duration_s;
    if (target >= s.before + area - 1e-9) continue;
    const double c = target - s.before;  // arrivals into this segment
    double tau = 0;
    const double slope = (s.to_rate - s.from_rate) / s.duration_s;
    if (std::abs(slope) < 1e-12) {
      tau = c / s.from_rate;
    } else {
      // from_rate * tau + slope * tau^2 / 2 = c, the root within the segment.
      const double disc = s.from_rate * s.from_rate + 2 * slope * c;
      tau = (-s.from_rate + std::sqrt(std::max(0.0, disc))) / slope;
    }
    tau = std::clamp(tau, 0.0, s.duration_s);
    return std::chrono::nanoseconds(static_cast<std::int64_t>((s.start_s + tau) * 1e9));
  }
  return std::nullopt;
}

}  // namespace syncsuite::load
