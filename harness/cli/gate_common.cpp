#include "harness/cli/gate_common.hpp"

#include <unistd.h>

#include <algorithm>
#include <climits>
#include <fstream>
#include <functional>
#include <iostream>

#include "harness/cli/exit_codes.hpp"
#include "harness/generated/campaign.hpp"
#include "harness/generated/grammar.hpp"
#include "harness/generated/variants.hpp"
#include "harness/runner/baseline.hpp"
#include "harness/runner/console_progress.hpp"
#include "harness/scenario/expectation_walk.hpp"
#include "reports/html_writer.hpp"
#include "reports/json_writer.hpp"
#include "reports/junit_writer.hpp"
#include "reports/summary.hpp"
#include "reference/server/sync_service.hpp"

#ifndef SYNCSUITE_SOURCE_DIR
#define SYNCSUITE_SOURCE_DIR ""
#endif

namespace syncsuite::cli {

namespace fs = std::filesystem;

bool write_file(const std::string& command, const std::string& path,
                const std::function<void(std::ostream&)>& write) {
  std::error_code ec;
  const fs::path p(path);
  if (p.has_parent_path()) fs::create_directories(p.parent_path(), ec);
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  if (!out) {
    std::cerr << command << ": cannot write " << path << "\n";
    return false;
  }
  write(out);
  out.close();
  if (!out) {
    std::cerr << command << ": writing " << path << " failed\n";
    return false;
  }
  return true;
}

void add_gate_options(CLI::App* cmd, const std::shared_ptr<GateCliOptions>& options,
                      const std::string& folder, const std::string& registry, const std::string& known) {
  cmd->add_option("paths", options->paths, "Scenario files or folders (default: the " + folder + " folder)");
  cmd->add_option("--checks", options->checks, "The check registry (default: " + registry + ")");
  cmd->add_option("--junit", options->junit, "Write a JUnit XML report to FILE");
  cmd->add_option("--json", options->json, "Write a JSON report to FILE");
  cmd->add_option("--report", options->report_dir, "Write an HTML report to DIR/report.html");
  cmd->add_option("--tag", options->tags, "Only scenarios with this tag (repeatable)");
  cmd->add_option("--id", options->ids, "Only scenarios whose name or a check id matches GLOB (repeatable)");
  cmd->add_option_function<std::uint64_t>(
      "--seed",
      [options](const std::uint64_t& seed) {
        options->seed = seed;
        options->seed_given = true;
      },
      "Repeat a run's ids, order and random choices");
  cmd->add_option("--baseline", options->baseline, "YAML list of check ids " + known + " is known to fail");
  cmd->add_flag("-v,--verbose", options->verbose, "Show skipped checks and every evidence exchange");
  cmd->add_flag("--list", options->list, "List the selected scenarios and the check ids each judges; run nothing");
}

void add_reach_options(CLI::App* cmd, ReachCliOptions& options) {
  cmd->add_option("--ca-file", options.ca_file, "PEM file of CAs to trust for https targets");
  cmd->add_flag("--insecure", options.insecure, "Do not verify the targets' TLS certificates");
  cmd->add_option("--timeout", options.timeout_ms, "Limit for one request, in ms")->check(CLI::Range(1, 600000));
  cmd->add_option("--adapter-timeout", options.adapter_timeout_ms, "Limit for one answer of an adapter, in ms")
      ->check(CLI::Range(1, 600000));
}

void apply_reach_options(const ReachCliOptions& options, runner::SuiteOptions& suite) {
  suite.timeout = std::chrono::milliseconds(options.timeout_ms);
  if (!options.ca_file.empty()) suite.tls.ca_file = options.ca_file;
  suite.tls.insecure = options.insecure;
}

fs::path default_scenarios_dir() {
  std::vector<fs::path> candidates;
  if (std::string(SYNCSUITE_SOURCE_DIR).size() > 0) candidates.push_back(fs::path(SYNCSUITE_SOURCE_DIR) / "scenarios");
  char exe[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    const fs::path dir = fs::path(std::string(exe, static_cast<std::size_t>(n))).parent_path();
    candidates.push_back(dir / "scenarios");
    candidates.push_back(dir.parent_path() / "scenarios");
    candidates.push_back(dir.parent_path() / "share" / "syncsuite" / "scenarios");
  }
  for (const auto& c : candidates) {
    std::error_code ec;
    if (fs::is_regular_file(c / "checks.yaml", ec)) return c;
  }
  return candidates.empty() ? fs::path("scenarios") : candidates.front();
}

GateSelection selection_of(const GateCliOptions& options, const std::string& folder,
                           const std::string& registry) {
  const fs::path scenarios_dir = default_scenarios_dir();
  GateSelection selection;
  selection.paths = options.paths;
  selection.default_paths = {scenarios_dir / folder};
  selection.checks = options.checks.empty() ? scenarios_dir / registry : fs::path(options.checks);
  selection.tags = options.tags;
  selection.ids = options.ids;
  selection.baseline = options.baseline;
  return selection;
}

std::optional<LoadedGate> load_gate(const std::string& command, const GateSelection& selection,
                                    std::vector<scenario::LoadError> errors) {
  std::vector<fs::path> paths;
  for (const auto& p : selection.paths) paths.emplace_back(p);
  if (paths.empty()) paths = selection.default_paths;
  LoadedGate gate;
  gate.catalogue = runner::load_catalogue(paths, selection.checks, errors);
  for (const auto& tag : selection.tags) {
    if (errors.empty() && !gate.catalogue.registry.has_tag(tag)) {
      errors.push_back({"--tag", 0, 0, "",
                        "unknown tag '" + tag + "' (tags are declared in " + selection.checks.string() + ")"});
    }
  }
  if (!selection.baseline.empty() && errors.empty()) {
    gate.baseline = runner::load_baseline(selection.baseline, gate.catalogue.registry, errors);
  }
  if (!errors.empty()) {
    for (const auto& e : errors) std::cerr << e.to_string() << "\n";
    std::cerr << command << ": " << errors.size() << " error" << (errors.size() == 1 ? "" : "s")
              << "; nothing was run\n";
    return std::nullopt;
  }
  gate.selected = runner::select_scenarios(gate.catalogue, {selection.tags, selection.ids});
  if (gate.selected.empty()) {
    std::cerr << command << ": no scenario selected (" << gate.catalogue.scenarios.size()
              << " loaded; check --tag and --id)\n";
    return std::nullopt;
  }
  return gate;
}

int list_selection(const LoadedGate& gate, std::optional<std::size_t> budget) {
  for (const auto* sc : gate.selected) {
    std::set<std::string> ids;
    scenario::for_each_expectation(sc->steps, [&](const scenario::Step&, const scenario::Expectation& e) {
      ids.insert(e.check);
    });
    std::cout << sc->name << "  (" << sc->file << ")\n";
    std::string sections, tags;
    for (const auto& s : sc->sections) sections += (sections.empty() ? "" : ", ") + s;
    for (const auto& t : sc->tags) tags += (tags.empty() ? "" : ", ") + t;
    std::cout << "  sections: " << sections << (tags.empty() ? "" : "; tags: " + tags) << "\n";
    for (const auto& step : sc->steps) {
      const auto* gen = std::get_if<scenario::GeneratedStep>(&step.action);
      const auto request = gen ? generated::parse_request(gen->request) : std::nullopt;
      if (!request) continue;
      const std::size_t all = generated::all_variants(*request).size();
      const std::size_t cases = budget ? std::min(all, generated::budget_share(*request, *budget)) : all;
      std::cout << "  generated " << gen->request << ": " << cases << " of " << all << " cases\n";
    }
    for (const auto& id : ids) {
      const auto* check = gate.catalogue.registry.find(id);
      std::cout << "  " << id << (check && check->level == scenario::Level::should ? " (SHOULD)" : "") << "\n";
    }
  }
  std::cout << gate.selected.size() << " of " << gate.catalogue.scenarios.size() << " scenarios, "
            << gate.catalogue.registry.checks().size() << " check ids in the registry\n";
  return kExitOk;
}

int finish_gate(const std::string& command, const reports::RunResult& result, const ReportFiles& files,
                bool verbose) {
  runner::print_summary(std::cout, result, verbose);
  bool written = true;
  if (!files.junit.empty()) {
    written = write_file(command, files.junit, [&](std::ostream& out) { reports::write_junit(result, out); }) && written;
  }
  if (!files.json.empty()) {
    written = write_file(command, files.json, [&](std::ostream& out) { reports::write_json(result, out); }) && written;
  }
  if (!files.report_dir.empty()) {
    const std::string html = (fs::path(files.report_dir) / "report.html").string();
    written = write_file(command, html, [&](std::ostream& out) { reports::write_html(result, out); }) && written;
    if (written) std::cout << "report: " << html << "\n";
  }
  const auto worst = reports::summarize(result).worst;
  if (worst == reports::Verdict::fail || worst == reports::Verdict::error) return kExitCheckFailed;
  return written ? kExitOk : kExitUsage;
}

std::string server_mutant_problem(const std::string& name) {
  if (name.empty()) return "";
  std::string names;
  for (const auto& m : server::mutants()) {
    if (m.name == name) return "";
    names += (names.empty() ? "" : ", ") + m.name;
  }
  return "unknown mutant '" + name + "' (known: " + names + ")";
}

}  // namespace syncsuite::cli
