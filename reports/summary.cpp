#include "reports/summary.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <vector>

namespace syncsuite::reports {
namespace {

bool is_failure(Verdict v) { return v == Verdict::fail || v == Verdict::error; }

// "4.2.1" -> {4, 2, 1}; nullopt unless the text is dot-separated decimal numbers.
std::optional<std::vector<unsigned long>> section_numbers(std::string_view text) {
  std::vector<unsigned long> numbers;
  if (text.empty()) return std::nullopt;
  while (true) {
    const std::size_t dot = text.find('.');
    const std::string_view part = text.substr(0, dot);
    unsigned long n = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), n);
    if (part.empty() || ec != std::errc{} || end != part.data() + part.size()) return std::nullopt;
    numbers.push_back(n);
    if (dot == std::string_view::npos) return numbers;
    text.remove_prefix(dot + 1);
  }
}

Outcome from_verdict(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass:
      return Outcome::pass;
    case Verdict::fail:
      return Outcome::fail;
    case Verdict::warn:
      return Outcome::warn;
    case Verdict::error:
      return Outcome::error;
    case Verdict::skipped:
      return Outcome::skipped;
  }
  return Outcome::error;
}

}  // namespace

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::pass:
      return "pass";
    case Outcome::fail:
      return "fail";
    case Outcome::warn:
      return "warn";
    case Outcome::error:
      return "error";
    case Outcome::skipped:
      return "skipped";
    case Outcome::known:
      return "known";
  }
  return "error";
}

Outcome outcome(const CheckResult& check) {
  if (check.baseline_known && is_failure(check.verdict)) return Outcome::known;
  return from_verdict(check.verdict);
}

Outcome outcome(const ScenarioResult& scenario) {
  const bool all_failures_known =
      is_failure(scenario.verdict) && scenario.error.empty() &&
      std::any_of(scenario.checks.begin(), scenario.checks.end(),
                  [](const CheckResult& c) { return is_failure(c.verdict); }) &&
      std::all_of(scenario.checks.begin(), scenario.checks.end(),
                  [](const CheckResult& c) { return !is_failure(c.verdict) || c.baseline_known; });
  if (all_failures_known) return Outcome::known;
  return from_verdict(scenario.verdict);
}

Verdict gating_verdict(const ScenarioResult& scenario) {
  if (outcome(scenario) != Outcome::known) return scenario.verdict;
  Verdict gate = Verdict::pass;
  for (const CheckResult& check : scenario.checks) {
    if (outcome(check) != Outcome::known) gate = worst(gate, check.verdict);
  }
  return gate;
}

bool SectionLess::operator()(std::string_view a, std::string_view b) const {
  const auto na = section_numbers(a);
  const auto nb = section_numbers(b);
  if (na && nb) return *na < *nb;
  if (na || nb) return na.has_value();  // numbered sections first
  return a < b;
}

void Counts::add(Outcome outcome) {
  switch (outcome) {
    case Outcome::pass:
      ++pass;
      break;
    case Outcome::fail:
      ++fail;
      break;
    case Outcome::warn:
      ++warn;
      break;
    case Outcome::error:
      ++error;
      break;
    case Outcome::skipped:
      ++skipped;
      break;
    case Outcome::known:
      ++known;
      break;
  }
}

std::size_t Counts::of(Outcome outcome) const {
  switch (outcome) {
    case Outcome::pass:
      return pass;
    case Outcome::fail:
      return fail;
    case Outcome::warn:
      return warn;
    case Outcome::error:
      return error;
    case Outcome::skipped:
      return skipped;
    case Outcome::known:
      return known;
  }
  return 0;
}

std::size_t Counts::total() const { return pass + fail + warn + error + skipped + known; }

Summary summarize(const RunResult& run) {
  Summary summary;
  for (const ScenarioResult& scenario : run.scenarios) {
    summary.scenarios.add(outcome(scenario));
    summary.worst = worst(summary.worst, gating_verdict(scenario));
    for (const CheckResult& check : scenario.checks) {
      summary.checks.add(outcome(check));
      summary.sections[check.section].add(outcome(check));
    }
  }
  summary.baseline_fixed = run.baseline_fixed.size();
  return summary;
}

}  // namespace syncsuite::reports
