#pragma once
// A fault plan: which requests the mock server mistreats, and how. Plain data plus its JSON form,
// installed at start (ServerOptions::faults, `syncsuite serve --faults FILE`) or at run time
// through the control endpoint. FaultInjector (fault_injector.hpp) applies it.
//
// JSON form (every field but "action" optional; unknown fields are errors):
//   {"seed": 7, "rules": [
//     {"method": "POST", "path": "/api/v1/sync/push/", "nth": 2, "times": 1,
//      "action": "drop-after-commit"},
//     {"path": "/api/v1/sync/pull/", "probability": 0.25, "action": "status", "status": 503},
//     {"every": 3, "action": "delay", "delay_ms": 200},
//     {"action": "truncate", "truncate_bytes": 20}]}
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "reference/core/result.hpp"

namespace syncsuite::mockserver {

enum class FaultKind {
  delay,              // wait delay_ms, then handle and answer normally
  status,             // answer `status` with `body` instead of handling: nothing is stored
  drop,               // close the connection (FIN) before handling: nothing is stored
  drop_after_commit,  // handle (the change is committed), then close without answering
  reset,              // abort the connection (RST) before handling: nothing is stored
  truncate,           // handle, send only the first bytes of the response, then close
};

// "delay", "status", "drop", "drop-after-commit", "reset", "truncate".
std::string_view fault_kind_name(FaultKind kind);
std::optional<FaultKind> fault_kind_from_name(std::string_view name);

struct FaultAction {
  FaultKind kind = FaultKind::drop;
  std::uint32_t delay_ms = 0;  // delay: 0..600000
  int status = 503;            // status: 100..599
  std::string body;            // status: response body (JSON text); "" = {"detail": "..."}
  // truncate: bytes of the serialized response (status line, headers, body) that are sent;
  // nullopt = half of it. Always less than the whole response.
  std::optional<std::size_t> truncate_bytes;
};

struct FaultRule {
  std::string method;       // "" = any method; else exact, e.g. "POST"
  std::string path_prefix;  // "" = any path; compared with the target's path (query ignored)
  // Trigger, at most one set; none = every matching request. Counts are of the requests that
  // match this rule, from 1, since the plan was installed.
  std::optional<std::uint64_t> nth;    // due from the nth matching request on, until `times`
  std::optional<std::uint64_t> every;  // due on matching requests every, 2*every, ...
  std::optional<double> probability;   // due with this probability (0..1), seeded
  // How often the rule fires at most; nullopt = 1 with `nth`, unlimited otherwise.
  std::optional<std::uint64_t> times;
  FaultAction action;
};

struct FaultPlan {
  std::uint64_t seed = 1;  // seeds every probability rule (rule i uses seed + i)
  std::vector<FaultRule> rules;
};

// Parses and validates a plan. The error (code "bad_fault_plan") names every bad field, e.g.
// "rules[1].action: unknown action \"explode\" (expected delay, status, ...)".
Result<FaultPlan> parse_fault_plan(std::string_view json_text);
Result<FaultPlan> fault_plan_from_json(const nlohmann::json& value);
nlohmann::json to_json(const FaultRule& rule);
nlohmann::json to_json(const FaultPlan& plan);

}  // namespace syncsuite::mockserver
