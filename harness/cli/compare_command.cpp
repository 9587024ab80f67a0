// `syncsuite compare A.json B.json`: what got slower or faster from load run A (the baseline) to
// run B, per action and for all actions together (latency percentiles, throughput, error rate).
// With --fail-on-regression P, exit 3 when some figure is worse by more than P percent: a CI gate
// against a stored baseline. Exit 0 otherwise, 2 when a file cannot be read or P is malformed.
#include <charconv>
#include <cmath>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "harness/cli/commands.hpp"
#include "harness/cli/exit_codes.hpp"
#include "harness/cli/load_result_file.hpp"
#include "reports/load_compare.hpp"

namespace syncsuite::cli {
namespace {

struct CompareOptions {
  std::string baseline;
  std::string candidate;
  std::string fail_on_regression;  // "" = report only
};

// "10", "10%" or "2.5" (percent); nullopt for anything else, negative numbers included.
std::optional<double> percent_of(std::string text) {
  if (!text.empty() && text.back() == '%') text.pop_back();
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() ||
      !std::isfinite(value) || value < 0)
    return std::nullopt;
  return value;
}

int run_compare(const CompareOptions& o) {
  std::optional<double> limit;
  if (!o.fail_on_regression.empty()) {
    limit = percent_of(o.fail_on_regression);
    if (!limit) {
      std::cerr << "compare: --fail-on-regression: '" << o.fail_on_regression
                << "' is not a percentage (write 10 or 10%)\n";
      return kExitUsage;
    }
  }
  const auto a = read_load_file("compare", o.baseline);
  if (!a) return kExitUsage;
  const auto b = read_load_file("compare", o.candidate);
  if (!b) return kExitUsage;
  std::cout << "A (baseline): " << o.baseline << "  profile " << a->profile << ", " << a->started_at
            << "\n"
            << "B:            " << o.candidate << "  profile " << b->profile << ", "
            << b->started_at << "\n";
  if (a->profile != b->profile) std::cout << "note: A and B ran different profiles\n";
  std::cout << "\n";
  const auto rows = reports::compare_load(*a, *b, limit);
  reports::write_compare(std::cout, rows);
  std::size_t regressions = 0;
  for (const auto& row : rows) regressions += row.regression ? 1 : 0;
  if (regressions > 0) {
    std::cout << "compare: FAILED: " << regressions << " figure"
              << (regressions == 1 ? " is" : "s are") << " worse by more than "
              << o.fail_on_regression << (o.fail_on_regression.ends_with('%') ? "" : "%") << "\n";
    return kExitThresholds;
  }
  return kExitOk;
}

}  // namespace

void register_compare(CLI::App& app, Action& action) {
  auto options = std::make_shared<CompareOptions>();
  CLI::App* cmd = app.add_subcommand(
      "compare", "Compare two load results: what got slower or faster from A to B");
  cmd->add_option("A", options->baseline, "Results file of the baseline run (load --json)")
      ->required();
  cmd->add_option("B", options->candidate, "Results file of the run to judge")->required();
  cmd->add_option("--fail-on-regression", options->fail_on_regression,
                  "Exit 3 when a figure is worse by more than P percent (10 or 10%)");
  cmd->callback([&action, options] { action = [options] { return run_compare(*options); }; });
}

}  // namespace syncsuite::cli
