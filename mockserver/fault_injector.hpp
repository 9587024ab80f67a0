#pragma once
// Applies a FaultPlan to the stream of requests: for each request, which fault (if any) the
// session must act out. Thread-safe; the decision is pure bookkeeping, the I/O is the session's.
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mockserver/fault_plan.hpp"

namespace syncsuite::mockserver {

class FaultInjector {
 public:
  struct RuleState {
    FaultRule rule;
    std::uint64_t matched = 0;  // requests that matched method and path since install
    std::uint64_t fired = 0;    // of those, the ones this rule acted on (<= matched, <= times)
  };

  // Replaces the plan; every counter starts again from 0.
  void install(FaultPlan plan);
  void clear();

  // Called once per request (control requests excluded). Every matching rule counts the request;
  // the first due rule, in plan order, fires and its action is returned. A rule that was due
  // but shadowed by an earlier one does not count as fired.
  std::optional<FaultAction> decide(std::string_view method, std::string_view target);

  std::vector<RuleState> rules() const;
  // {"seed": s, "rules": [{...rule..., "matched": m, "fired": f}, ...]}
  nlohmann::json to_json() const;

 private:
  struct Active {
    RuleState state;
    std::mt19937_64 random;
  };
  mutable std::mutex mutex_;
  std::uint64_t seed_ = 1;
  std::vector<Active> active_;
};

}  // namespace syncsuite::mockserver
