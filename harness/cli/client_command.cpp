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


// The shared gate options (gate_common.hpp) and the adapter's.
struct ClientOptions : GateCliOptions {
  std::string adapter;
  int timeout_ms = 30000;
};

int run_client(const ClientOptions& o) {
  const GateSelection selection = selection_of(o, "client", "client-checks.yaml");
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
  add_gate_options(cmd, options, "scenarios/client", "scenarios/client-checks.yaml", "the client");
  cmd->add_option("--timeout", options->timeout_ms, "Limit for one answer of the adapter, in ms")
      ->check(CLI::Range(1, 600000));
  cmd->callback([&action, options] { action = [options] { return run_client(*options); }; });
}

}  // namespace syncsuite::cli
