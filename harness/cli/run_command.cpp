// `syncsuite run`: the conformance gate. Loads checks.yaml and the scenarios (found by glob),
// runs them against --target (or an embedded reference server), prints progress and a summary,
// writes the reports asked for, and exits 0 (all passed, warnings allowed), 1 (a check failed or
// could not be judged) or 2 (usage, configuration, scenario errors, or an unreachable target).
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "harness/cli/commands.hpp"
#include "harness/cli/exit_codes.hpp"
#include "harness/cli/gate_common.hpp"
#include "harness/runner/accounts.hpp"
#include "harness/runner/console_progress.hpp"
#include "harness/runner/device_pool.hpp"
#include "harness/runner/embedded_server.hpp"
#include "harness/runner/suite_runner.hpp"
#include "reference/server/sync_service.hpp"

namespace syncsuite::cli {
namespace {


// The shared gate options (gate_common.hpp) and those of a server target.
struct RunOptions : GateCliOptions, ReachCliOptions {
  std::string target;
  std::string accounts;
  std::string mutant;
  std::optional<std::size_t> budget;
  std::string adapter;  // interop: the devices not marked `reference: true` run this client
};

int usage_error(const std::string& message) {
  std::cerr << "run: " << message << "\n";
  return kExitUsage;
}

int run(const RunOptions& o) {
  if (o.target.empty() != o.accounts.empty()) {
    return usage_error("--target and --accounts go together (the accounts file names the target's test accounts)");
  }
  if (!o.target.empty() && !o.mutant.empty()) {
    return usage_error("--mutant applies to the embedded server only, not to --target");
  }
  if (auto problem = server_mutant_problem(o.mutant); !problem.empty()) return usage_error(problem);

  const GateSelection selection = selection_of(o, "conformance", "checks.yaml");
  std::vector<scenario::LoadError> errors;
  std::vector<std::string> tokens;
  if (!o.accounts.empty()) tokens = runner::load_accounts_file(o.accounts, errors);
  auto gate = load_gate("run", selection, std::move(errors));
  if (!gate) return kExitUsage;
  if (o.list) return list_selection(*gate, o.budget);

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

  runner::ClientRun interop;
  runner::SuiteOptions options;
  if (!o.adapter.empty()) {
    interop.adapter = runner::adapter_process_factory(o.adapter, std::chrono::milliseconds(o.adapter_timeout_ms));
    interop.server_url = target.url;
    options.client = &interop;
    target.label += " with client " + o.adapter;
  }
  options.seed = o.seed_given ? o.seed : runner::fresh_seed();
  apply_reach_options(o, options);
  options.baseline = gate->baseline;
  options.budget = o.budget;

  runner::ConsoleProgress progress(std::cout, o.verbose);
  auto result = runner::run_suite(gate->catalogue, gate->selected, target, options, &progress);
  if (!result) return usage_error(result.error().message);
  embedded.reset();
  return finish_gate("run", *result, {o.junit, o.json, o.report_dir}, o.verbose);
}

}  // namespace

void register_run(CLI::App& app, Action& action) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand(
      "run", "Run conformance scenarios against a server (default: an embedded reference server)");
  add_gate_options(cmd, options, "scenarios/conformance", "scenarios/checks.yaml", "the target");
  cmd->add_option("--target", options->target, "Server URL, e.g. https://staging.example/sync");
  cmd->add_option("--accounts", options->accounts, "YAML file naming the target's test accounts (contract 10)");
  cmd->add_option("--mutant", options->mutant, "Start the embedded server as this mutant (see serve --list-mutants)");
  add_reach_options(cmd, *options);
  cmd->add_option("--adapter", options->adapter,
                  "Interop: devices not marked `reference: true` run this client's adapter (contract 9), "
                  "e.g. with scenarios/interop");
  cmd->add_option_function<std::size_t>(
         "--budget", [options](const std::size_t& n) { options->budget = n; },
         "At most N generated negative-input cases in the run (default: the whole campaign), "
         "sampled by --seed, every field and class kept while N allows")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  cmd->callback([&action, options] { action = [options] { return run(*options); }; });
}

}  // namespace syncsuite::cli
