#include "mockserver/fault_plan.hpp"

#include <array>
#include <utility>

namespace syncsuite::mockserver {
namespace {

constexpr std::array<std::pair<FaultKind, std::string_view>, 6> kKindNames{{
    {FaultKind::delay, "delay"},
    {FaultKind::status, "status"},
    {FaultKind::drop, "drop"},
    {FaultKind::drop_after_commit, "drop-after-commit"},
    {FaultKind::reset, "reset"},
    {FaultKind::truncate, "truncate"},
}};

constexpr std::uint32_t kMaxDelayMs = 600000;

std::string all_kind_names() {
  std::string out;
  for (const auto& [kind, name] : kKindNames) {
    out += out.empty() ? "" : ", ";
    out += name;
  }
  return out;
}

// Collects every problem of a plan, so that one answer lists them all.
class Problems {
 public:
  void add(const std::string& where, const std::string& what) {
    text_ += text_.empty() ? "" : "; ";
    text_ += where + ": " + what;
  }
  bool empty() const { return text_.empty(); }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

// An integer >= `min`. JSON text gives unsigned numbers; json built in C++ may hold signed ones.
std::optional<std::uint64_t> integer_at_least(const nlohmann::json& value, std::uint64_t min) {
  if (value.is_number_unsigned()) {
    const auto n = value.get<std::uint64_t>();
    return n >= min ? std::optional(n) : std::nullopt;
  }
  if (value.is_number_integer() && value.get<std::int64_t>() >= 0) {
    const auto n = static_cast<std::uint64_t>(value.get<std::int64_t>());
    return n >= min ? std::optional(n) : std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::uint64_t> positive_integer(const nlohmann::json& value, const std::string& where,
                                              Problems& problems) {
  auto n = integer_at_least(value, 1);
  if (!n) {
    problems.add(where, "must be a positive integer");
  }
  return n;
}

std::optional<std::string> text_field(const nlohmann::json& value, const std::string& where,
                                      Problems& problems) {
  if (!value.is_string()) {
    problems.add(where, "must be a string");
    return std::nullopt;
  }
  return value.get<std::string>();
}

FaultRule parse_rule(const nlohmann::json& value, const std::string& where, Problems& problems) {
  FaultRule rule;
  if (!value.is_object()) {
    problems.add(where, "must be an object");
    return rule;
  }
  std::optional<FaultKind> kind;
  bool has_delay = false;
  bool has_status = false;
  for (const auto& [key, field] : value.items()) {
    const std::string at = where + "." + key;
    if (key == "method") {
      if (auto text = text_field(field, at, problems)) {
        if (text->empty()) {
          problems.add(at, "must not be empty (leave it out to match any method)");
        }
        rule.method = *text;
      }
    } else if (key == "path") {
      if (auto text = text_field(field, at, problems)) {
        if (!text->empty() && text->front() != '/') {
          problems.add(at, "must start with '/'");
        }
        rule.path_prefix = *text;
      }
    } else if (key == "nth") {
      rule.nth = positive_integer(field, at, problems);
    } else if (key == "every") {
      rule.every = positive_integer(field, at, problems);
    } else if (key == "probability") {
      if (!field.is_number() || field.get<double>() < 0.0 || field.get<double>() > 1.0) {
        problems.add(at, "must be a number from 0 to 1");
      } else {
        rule.probability = field.get<double>();
      }
    } else if (key == "times") {
      rule.times = positive_integer(field, at, problems);
    } else if (key == "action") {
      if (auto text = text_field(field, at, problems)) {
        kind = fault_kind_from_name(*text);
        if (!kind) {
          problems.add(at, "unknown action \"" + *text + "\" (expected " + all_kind_names() + ")");
        }
      }
    } else if (key == "delay_ms") {
      has_delay = true;
      const auto ms = integer_at_least(field, 0);
      if (!ms || *ms > kMaxDelayMs) {
        problems.add(at, "must be an integer from 0 to " + std::to_string(kMaxDelayMs));
      } else {
        rule.action.delay_ms = static_cast<std::uint32_t>(*ms);
      }
    } else if (key == "status") {
      has_status = true;
      if (!field.is_number_integer() || field.get<std::int64_t>() < 100 ||
          field.get<std::int64_t>() > 599) {
        problems.add(at, "must be an integer from 100 to 599");
      } else {
        rule.action.status = static_cast<int>(field.get<std::int64_t>());
      }
    } else if (key == "body") {
      rule.action.body = field.dump();
    } else if (key == "truncate_bytes") {
      if (auto bytes = positive_integer(field, at, problems)) {
        rule.action.truncate_bytes = static_cast<std::size_t>(*bytes);
      }
    } else {
      problems.add(at, "unknown field");
    }
  }
  const int triggers = int{rule.nth.has_value()} + int{rule.every.has_value()} +
                       int{rule.probability.has_value()};
  if (triggers > 1) {
    problems.add(where, "give at most one of nth, every, probability");
  }
  if (!kind) {
    if (!value.contains("action")) {
      problems.add(where + ".action", "missing (expected " + all_kind_names() + ")");
    }
    return rule;
  }
  rule.action.kind = *kind;
  if (*kind == FaultKind::delay && !has_delay) {
    problems.add(where + ".delay_ms", "missing (required by action delay)");
  }
  if (*kind == FaultKind::status && !has_status) {
    problems.add(where + ".status", "missing (required by action status)");
  }
  if (has_delay && *kind != FaultKind::delay) {
    problems.add(where + ".delay_ms", "only allowed with action delay");
  }
  if (has_status && *kind != FaultKind::status) {
    problems.add(where + ".status", "only allowed with action status");
  }
  if (value.contains("body") && *kind != FaultKind::status) {
    problems.add(where + ".body", "only allowed with action status");
  }
  if (value.contains("truncate_bytes") && *kind != FaultKind::truncate) {
    problems.add(where + ".truncate_bytes", "only allowed with action truncate");
  }
  return rule;
}

}  // namespace

std::string_view fault_kind_name(FaultKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) {
      return name;
    }
  }
  return "unknown";
}

std::optional<FaultKind> fault_kind_from_name(std::string_view name) {
  for (const auto& [kind, n] : kKindNames) {
    if (n == name) {
      return kind;
    }
  }
  return std::nullopt;
}

Result<FaultPlan> fault_plan_from_json(const nlohmann::json& value) {
  Problems problems;
  FaultPlan plan;
  if (!value.is_object()) {
    return make_error("bad_fault_plan", "fault plan: must be a JSON object with \"rules\"");
  }
  for (const auto& [key, field] : value.items()) {
    if (key == "seed") {
      if (auto seed = integer_at_least(field, 0)) {
        plan.seed = *seed;
      } else {
        problems.add("seed", "must be a non-negative integer");
      }
    } else if (key == "rules") {
      if (!field.is_array()) {
        problems.add("rules", "must be an array");
        continue;
      }
      for (std::size_t i = 0; i < field.size(); ++i) {
        plan.rules.push_back(parse_rule(field[i], "rules[" + std::to_string(i) + "]", problems));
      }
    } else {
      problems.add(key, "unknown field");
    }
  }
  if (!value.contains("rules")) {
    problems.add("rules", "missing");
  }
  if (!problems.empty()) {
    return make_error("bad_fault_plan", "fault plan: " + problems.text());
  }
  return plan;
}

Result<FaultPlan> parse_fault_plan(std::string_view json_text) {
  auto value = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    return make_error("bad_fault_plan", "fault plan: not valid JSON");
  }
  return fault_plan_from_json(value);
}

nlohmann::json to_json(const FaultRule& rule) {
  nlohmann::json out = nlohmann::json::object();
  if (!rule.method.empty()) {
    out["method"] = rule.method;
  }
  if (!rule.path_prefix.empty()) {
    out["path"] = rule.path_prefix;
  }
  if (rule.nth) {
    out["nth"] = *rule.nth;
  }
  if (rule.every) {
    out["every"] = *rule.every;
  }
  if (rule.probability) {
    out["probability"] = *rule.probability;
  }
  if (rule.times) {
    out["times"] = *rule.times;
  }
  out["action"] = fault_kind_name(rule.action.kind);
  switch (rule.action.kind) {
    case FaultKind::delay:
      out["delay_ms"] = rule.action.delay_ms;
      break;
    case FaultKind::status:
      out["status"] = rule.action.status;
      if (!rule.action.body.empty()) {
        out["body"] = nlohmann::json::parse(rule.action.body, nullptr, false);
      }
      break;
    case FaultKind::truncate:
      if (rule.action.truncate_bytes) {
        out["truncate_bytes"] = *rule.action.truncate_bytes;
      }
      break;
    default:
      break;
  }
  return out;
}

nlohmann::json to_json(const FaultPlan& plan) {
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& rule : plan.rules) {
    rules.push_back(to_json(rule));
  }
  return {{"seed", plan.seed}, {"rules", std::move(rules)}};
}

}  // namespace syncsuite::mockserver
