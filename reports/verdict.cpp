#include "reports/verdict.hpp"

#include <array>
#include <utility>

namespace syncsuite::reports {
namespace {

constexpr std::array<std::pair<Verdict, std::string_view>, 5> kNames{{
    {Verdict::pass, "pass"},
    {Verdict::fail, "fail"},
    {Verdict::warn, "warn"},
    {Verdict::error, "error"},
    {Verdict::skipped, "skipped"},
}};

}  // namespace

std::string_view to_string(Verdict verdict) {
  for (const auto& [v, name] : kNames) {
    if (v == verdict) return name;
  }
  return "error";  // unreachable for a valid enum value; fail-closed otherwise
}

std::optional<Verdict> parse_verdict(std::string_view text) {
  for (const auto& [v, name] : kNames) {
    if (name == text) return v;
  }
  return std::nullopt;
}

int severity(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass:
      return 0;
    case Verdict::skipped:
      return 1;
    case Verdict::warn:
      return 2;
    case Verdict::error:
      return 3;
    case Verdict::fail:
      return 4;
  }
  return 4;  // an out-of-range value gates like a failure
}

Verdict worst(Verdict a, Verdict b) { return severity(b) > severity(a) ? b : a; }

}  // namespace syncsuite::reports
