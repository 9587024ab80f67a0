// syncsuite: parse the command line, run the chosen subcommand, return its exit code.
#include <CLI/CLI.hpp>

#include "harness/cli/commands.hpp"
#include "harness/cli/exit_codes.hpp"

int main(int argc, char** argv) {
  CLI::App app{"syncsuite: conformance and load testing for the E2E-encrypted record sync contract"};
  app.require_subcommand(1);
  app.set_version_flag("--version", SYNCSUITE_VERSION_TEXT);
  syncsuite::cli::Action action;
  syncsuite::cli::register_serve(app, action);
  syncsuite::cli::register_run(app, action);
  syncsuite::cli::register_client(app, action);
  syncsuite::cli::register_adapter(app, action);
  syncsuite::cli::register_matrix(app, action);
  syncsuite::cli::register_load(app, action);
  syncsuite::cli::register_merge(app, action);
  syncsuite::cli::register_compare(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? syncsuite::cli::kExitOk : syncsuite::cli::kExitUsage;
  }
  return action ? action() : syncsuite::cli::kExitUsage;
}
