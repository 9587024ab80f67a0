#include "harness/load/duration_text.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "harness/scenario/time_spec.hpp"

namespace syncsuite::load {
namespace {

// Largest first: the order the units must appear in.
constexpr std::array<std::string_view, 4> kUnits{"h", "m", "s", "ms"};
constexpr std::string_view kExample = "write e.g. 30s, 1m30s or 250ms";

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

DurationParse fail(std::string problem) { return DurationParse{std::nullopt, std::move(problem)}; }

// Why `text` is not a duration, or "" when its shape is right.
std::string shape_problem(std::string_view text) {
  if (text.empty()) return "is empty; " + std::string(kExample);
  if (std::any_of(text.begin(), text.end(),
                  [](char c) { return std::isspace(static_cast<unsigned char>(c)); })) {
    std::string joined;
    for (char c : text) {
      if (!std::isspace(static_cast<unsigned char>(c))) joined += c;
    }
    return in_quotes(text) + " has a space; write " + joined;
  }
  if (text.front() == '-') return in_quotes(text) + " is negative; a duration is 0 or more";
  if (text.front() == '+')
    return in_quotes(text) + " takes no sign; write " + std::string(text.substr(1));
  if (text.find('.') != std::string_view::npos || text.find(',') != std::string_view::npos) {
    return in_quotes(text) + " has a fraction; use a smaller unit (1500ms, not 1.5s)";
  }
  std::size_t i = 0;
  std::size_t next_unit = 0;  // index into kUnits: units must come largest first, each once
  while (i < text.size()) {
    const std::size_t digits_start = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    if (i == digits_start) return in_quotes(text) + " is not a duration; " + std::string(kExample);
    const std::string_view number = text.substr(digits_start, i - digits_start);
    const std::size_t unit_start = i;
    while (i < text.size() && is_alpha(text[i])) ++i;
    const std::string_view unit = text.substr(unit_start, i - unit_start);
    if (unit.empty()) {
      if (i == text.size() && digits_start == 0) {
        if (number.find_first_not_of('0') == std::string_view::npos) return "";  // a bare 0
        return in_quotes(text) + " has no unit; write " + std::string(number) + "s (or " +
               std::string(number) + "ms, " + std::string(number) + "m)";
      }
      if (i == text.size()) {
        return in_quotes(text) + ": the number " + std::string(number) + " has no unit; write " +
               std::string(text) + "m or " + std::string(text) + "s";
      }
      return in_quotes(text) + " is not a duration; " + std::string(kExample);
    }
    const auto at = std::find(kUnits.begin(), kUnits.end(), unit);
    if (at == kUnits.end()) {
      return in_quotes(text) + ": unknown unit " + in_quotes(unit) + " (units: h, m, s, ms)";
    }
    const auto index = static_cast<std::size_t>(at - kUnits.begin());
    if (index < next_unit) {
      return in_quotes(text) + ": units go from largest to smallest, each once (as in 1h30m15s)";
    }
    next_unit = index + 1;
  }
  return "";
}

}  // namespace

DurationParse parse_duration(std::string_view text) {
  if (auto problem = shape_problem(text); !problem.empty()) return fail(std::move(problem));
  if (text.find_first_not_of('0') == std::string_view::npos) {
    return DurationParse{std::chrono::milliseconds(0), ""};
  }
  // The arithmetic (and its overflow guard) is the scenario times' parser; the shape check above
  // only narrows the grammar and explains mistakes.
  const auto ms = scenario::parse_offset("+" + std::string(text));
  if (!ms) return fail(in_quotes(text) + " is too long (at most 100 years)");
  return DurationParse{std::chrono::milliseconds(*ms), ""};
}

std::string format_duration(std::chrono::milliseconds value) {
  std::int64_t ms = value.count();
  if (ms == 0) return "0s";
  std::string out;
  if (ms < 0) {
    out = "-";
    ms = -ms;
  }
  constexpr std::array<std::pair<std::int64_t, std::string_view>, 4> kParts{
      {{3'600'000, "h"}, {60'000, "m"}, {1000, "s"}, {1, "ms"}}};
  for (const auto& [size, unit] : kParts) {
    if (ms >= size) {
      out += std::to_string(ms / size) + std::string(unit);
      ms %= size;
    }
  }
  return out;
}

}  // namespace syncsuite::load
