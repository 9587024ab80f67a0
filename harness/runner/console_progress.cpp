#include "harness/runner/console_progress.hpp"

#include <algorithm>
#include <cctype>
#include <iomanip>
#include <sstream>

#include "reports/summary.hpp"
#include "reports/text/exchange_text.hpp"
#include "reports/text/utf8.hpp"

namespace syncsuite::runner {
namespace {

constexpr std::size_t kConsoleBodyLimit = 1500;

std::string upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string indent(const std::string& text, const std::string& pad) {
  std::string out = pad;
  for (char c : text) {
    out += c;
    if (c == '\n') out += pad;
  }
  return out;
}

bool noteworthy(const reports::CheckResult& c) {
  return c.verdict == reports::Verdict::fail || c.verdict == reports::Verdict::error ||
         c.verdict == reports::Verdict::warn;
}

}  // namespace

void ConsoleProgress::run_started(const Target& target, std::size_t scenarios, std::uint64_t seed,
                                  const std::string& run_prefix) {
  out_ << "syncsuite run: " << scenarios << " scenario" << (scenarios == 1 ? "" : "s")
       << " against " << (target.label.empty() ? target.url : target.label) << "\n"
       << "  seed " << seed << " (repeat with --seed " << seed << "), ids " << run_prefix << "s<n>-*\n";
  out_.flush();
}

void ConsoleProgress::scenario_done(const reports::ScenarioResult& r, std::size_t index,
                                    std::size_t total) {
  const int width = static_cast<int>(std::to_string(total).size());
  const auto outcome = reports::outcome(r);
  out_ << "[" << std::setw(width) << index + 1 << "/" << total << "] " << std::left << std::setw(7)
       << upper(reports::to_string(outcome)) << std::right << " " << r.name << "  ("
       << static_cast<long long>(r.duration_ms) << " ms)\n";
  if (!r.error.empty()) out_ << "        " << r.error << "\n";
  for (const auto& c : r.checks) {
    if (!noteworthy(c) && !(verbose_ && c.verdict == reports::Verdict::skipped)) continue;
    out_ << "        " << upper(reports::to_string(reports::outcome(c))) << " " << c.id << " at "
         << c.scenario_step << (c.message.empty() ? "" : ": " + c.message) << "\n";
  }
  out_.flush();
}

void print_summary(std::ostream& out, const reports::RunResult& run, bool verbose) {
  const auto summary = reports::summarize(run);

  bool header = false;
  for (const auto& sc : run.scenarios) {
    for (const auto& c : sc.checks) {
      if (!noteworthy(c)) continue;
      if (!header) {
        out << "\nFailures\n========\n";
        header = true;
      }
      out << "\n" << upper(reports::to_string(reports::outcome(c))) << " " << c.id << "\n"
          << "  scenario: " << sc.name << " (" << sc.file << ")\n"
          << "  step:     " << c.scenario_step << "\n";
      if (!c.contract_text.empty()) out << "  contract: \"" << c.contract_text << "\"\n";
      if (!c.expected.empty()) out << "  expected:\n" << indent(c.expected, "    ") << "\n";
      if (!c.actual.empty()) out << "  actual:\n" << indent(c.actual, "    ") << "\n";
      const std::size_t shown = verbose ? c.exchanges.size() : std::min<std::size_t>(c.exchanges.size(), 1);
      for (std::size_t i = 0; i < shown; ++i) {
        out << "  exchange:\n"
            << indent(reports::text::exchange_text(c.exchanges[i], kConsoleBodyLimit), "    ") << "\n";
      }
    }
  }

  out << "\nSummary by contract section (checks)\n";
  out << "  section    pass  fail  warn error  skip known\n";
  const auto row = [&](const std::string& name, const reports::Counts& c) {
    out << "  " << std::left << std::setw(8) << name << std::right << std::setw(6) << c.pass
        << std::setw(6) << c.fail << std::setw(6) << c.warn << std::setw(6) << c.error
        << std::setw(6) << c.skipped << std::setw(6) << c.known << "\n";
  };
  for (const auto& [section, counts] : summary.sections) row(section.empty() ? "-" : section, counts);
  row("all", summary.checks);
  out << "  scenarios: " << summary.scenarios.total() << " (" << summary.scenarios.pass << " pass, "
      << summary.scenarios.fail << " fail, " << summary.scenarios.warn << " warn, "
      << summary.scenarios.error << " error, " << summary.scenarios.skipped << " skipped, "
      << summary.scenarios.known << " known)\n";
  if (!run.baseline_fixed.empty()) {
    out << "  now passing, listed in the baseline (remove them):";
    for (const auto& id : run.baseline_fixed) out << " " << id;
    out << "\n";
  }
  out << "\nResult: " << upper(reports::to_string(summary.worst)) << " ("
      << static_cast<long long>(run.duration_ms) << " ms)\n";
  out.flush();
}

}  // namespace syncsuite::runner
