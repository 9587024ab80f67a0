// `syncsuite run`: the conformance gate. Loads checks.yaml and the scenarios (found by glob),
// runs them against --target (or an embedded reference server), prints progress and a summary,
// writes the reports asked for, and exits 0 (all passed, warnings allowed), 1 (a check failed or
// could not be judged) or 2 (usage, configuration, scenario errors, or an unreachable target).
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "harness/cli/commands.hpp"
#include "harness/cli/exit_codes.hpp"
#include "harness/generated/campaign.hpp"
#include "harness/runner/accounts.hpp"
#include "harness/runner/baseline.hpp"
#include "harness/runner/console_progress.hpp"
#include "harness/runner/embedded_server.hpp"
#include "harness/runner/suite_runner.hpp"
#include "harness/scenario/expectation_walk.hpp"
#include "reference/server/sync_service.hpp"
#include "reports/html_writer.hpp"
#include "reports/json_writer.hpp"
#include "reports/junit_writer.hpp"
#include "reports/summary.hpp"

#ifndef SYNCSUITE_SOURCE_DIR
#define SYNCSUITE_SOURCE_DIR ""
#endif

namespace syncsuite::cli {
namespace {

namespace fs = std::filesystem;

struct RunOptions {
  std::vector<std::string> paths;
  std::string checks;
  std::string target;
  std::string accounts;
  std::string junit;
  std::string json;
  std::string report_dir;
  std::vector<std::string> tags;
  std::vector<std::string> ids;
  std::uint64_t seed = 0;
  bool seed_given = false;
  std::string baseline;
  std::string mutant;
  std::string ca_file;
  bool insecure = false;
  int timeout_ms = 10000;
  bool verbose = false;
  bool list = false;
  std::optional<std::size_t> budget;
};

int usage_error(const std::string& message) {
  std::cerr << "run: " << message << "\n";
  return kExitUsage;
}

int load_errors(const std::vector<scenario::LoadError>& errors) {
  for (const auto& e : errors) std::cerr << e.to_string() << "\n";
  std::cerr << "run: " << errors.size() << " error" << (errors.size() == 1 ? "" : "s")
            << "; nothing was run\n";
  return kExitUsage;
}

// The scenarios folder when none is named: the source tree's, else one beside the executable.
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

bool write_file(const std::string& path, const std::function<void(std::ostream&)>& write) {
  std::error_code ec;
  const fs::path p(path);
  if (p.has_parent_path()) fs::create_directories(p.parent_path(), ec);
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  if (!out) {
    std::cerr << "run: cannot write " << path << "\n";
    return false;
  }
  write(out);
  out.close();
  if (!out) {
    std::cerr << "run: writing " << path << " failed\n";
    return false;
  }
  return true;
}

// --list: what a run would judge, without contacting any server.
int list_selection(const runner::Catalogue& catalogue,
                   const std::vector<const scenario::Scenario*>& selected,
                   std::optional<std::size_t> budget) {
  for (const auto* sc : selected) {
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
      const auto* check = catalogue.registry.find(id);
      std::cout << "  " << id << (check && check->level == scenario::Level::should ? " (SHOULD)" : "") << "\n";
    }
  }
  std::cout << selected.size() << " of " << catalogue.scenarios.size() << " scenarios, "
            << catalogue.registry.checks().size() << " check ids in the registry\n";
  return kExitOk;
}

int run(const RunOptions& o) {
  if (o.target.empty() != o.accounts.empty()) {
    return usage_error("--target and --accounts go together (the accounts file names the target's test accounts)");
  }
  if (!o.target.empty() && !o.mutant.empty()) {
    return usage_error("--mutant applies to the embedded server only, not to --target");
  }
  if (!o.mutant.empty()) {
    bool known = false;
    std::string names;
    for (const auto& m : server::mutants()) {
      known = known || m.name == o.mutant;
      names += (names.empty() ? "" : ", ") + m.name;
    }
    if (!known) return usage_error("unknown mutant '" + o.mutant + "' (known: " + names + ")");
  }

  const fs::path scenarios_dir = default_scenarios_dir();
  std::vector<fs::path> paths;
  for (const auto& p : o.paths) paths.emplace_back(p);
  if (paths.empty()) paths.push_back(scenarios_dir / "conformance");
  const fs::path checks = o.checks.empty() ? scenarios_dir / "checks.yaml" : fs::path(o.checks);

  std::vector<scenario::LoadError> errors;
  const runner::Catalogue catalogue = runner::load_catalogue(paths, checks, errors);
  for (const auto& tag : o.tags) {
    if (errors.empty() && !catalogue.registry.has_tag(tag)) {
      errors.push_back({"--tag", 0, 0, "", "unknown tag '" + tag + "' (tags are declared in " + checks.string() + ")"});
    }
  }
  std::set<std::string> baseline;
  if (!o.baseline.empty() && errors.empty()) {
    baseline = runner::load_baseline(o.baseline, catalogue.registry, errors);
  }
  std::vector<std::string> tokens;
  if (!o.accounts.empty()) tokens = runner::load_accounts_file(o.accounts, errors);
  if (!errors.empty()) return load_errors(errors);

  const auto selected = runner::select_scenarios(catalogue, {o.tags, o.ids});
  if (selected.empty()) {
    return usage_error("no scenario selected (" + std::to_string(catalogue.scenarios.size()) +
                       " loaded; check --tag and --id)");
  }

  if (o.list) return list_selection(catalogue, selected, o.budget);

  std::unique_ptr<runner::EmbeddedServer> embedded;
  runner::Target target;
  if (o.target.empty()) {
    auto started = runner::EmbeddedServer::start(o.mutant);
    if (!started) return usage_error(started.error().message);
    embedded = std::move(*started);
    target.url = embedded->url();
    target.tokens = embedded->tokens();
    target.label = "embedded reference server " + embedded->url() +
                   (o.mutant.empty() ? "" : " (mutant " + o.mutant + ")");
  } else {
    target.url = o.target;
    target.tokens = tokens;
    target.label = o.target;
  }

  runner::SuiteOptions options;
  options.seed = o.seed_given ? o.seed : runner::fresh_seed();
  options.timeout = std::chrono::milliseconds(o.timeout_ms);
  if (!o.ca_file.empty()) options.tls.ca_file = o.ca_file;
  options.tls.insecure = o.insecure;
  options.baseline = baseline;
  options.budget = o.budget;

  runner::ConsoleProgress progress(std::cout, o.verbose);
  auto result = runner::run_suite(catalogue, selected, target, options, &progress);
  if (!result) return usage_error(result.error().message);
  embedded.reset();

  runner::print_summary(std::cout, *result, o.verbose);
  bool written = true;
  if (!o.junit.empty()) {
    written = write_file(o.junit, [&](std::ostream& out) { reports::write_junit(*result, out); }) && written;
  }
  if (!o.json.empty()) {
    written = write_file(o.json, [&](std::ostream& out) { reports::write_json(*result, out); }) && written;
  }
  if (!o.report_dir.empty()) {
    const std::string html = (fs::path(o.report_dir) / "report.html").string();
    written = write_file(html, [&](std::ostream& out) { reports::write_html(*result, out); }) && written;
    if (written) std::cout << "report: " << html << "\n";
  }
  const auto worst = reports::summarize(*result).worst;
  if (worst == reports::Verdict::fail || worst == reports::Verdict::error) return kExitCheckFailed;
  return written ? kExitOk : kExitUsage;
}

}  // namespace

void register_run(CLI::App& app, Action& action) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand(
      "run", "Run conformance scenarios against a server (default: an embedded reference server)");
  cmd->add_option("paths", options->paths,
                  "Scenario files or folders (default: the scenarios/conformance folder)");
  cmd->add_option("--checks", options->checks, "The check registry (default: scenarios/checks.yaml)");
  cmd->add_option("--target", options->target, "Server URL, e.g. https://staging.example/sync");
  cmd->add_option("--accounts", options->accounts, "YAML file naming the target's test accounts (contract 10)");
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
  cmd->add_option("--baseline", options->baseline, "YAML list of check ids the target is known to fail");
  cmd->add_option("--mutant", options->mutant, "Start the embedded server as this mutant (see serve --list-mutants)");
  cmd->add_option("--ca-file", options->ca_file, "PEM file of CAs to trust for https targets");
  cmd->add_flag("--insecure", options->insecure, "Do not verify the target's TLS certificate");
  cmd->add_option("--timeout", options->timeout_ms, "Limit for one request, in ms")
      ->check(CLI::Range(1, 600000));
  cmd->add_option_function<std::size_t>(
         "--budget", [options](const std::size_t& n) { options->budget = n; },
         "At most N generated negative-input cases in the run (default: the whole campaign), "
         "sampled by --seed, every field and class kept while N allows")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  cmd->add_flag("-v,--verbose", options->verbose, "Show skipped checks and every evidence exchange");
  cmd->add_flag("--list", options->list, "List the selected scenarios and the check ids each judges; run nothing");
  cmd->callback([&action, options] { action = [options] { return run(*options); }; });
}

}  // namespace syncsuite::cli
