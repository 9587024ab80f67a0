#include "harness/load/worker_stats.hpp"

namespace syncsuite::load {

namespace {
constexpr std::array<const char*, static_cast<std::size_t>(StatusClass::count_)> kClassNames = {
    "2xx", "3xx", "4xx", "5xx", "none"};
}  // namespace

StatusClass status_class(int status) {
  if (status >= 200 && status < 300) return StatusClass::s2xx;
  if (status >= 300 && status < 400) return StatusClass::s3xx;
  if (status >= 400 && status < 500) return StatusClass::s4xx;
  if (status >= 500 && status < 600) return StatusClass::s5xx;
  return StatusClass::none;
}

WorkerStats::WorkerStats(std::vector<std::string> action_names) {
  actions_.resize(action_names.size());
  for (std::size_t i = 0; i < action_names.size(); ++i) actions_[i].name = std::move(action_names[i]);
}

reports::IntervalStats& WorkerStats::interval(std::uint32_t second) {
  while (intervals_.size() <= second) {
    reports::IntervalStats s;
    s.second = static_cast<std::uint32_t>(intervals_.size());
    intervals_.push_back(std::move(s));
  }
  return intervals_[second];
}

void WorkerStats::record(std::size_t action, const Finished& f, std::uint32_t second) {
  auto& a = actions_[action];
  ++a.requests;
  a.bytes += f.bytes;
  a.latency.record(f.latency_us);
  a.by_class[static_cast<std::size_t>(status_class(f.status))].record(f.latency_us);
  auto& s = interval(second);
  ++s.requests;
  s.latency.record(f.latency_us);
  ++requests_;
  if (f.ok) {
    ++a.ok;
    a.records += f.records;
    s.records += f.records;
  } else {
    ++a.errors[static_cast<std::size_t>(f.error)];
    ++s.errors;
    ++errors_;
  }
}

void WorkerStats::drop(std::size_t action, std::uint32_t second) {
  ++actions_[action].dropped;
  ++interval(second).dropped;
}

void WorkerStats::set_active(std::uint32_t second, std::uint64_t devices) {
  interval(second).active_devices = devices;
}

const reports::Histogram* WorkerStats::latency_of(std::uint32_t second) const {
  return second < intervals_.size() ? &intervals_[second].latency : nullptr;
}

std::vector<reports::ActionStats> WorkerStats::action_results() const {
  std::vector<reports::ActionStats> out;
  for (const auto& a : actions_) {
    reports::ActionStats s;
    s.action = a.name;
    s.requests = a.requests;
    s.ok = a.ok;
    s.records = a.records;
    s.bytes = a.bytes;
    s.dropped = a.dropped;
    for (std::size_t k = 0; k < kErrorKinds; ++k) {
      if (a.errors[k] > 0) s.errors[std::string(error_kind_name(static_cast<ErrorKind>(k)))] = a.errors[k];
    }
    s.latency = a.latency;
    for (std::size_t c = 0; c < a.by_class.size(); ++c) {
      if (a.by_class[c].count() > 0) s.latency_by_class[kClassNames[c]] = a.by_class[c];
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<reports::IntervalStats> WorkerStats::interval_results() const { return intervals_; }

}  // namespace syncsuite::load
