// `syncsuite client`: the client conformance gate. Starts the scripted reference server, runs the
// client catalogue (scenarios/client, registry scenarios/client-checks.yaml) with every device
// under test a fresh process of the adapter command (contract 9), judges each scenario's steps
// and the server's journal of what the clients sent, and exits like `run`: 0 all passed
// (warnings allowed), 1 a check failed or could not be judged, 2 usage or scenario errors.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "harness/cli/commands.hpp"
#include "harness/cli/exit_codes.hpp"
#include "harness/cli/gate_common.hpp"
#include "harness/client/client_suite.hpp"
#include "harness/runner/console_progress.hpp"

namespace syncsuite::cli {
namespace {

namespace fs = std::filesystem;

struct ClientOptions {
  std::string adapter;
  std::vector<std::string> paths;
  std::string checks;
  std::string junit;
  std::string json;
  std::string report_dir;
  std::vector<std::string> tags;
  std::vector<std::string> ids;
  std::uint64_t seed = 0;
  bool seed_given = false;
  std::string baseline;
  int timeout_ms = 30000;
  bool verbose = false;
  bool list = false;
};

int run_client(const ClientOptions& o) {
  const fs::path scenarios_dir = default_scenarios_dir();
  GateSelection selection;
  selection.paths = o.paths;
  selection.default_paths = {scenarios_dir / "client"};
  selection.checks = o.checks.empty() ? scenarios_dir / "client-checks.yaml" : fs::path(o.checks);
  selection.tags = o.tags;
  selection.ids = o.ids;
  selection.baseline = o.baseline;
  auto gate = load_gate("client", selection);
  if (!gate) return kExitUsage;
  if (o.list) return list_selection(*gate);
  if (o.adapter.empty()) {
    std::cerr << "client: --adapter is required: the command that starts your client's adapter "
                 "(contract 9), e.g. --adapter \"node examples/js-client/adapter.js\"\n";
    return kExitUsage;
  }

  client_checks::ClientSuiteOptions options;
  options.adapter = o.adapter;
  options.request_limit = std::chrono::milliseconds(o.timeout_ms);
  options.seed = o.seed_given ? o.seed : runner::fresh_seed();
  options.baseline = gate->baseline;
  options.label = "client " + o.adapter;
  runner::ConsoleProgress progress(std::cout, o.verbose);
  auto result = client_checks::run_client_suite(gate->catalogue, gate->selected, options, &progress);
  if (!result) {
    std::cerr << "client: " << result.error().message << "\n";
    return kExitUsage;
  }
  return finish_gate("client", *result, {o.junit, o.json, o.report_dir}, o.verbose);
}

}  // namespace

void register_client(CLI::App& app, Action& action) {
  auto options = std::make_shared<ClientOptions>();
  CLI::App* cmd = app.add_subcommand(
      "client", "Check a client through its adapter (contract 9) against a scripted reference server");
  cmd->add_option("--adapter", options->adapter,
                  "Command line that starts one adapter process (one per device), e.g. \"node adapter.js\"");
  cmd->add_option("paths", options->paths, "Scenario files or folders (default: the scenarios/client folder)");
  cmd->add_option("--checks", options->checks, "The check registry (default: scenarios/client-checks.yaml)");
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
  cmd->add_option("--baseline", options->baseline, "YAML list of check ids the client is known to fail");
  cmd->add_option("--timeout", options->timeout_ms, "Limit for one answer of the adapter, in ms")
      ->check(CLI::Range(1, 600000));
  cmd->add_flag("-v,--verbose", options->verbose, "Show skipped checks and every evidence exchange");
  cmd->add_flag("--list", options->list, "List the selected scenarios and the check ids each judges; run nothing");
  cmd->callback([&action, options] { action = [options] { return run_client(*options); }; });
}

}  // namespace syncsuite::cli
