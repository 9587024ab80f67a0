// What a loaded profile implies (accounts, times, rates) and the command-line overrides.
#include "harness/load/profile.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "harness/load/duration_text.hpp"

namespace syncsuite::load {

using std::chrono::milliseconds;

std::string_view action_name(Action action) {
  switch (action) {
    case Action::push:
      return "push";
    case Action::pull:
      return "pull";
    case Action::status:
      return "status";
    case Action::conflict:
      return "conflict";
    case Action::delete_records:
      return "delete";
    case Action::raw:
      return "raw";
  }
  return "unknown";
}

std::string_view model_name(Model model) { return model == Model::closed ? "closed" : "open"; }

std::vector<std::string> action_names(const LoadProfile& profile) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& e : profile.mix) {
    if (seen.insert(e.name).second) out.push_back(e.name);
  }
  return out;
}

std::size_t accounts_needed(const LoadProfile& profile) {
  if (profile.devices <= 0 || profile.devices_per_account <= 0) return 0;
  return static_cast<std::size_t>((profile.devices + profile.devices_per_account - 1) /
                                  profile.devices_per_account);
}

bool is_staged(const LoadProfile& profile) {
  return profile.model == Model::open && !profile.stages.empty();
}

milliseconds measured_time(const LoadProfile& profile) {
  if (!is_staged(profile)) return profile.duration;
  milliseconds total{0};
  for (const auto& s : profile.stages) total += s.duration;
  return total;
}

milliseconds planned_time(const LoadProfile& profile) {
  return profile.warmup + measured_time(profile);
}

double arrival_rate_at(const LoadProfile& profile, milliseconds since_start) {
  if (profile.model != Model::open || since_start < milliseconds(0)) return 0;
  if (!is_staged(profile)) {
    return since_start < profile.duration ? profile.rate.value_or(0) : 0;
  }
  double from = profile.start_rate;
  milliseconds left = since_start;
  for (const auto& s : profile.stages) {
    if (left < s.duration) {
      const double part =
          static_cast<double>(left.count()) / static_cast<double>(s.duration.count());
      return from + (s.target - from) * part;
    }
    left -= s.duration;
    from = s.target;
  }
  return 0;
}

namespace {

std::string rate_text(double rate) {
  std::ostringstream out;
  out << rate;
  return out.str();
}

// Scales the stages to last `total` in all, each keeping its share; the last stage with a length
// absorbs the rounding down (0 stages, steps, stay steps).
void scale_stages(std::vector<Stage>& stages, milliseconds total) {
  milliseconds old_total{0};
  std::size_t last = 0;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    old_total += stages[i].duration;
    if (stages[i].duration > milliseconds(0)) last = i;
  }
  milliseconds given{0};
  for (std::size_t i = 0; i < stages.size(); ++i) {
    if (i == last) continue;
    const double share =
        static_cast<double>(stages[i].duration.count()) / static_cast<double>(old_total.count());
    stages[i].duration =
        milliseconds(static_cast<std::int64_t>(share * static_cast<double>(total.count())));
    given += stages[i].duration;
  }
  stages[last].duration = total - given;
}

}  // namespace

std::vector<std::string> apply_overrides(LoadProfile& profile, const ProfileOverrides& overrides) {
  std::vector<std::string> problems;
  const std::string which = "the profile '" + profile.name + "'";
  if (overrides.devices) {
    const std::int64_t n = *overrides.devices;
    const bool has_conflict =
        std::any_of(profile.mix.begin(), profile.mix.end(),
                    [](const auto& e) { return e.action == Action::conflict; });
    if (n < 1 || n > kMaxDevices) {
      problems.push_back("--devices: must be between 1 and " + std::to_string(kMaxDevices) +
                         ", got " + std::to_string(n));
    } else if (n < 2 && has_conflict) {
      problems.push_back("--devices: " + which +
                         " has conflict cycles, which need two devices of one account; give 2 or "
                         "more");
    } else {
      profile.devices = n;
    }
  }
  if (overrides.rate) {
    const double r = *overrides.rate;
    if (profile.model == Model::closed) {
      problems.push_back(
          "--rate: " + which +
          " is closed (devices in a loop, paced by think_time); --rate applies to an "
          "open profile at a constant rate. Use --devices, or edit think_time");
    } else if (is_staged(profile)) {
      problems.push_back("--rate: " + which +
                         " is open with ramping stages; --rate applies to an open profile at a "
                         "constant rate. Edit the stages' targets instead");
    } else if (!std::isfinite(r) || r <= 0 || r > 10'000'000) {
      problems.push_back(
          "--rate: must be more than 0 and at most 10000000 arrivals per second, got " +
          rate_text(r));
    } else {
      profile.rate = r;
    }
  }
  if (overrides.duration) {
    const milliseconds d = *overrides.duration;
    if (d <= milliseconds(0)) {
      problems.push_back("--duration: must be more than 0s, got " + format_duration(d));
    } else if (is_staged(profile)) {
      scale_stages(profile.stages, d);
    } else {
      profile.duration = d;
    }
  }
  return problems;
}

}  // namespace syncsuite::load
