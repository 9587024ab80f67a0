// `syncsuite matrix`: the interop matrix. Runs the interop scenarios (scenarios/interop: a client
// device beside reference devices on one account) for every client (the built-in reference client
// and each --adapter) against every server (a fresh embedded reference server per pairing, and
// each --target with its --accounts), then shows the grid in the console and, with --report, on
// one HTML page linking each pairing's own report. Exit 0 when every pairing passes (warnings
// allowed), 1 when one fails or cannot run, 2 for usage or scenario errors.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "harness/cli/commands.hpp"
#include "harness/cli/exit_codes.hpp"
#include "harness/cli/gate_common.hpp"
#include "harness/runner/accounts.hpp"
#include "harness/runner/console_progress.hpp"
#include "harness/runner/device_pool.hpp"
#include "harness/runner/embedded_server.hpp"
#include "reference/core/timestamp.hpp"
#include "reports/html_writer.hpp"
#include "reports/matrix_writer.hpp"

namespace syncsuite::cli {
namespace {

namespace fs = std::filesystem;

struct MatrixOptions : GateCliOptions, ReachCliOptions {
  std::vector<std::string> adapters;
  std::vector<std::string> client_names;  // labels of the adapters, in order; the command otherwise
  std::vector<std::string> targets;
  std::vector<std::string> accounts;      // one file per --target, in order
  bool no_embedded = false;
  bool no_reference_client = false;
};

struct Client {
  std::string label;
  std::string adapter;  // "" = the built-in reference client
};

struct Server {
  std::string label;
  std::string url;                  // "" = a fresh embedded reference server per pairing
  std::vector<std::string> tokens;  // a --target's accounts
};

int usage_error(const std::string& message) {
  std::cerr << "matrix: " << message << "\n";
  return kExitUsage;
}

// One pairing: the selected interop scenarios with `client` against `server`.
reports::MatrixCell run_cell(const LoadedGate& gate, const Client& client, const Server& server,
                             const MatrixOptions& o, std::uint64_t seed, bool verbose) {
  reports::MatrixCell cell;
  std::unique_ptr<runner::EmbeddedServer> embedded;
  runner::Target target;
  if (server.url.empty()) {
    auto started = runner::EmbeddedServer::start("");
    if (!started) {
      cell.error = started.error().message;
      return cell;
    }
    embedded = std::move(*started);
    target.url = embedded->url();
    target.tokens = embedded->tokens();
  } else {
    target.url = server.url;
    target.tokens = server.tokens;
  }
  target.label = client.label + " × " + server.label;

  runner::ClientRun interop;
  runner::SuiteOptions options;
  options.seed = seed;
  apply_reach_options(o, options);
  options.baseline = gate.baseline;
  if (!client.adapter.empty()) {
    interop.adapter = runner::adapter_process_factory(client.adapter, std::chrono::milliseconds(o.adapter_timeout_ms));
    interop.server_url = target.url;
    options.client = &interop;
  }
  runner::ConsoleProgress progress(std::cout, verbose);
  auto result = runner::run_suite(gate.catalogue, gate.selected, target, options, &progress);
  if (!result) {
    cell.error = result.error().message;
    return cell;
  }
  cell.run = std::move(*result);
  return cell;
}

int run_matrix(const MatrixOptions& o) {
  if (o.targets.size() != o.accounts.size()) {
    return usage_error("every --target needs its --accounts file (given " + std::to_string(o.targets.size()) +
                       " targets and " + std::to_string(o.accounts.size()) + " accounts files)");
  }
  if (o.client_names.size() > o.adapters.size()) {
    return usage_error("more --client-name than --adapter options");
  }
  std::vector<Client> clients;
  if (!o.no_reference_client) clients.push_back({"reference (C++)", ""});
  for (std::size_t i = 0; i < o.adapters.size(); ++i) {
    clients.push_back({i < o.client_names.size() ? o.client_names[i] : o.adapters[i], o.adapters[i]});
  }
  std::vector<Server> servers;
  if (!o.no_embedded) servers.push_back({"embedded reference server", "", {}});
  std::vector<scenario::LoadError> errors;
  for (std::size_t i = 0; i < o.targets.size(); ++i) {
    servers.push_back({o.targets[i], o.targets[i], runner::load_accounts_file(o.accounts[i], errors)});
  }
  if (clients.empty()) return usage_error("no client: give --adapter, or drop --no-reference-client");
  if (servers.empty()) return usage_error("no server: give --target and --accounts, or drop --no-embedded");

  const GateSelection selection = selection_of(o, "interop", "checks.yaml");
  auto gate = load_gate("matrix", selection, std::move(errors));
  if (!gate) return kExitUsage;
  if (o.list) return list_selection(*gate);

  reports::MatrixResult matrix;
  matrix.seed = o.seed_given ? o.seed : runner::fresh_seed();
  matrix.started_at = timestamp::system_now_text();
  for (const auto& c : clients) matrix.clients.push_back(c.label);
  for (const auto& s : servers) matrix.servers.push_back(s.label);
  const auto started = std::chrono::steady_clock::now();
  for (std::size_t c = 0; c < clients.size(); ++c) {
    for (std::size_t s = 0; s < servers.size(); ++s) {
      std::cout << "== " << clients[c].label << " × " << servers[s].label << "\n";
      // Each pairing its own seed from the matrix's: fresh ids on a shared server, yet reproducible.
      reports::MatrixCell cell =
          run_cell(*gate, clients[c], servers[s], o, matrix.seed + c * servers.size() + s, o.verbose);
      cell.client = c;
      cell.server = s;
      if (!cell.error.empty()) {
        std::cout << "   not run: " << cell.error << "\n";
      } else if (o.verbose || reports::cell_outcome(cell) != reports::Outcome::pass) {
        runner::print_summary(std::cout, cell.run, o.verbose);  // a failing pairing's failures in full
      }
      matrix.cells.push_back(std::move(cell));
    }
  }
  matrix.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();

  bool written = true;
  if (!o.report_dir.empty()) {
    for (auto& cell : matrix.cells) {
      if (!cell.error.empty()) continue;
      const std::string name = "cell-" + std::to_string(cell.client + 1) + "-" + std::to_string(cell.server + 1);
      const fs::path page = fs::path(o.report_dir) / name / "report.html";
      if (write_file("matrix", page.string(), [&](std::ostream& out) { reports::write_html(cell.run, out); })) {
        cell.report = name + "/report.html";
      } else {
        written = false;
      }
    }
    const std::string index = (fs::path(o.report_dir) / "index.html").string();
    written = write_file("matrix", index, [&](std::ostream& out) { reports::write_matrix_html(matrix, out); }) && written;
    if (written) std::cout << "report: " << index << "\n";
  }
  if (!o.json.empty()) {
    written = write_file("matrix", o.json, [&](std::ostream& out) { reports::write_matrix_json(matrix, out); }) && written;
  }
  if (!o.junit.empty()) {
    written = write_file("matrix", o.junit, [&](std::ostream& out) { reports::write_matrix_junit(matrix, out); }) && written;
  }
  std::cout << "\n";
  reports::write_matrix_text(matrix, std::cout);
  const auto overall = reports::matrix_outcome(matrix);
  if (overall == reports::Outcome::fail || overall == reports::Outcome::error) return kExitCheckFailed;
  return written ? kExitOk : kExitUsage;
}

}  // namespace

void register_matrix(CLI::App& app, Action& action) {
  auto options = std::make_shared<MatrixOptions>();
  CLI::App* cmd = app.add_subcommand(
      "matrix", "Run the interop scenarios for every client (reference and --adapter) against every server");
  add_gate_options(cmd, options, "scenarios/interop", "scenarios/checks.yaml", "every pairing");
  cmd->add_option("--adapter", options->adapters,
                  "A client under test: the command that starts its adapter (contract 9); repeatable");
  cmd->add_option("--client-name", options->client_names, "Label of the matching --adapter in reports; repeatable");
  cmd->add_option("--target", options->targets, "A server under test (URL); repeatable, each with --accounts");
  cmd->add_option("--accounts", options->accounts, "The accounts file of the matching --target (contract 10)");
  cmd->add_flag("--no-embedded", options->no_embedded, "Leave out the embedded reference server column");
  cmd->add_flag("--no-reference-client", options->no_reference_client, "Leave out the reference client row");
  add_reach_options(cmd, *options);
  cmd->callback([&action, options] { action = [options] { return run_matrix(*options); }; });
}

}  // namespace syncsuite::cli
