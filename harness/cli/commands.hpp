#pragma once
// Each subcommand of `syncsuite` lives in its own file and registers itself here: it adds its
// CLI11 subcommand and options to `app`, and sets `action` to run when that subcommand is chosen.
// An action returns the process exit code (harness/cli/exit_codes.hpp).
#include <CLI/CLI.hpp>
#include <functional>

namespace syncsuite::cli {

using Action = std::function<int()>;

void register_serve(CLI::App& app, Action& action);  // serve_command.cpp
void register_run(CLI::App& app, Action& action);    // run_command.cpp
void register_client(CLI::App& app, Action& action);   // client_command.cpp
void register_adapter(CLI::App& app, Action& action);  // adapter_command.cpp
void register_matrix(CLI::App& app, Action& action);   // matrix_command.cpp
void register_load(CLI::App& app, Action& action);     // load_command.cpp
void register_merge(CLI::App& app, Action& action);    // merge_command.cpp
void register_compare(CLI::App& app, Action& action);  // compare_command.cpp

}  // namespace syncsuite::cli
