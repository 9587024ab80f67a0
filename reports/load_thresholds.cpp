#include "reports/load_thresholds.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>

#include "reports/load_metrics.hpp"
#include "reports/text/join.hpp"
#include "reports/text/number_text.hpp"

namespace syncsuite::reports {
namespace {

enum class Kind { latency, error_rate, rate, count, correctness };
enum class ActionRule { optional, required, none };

struct MetricSpec {
  std::string_view name;
  Kind kind;
  ActionRule action;
  std::string_view alias_action = "";  // push_records_per_s -> records_per_s(push)
  std::string_view canonical = "";     // name the alias stands for
};

constexpr std::array<MetricSpec, 17> kMetrics = {{
    {"p50", Kind::latency, ActionRule::optional},
    {"p90", Kind::latency, ActionRule::optional},
    {"p95", Kind::latency, ActionRule::optional},
    {"p99", Kind::latency, ActionRule::optional},
    {"p99.9", Kind::latency, ActionRule::optional},
    {"max", Kind::latency, ActionRule::optional},
    {"min", Kind::latency, ActionRule::optional},
    {"avg", Kind::latency, ActionRule::optional},
    {"error_rate", Kind::error_rate, ActionRule::optional},
    {"requests_per_s", Kind::rate, ActionRule::optional},
    {"records_per_s", Kind::rate, ActionRule::required},
    {"push_records_per_s", Kind::rate, ActionRule::none, "push", "records_per_s"},
    {"pull_records_per_s", Kind::rate, ActionRule::none, "pull", "records_per_s"},
    {"errors", Kind::count, ActionRule::optional},
    {"dropped", Kind::count, ActionRule::optional},
    {"lost_records", Kind::correctness, ActionRule::none},
    {"corrupted_records", Kind::correctness, ActionRule::none},
}};

const MetricSpec* find_metric(std::string_view name) {
  for (const MetricSpec& spec : kMetrics) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

std::string known_metrics() {
  std::string out;
  for (const MetricSpec& spec : kMetrics) {
    if (!out.empty()) out += ", ";
    out += spec.name;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool metric_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}

// Reads an operator at the start of `s`; consumes it.
std::optional<ThresholdOp> take_operator(std::string_view& s) {
  constexpr std::array<std::pair<std::string_view, ThresholdOp>, 5> kOps = {{
      {"<=", ThresholdOp::less_equal},
      {">=", ThresholdOp::greater_equal},
      {"==", ThresholdOp::equal},
      {"<", ThresholdOp::less},
      {">", ThresholdOp::greater},
  }};
  for (const auto& [text, op] : kOps) {
    if (s.substr(0, text.size()) == text) {
      s.remove_prefix(text.size());
      return op;
    }
  }
  return std::nullopt;
}

// The factor that brings `unit` to the metric's unit, or nullopt when the unit does not fit.
std::optional<double> unit_factor(Kind kind, std::string_view unit) {
  switch (kind) {
    case Kind::latency:
      if (unit.empty() || unit == "ms") return 1.0;
      if (unit == "us") return 0.001;
      if (unit == "s") return 1000.0;
      return std::nullopt;
    case Kind::error_rate:
      if (unit.empty()) return 1.0;
      if (unit == "%") return 0.01;
      return std::nullopt;
    default:
      if (unit.empty()) return 1.0;
      return std::nullopt;
  }
}

std::string_view unit_hint(Kind kind) {
  switch (kind) {
    case Kind::latency:
      return "use us, ms (the default) or s";
    case Kind::error_rate:
      return "use a fraction such as 0.001 or a percent such as 0.1%";
    default:
      return "this metric takes a plain number";
  }
}

// The metric's observed value, or why there is none.
struct Observation {
  std::optional<double> value;
  std::string no_data;
};

Observation observe_latency(const ActionStats& stats, std::string_view metric) {
  const Histogram& h = stats.latency;
  if (h.count() == 0) return {std::nullopt, "no " + stats.action + " request finished"};
  if (metric == "min") return {to_ms(h.min()), {}};
  if (metric == "max") return {to_ms(h.max()), {}};
  if (metric == "avg") return {h.mean() / 1000.0, {}};
  double p = 100;  // "p99.9" -> 99.9; the parser admits only names from kMetrics
  std::from_chars(metric.data() + 1, metric.data() + metric.size(), p);
  return {to_ms(h.percentile(p)), {}};
}

Observation observe(const LoadResult& result, const Threshold& t, Kind kind) {
  if (kind == Kind::correctness) {
    const CorrectnessResult& c = result.correctness;
    if (c.records_checked == 0 && c.acknowledged_writes == 0)
      return {std::nullopt, "no records were checked for correctness"};
    return {static_cast<double>(t.metric == "lost_records" ? c.lost : c.corrupted), {}};
  }
  ActionStats all;
  const ActionStats* stats = nullptr;
  if (t.action.empty()) {
    all = all_actions(result);
    all.action = "any";
    stats = &all;
  } else {
    stats = find_action(result, t.action);
    if (stats == nullptr) return {std::nullopt, "the run has no " + t.action + " action"};
  }
  if (kind == Kind::latency) return observe_latency(*stats, t.metric);
  if (t.metric == "dropped") {
    if (stats->requests == 0 && stats->dropped == 0)
      return {std::nullopt, "no " + stats->action + " request was started or dropped"};
    return {static_cast<double>(stats->dropped), {}};
  }
  if (stats->requests == 0) return {std::nullopt, "no " + stats->action + " request finished"};
  if (kind == Kind::error_rate) return {error_rate(*stats), {}};
  if (kind == Kind::count) return {static_cast<double>(error_count(*stats)), {}};
  if (result.duration_s <= 0) return {std::nullopt, "the measured duration is 0 s"};
  const std::uint64_t n = t.metric == "records_per_s" ? stats->records : stats->requests;
  return {per_second(n, result.duration_s), {}};
}

bool holds(double observed, ThresholdOp op, double limit) {
  switch (op) {
    case ThresholdOp::less:
      return observed < limit;
    case ThresholdOp::less_equal:
      return observed <= limit;
    case ThresholdOp::greater:
      return observed > limit;
    case ThresholdOp::greater_equal:
      return observed >= limit;
    case ThresholdOp::equal:
      return observed == limit;
  }
  return false;
}

// A value in the unit people read: ms with 3 decimals, error rates in percent, rates per second.
std::string shown(Kind kind, double value) {
  switch (kind) {
    case Kind::latency:
      return text::compact(value, 3) + " ms";
    case Kind::error_rate:
      return text::compact(value * 100, 4) + "%";
    case Kind::rate:
      return text::compact(value, 2) + "/s";
    default:
      return text::compact(value, 0);
  }
}

}  // namespace

std::string_view to_string(ThresholdOp op) {
  switch (op) {
    case ThresholdOp::less:
      return "<";
    case ThresholdOp::less_equal:
      return "<=";
    case ThresholdOp::greater:
      return ">";
    case ThresholdOp::greater_equal:
      return ">=";
    case ThresholdOp::equal:
      return "==";
  }
  return "?";
}

std::variant<Threshold, std::string> parse_threshold(
    std::string_view text, const std::vector<std::string>& known_actions) {
  std::string_view rest = trim(text);
  if (rest.empty()) return std::string("empty threshold");
  Threshold t;
  t.expression = std::string(rest);

  std::size_t end = 0;
  while (end < rest.size() && metric_char(rest[end])) ++end;
  const std::string_view name = rest.substr(0, end);
  if (name.empty()) return "expected a metric name at '" + std::string(rest) + "'";
  const MetricSpec* spec = find_metric(name);
  if (spec == nullptr)
    return "unknown metric '" + std::string(name) + "' (known: " + known_metrics() + ")";
  rest = trim(rest.substr(end));

  if (!rest.empty() && rest.front() == '(') {
    const std::size_t close = rest.find(')');
    if (close == std::string_view::npos) return std::string("missing ')' after the action");
    t.action = std::string(trim(rest.substr(1, close - 1)));
    rest = trim(rest.substr(close + 1));
    if (spec->action == ActionRule::none) return std::string(spec->name) + " takes no action";
    if (t.action.empty()) return "empty action in '" + t.expression + "'";
  } else if (spec->action == ActionRule::required) {
    return std::string(spec->name) + " needs an action, e.g. " + std::string(spec->name) + "(push)";
  }
  if (!spec->alias_action.empty()) t.action = std::string(spec->alias_action);
  t.metric = std::string(spec->canonical.empty() ? spec->name : spec->canonical);
  if (!t.action.empty() &&
      std::find(known_actions.begin(), known_actions.end(), t.action) == known_actions.end()) {
    return "unknown action '" + t.action + "' (known: " + text::join(known_actions, ", ") + ")";
  }

  const std::string head = t.expression.substr(0, t.expression.size() - rest.size());
  const std::optional<ThresholdOp> op = take_operator(rest);
  if (!op)
    return "missing operator after '" + std::string(trim(head)) + "' (use <, <=, >, >= or ==)";
  t.op = *op;
  rest = trim(rest);

  double number = 0;
  const auto [number_end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), number);
  if (ec != std::errc{} || rest.empty() || rest.front() == '-' || !std::isfinite(number))
    return "bad number '" + std::string(rest) + "' (expected a non-negative number)";
  const std::string_view unit =
      trim(rest.substr(static_cast<std::size_t>(number_end - rest.data())));
  const std::optional<double> factor = unit_factor(spec->kind, unit);
  if (!factor)
    return "bad unit '" + std::string(unit) + "' for " + std::string(spec->name) + " (" +
           std::string(unit_hint(spec->kind)) + ")";
  t.limit = number * *factor;
  return t;
}

std::vector<ThresholdResult> evaluate_thresholds(const LoadResult& result,
                                                 const std::vector<Threshold>& thresholds) {
  std::vector<ThresholdResult> out;
  for (const Threshold& t : thresholds) {
    const MetricSpec* spec = find_metric(t.metric);
    ThresholdResult r;
    r.expression = t.expression;
    if (spec == nullptr) {  // only a hand-built Threshold gets here
      r.message = t.expression + ": unknown metric '" + t.metric + "'";
      out.push_back(std::move(r));
      continue;
    }
    const Observation seen = observe(result, t, spec->kind);
    const std::string label = t.metric + (t.action.empty() ? "" : "(" + t.action + ")");
    if (!seen.value) {
      r.message = t.expression + ": no data (" + seen.no_data + ")";
    } else {
      r.observed = seen.value;
      r.passed = holds(*seen.value, t.op, t.limit);
      r.message = label + " = " + shown(spec->kind, *seen.value) + (r.passed ? " " : ", not ") +
                  std::string(to_string(t.op)) + " " + shown(spec->kind, t.limit);
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace syncsuite::reports
