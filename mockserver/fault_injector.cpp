#include "mockserver/fault_injector.hpp"

#include <utility>

namespace syncsuite::mockserver {
namespace {

bool matches(const FaultRule& rule, std::string_view method, std::string_view path) {
  return (rule.method.empty() || rule.method == method) &&
         path.substr(0, rule.path_prefix.size()) == rule.path_prefix;
}

std::uint64_t limit_of(const FaultRule& rule) {
  if (rule.times) {
    return *rule.times;
  }
  return rule.nth ? 1 : UINT64_MAX;
}

}  // namespace

void FaultInjector::install(FaultPlan plan) {
  std::lock_guard lock(mutex_);
  seed_ = plan.seed;
  active_.clear();
  for (std::size_t i = 0; i < plan.rules.size(); ++i) {
    active_.push_back(
        Active{RuleState{std::move(plan.rules[i]), 0, 0}, std::mt19937_64(plan.seed + i)});
  }
}

void FaultInjector::clear() { install(FaultPlan{}); }

std::optional<FaultAction> FaultInjector::decide(std::string_view method,
                                                 std::string_view target) {
  const std::string_view path = target.substr(0, target.find('?'));
  std::lock_guard lock(mutex_);
  std::optional<FaultAction> chosen;
  for (auto& active : active_) {
    RuleState& s = active.state;
    if (!matches(s.rule, method, path)) {
      continue;
    }
    ++s.matched;
    bool due = s.fired < limit_of(s.rule);
    if (s.rule.nth) {
      due = due && s.matched >= *s.rule.nth;
    } else if (s.rule.every) {
      due = due && s.matched % *s.rule.every == 0;
    } else if (s.rule.probability) {
      // Drawn for every matching request, so the sequence depends only on the seed and the
      // request order, not on whether an earlier rule fired.
      // 53 random bits as a double in [0, 1): the same on every standard library.
      const double draw = static_cast<double>(active.random() >> 11) * 0x1.0p-53;
      due = due && draw < *s.rule.probability;
    }
    if (due && !chosen) {
      ++s.fired;
      chosen = s.rule.action;
    }
  }
  return chosen;
}

std::vector<FaultInjector::RuleState> FaultInjector::rules() const {
  std::lock_guard lock(mutex_);
  std::vector<RuleState> out;
  out.reserve(active_.size());
  for (const auto& active : active_) {
    out.push_back(active.state);
  }
  return out;
}

nlohmann::json FaultInjector::to_json() const {
  std::lock_guard lock(mutex_);
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& active : active_) {
    nlohmann::json rule = mockserver::to_json(active.state.rule);
    rule["matched"] = active.state.matched;
    rule["fired"] = active.state.fired;
    rules.push_back(std::move(rule));
  }
  return {{"seed", seed_}, {"rules", std::move(rules)}};
}

}  // namespace syncsuite::mockserver
