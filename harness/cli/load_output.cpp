#include "harness/cli/load_output.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <variant>
#include <vector>

#include "harness/cli/exit_codes.hpp"
#include "harness/cli/gate_common.hpp"
#include "reports/load_html.hpp"
#include "reports/load_json.hpp"
#include "reports/load_summary.hpp"
#include "reports/load_thresholds.hpp"

namespace syncsuite::cli {
namespace {

// Problems repeated under the verdict; the summary above shows more and the JSON up to 100.
constexpr std::size_t kProblemsInVerdict = 3;

// One result per threshold text, in order. The profile loader has validated the texts against
// the profile's mix, but a result read from a file (merge) may name an action it has no figures
// for: such a threshold cannot hold, so it fails with the parser's reason.
void judge_thresholds(reports::LoadResult& result) {
  std::vector<std::string> actions;
  for (const reports::ActionStats& a : result.actions) actions.push_back(a.action);
  result.threshold_results.clear();
  for (const std::string& text : result.thresholds) {
    auto parsed = reports::parse_threshold(text, actions);
    if (const auto* error = std::get_if<std::string>(&parsed)) {
      result.threshold_results.push_back(
          {text, false, std::nullopt, "cannot be judged: " + *error});
      continue;
    }
    result.threshold_results.push_back(
        reports::evaluate_thresholds(result, {std::get<reports::Threshold>(parsed)}).front());
  }
}

void print_correctness_failure(const std::string& command, const reports::CorrectnessResult& c,
                               std::ostream& out) {
  out << command << ": FAILED: the server lost or changed data: " << c.lost
      << " acknowledged writes lost, " << c.corrupted << " records corrupted, " << c.disagreements
      << " records the devices of an account disagree on\n";
  const std::size_t shown = std::min(c.problems.size(), kProblemsInVerdict);
  for (std::size_t i = 0; i < shown; ++i) out << "  " << c.problems[i] << "\n";
  if (c.problems.size() > shown)
    out << "  … " << c.problems.size() - shown << " more listed above and in the JSON\n";
}

// Prints every failed threshold; true when there was one.
bool print_failed_thresholds(const std::string& command, const reports::LoadResult& result,
                             std::ostream& out) {
  bool failed = false;
  for (const reports::ThresholdResult& t : result.threshold_results) {
    if (t.passed) continue;
    out << command << ": threshold failed: " << t.expression << "  (" << t.message << ")\n";
    failed = true;
  }
  return failed;
}

}  // namespace

int finish_load(const std::string& command, reports::LoadResult& result,
                const LoadOutputFiles& files, std::ostream& out) {
  judge_thresholds(result);
  reports::write_load_summary(out, result);
  out << "\n";
  bool written = true;
  if (!files.json.empty()) {
    written = write_file(command, files.json,
                         [&](std::ostream& file) { file << reports::write_load_json(result); });
    if (written) out << "results: " << files.json << "\n";
  }
  if (!files.report_dir.empty()) {
    const std::string html = (std::filesystem::path(files.report_dir) / "index.html").string();
    const bool report = write_file(
        command, html, [&](std::ostream& file) { file << reports::write_load_html(result); });
    if (report) out << "report: " << html << "\n";
    written = report && written;
  }
  const bool thresholds_failed = print_failed_thresholds(command, result, out);
  if (!result.correctness.passed()) {
    print_correctness_failure(command, result.correctness, out);
    return kExitCheckFailed;
  }
  if (thresholds_failed) return kExitThresholds;
  return written ? kExitOk : kExitUsage;
}

}  // namespace syncsuite::cli
