#pragma once
// What the two gates, `syncsuite run` (servers) and `syncsuite client` (clients), share: the
// scenarios folder, loading a catalogue with its selection and baseline, --list, and writing the
// reports with the exit code they imply.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <ostream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "harness/runner/suite_runner.hpp"
#include "reports/run_result.hpp"

namespace syncsuite::cli {

// The options both gates take, registered once (add_gate_options).
struct GateCliOptions {
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
  bool verbose = false;
  bool list = false;
};

// Adds paths, --checks, --junit, --json, --report, --tag, --id, --seed, --baseline, -v and --list
// to `cmd`; `folder` and `registry` name the defaults in the help text; `known` what a baseline
// lists (e.g. "the target").
void add_gate_options(CLI::App* cmd, const std::shared_ptr<GateCliOptions>& options,
                      const std::string& folder, const std::string& registry, const std::string& known);

// The scenarios folder when none is named: the source tree's, else one beside the executable.
std::filesystem::path default_scenarios_dir();

// How a server gate reaches servers and adapters: TLS trust, request and adapter time limits
// (`run` and `matrix`), registered once by add_reach_options.
struct ReachCliOptions {
  std::string ca_file;
  bool insecure = false;
  int timeout_ms = 10000;
  int adapter_timeout_ms = 30000;
};
void add_reach_options(CLI::App* cmd, ReachCliOptions& options);
// The suite options they imply (seed, baseline and the rest are the caller's).
void apply_reach_options(const ReachCliOptions& options, runner::SuiteOptions& suite);

// "" when `name` is "" (the correct server) or a server mutant's name; otherwise a message that
// lists the known names (for --mutant of the commands that start the embedded server).
std::string server_mutant_problem(const std::string& name);

struct GateSelection {
  std::vector<std::string> paths;  // scenario files or folders; empty = default_paths
  std::vector<std::filesystem::path> default_paths;
  std::filesystem::path checks;    // the registry
  std::vector<std::string> tags;
  std::vector<std::string> ids;
  std::string baseline;            // a file, or ""
};

struct LoadedGate {
  runner::Catalogue catalogue;
  std::vector<const scenario::Scenario*> selected;
  std::set<std::string> baseline;
};

// The selection the options ask for; `folder` (under the scenarios folder) and `registry` are the
// defaults when none are named.
GateSelection selection_of(const GateCliOptions& options, const std::string& folder,
                           const std::string& registry);

// Loads and selects; on any problem prints every error (file:line) or the reason, prefixed with
// `command`, and returns nullopt (exit kExitUsage). `errors` may already hold errors of the caller.
std::optional<LoadedGate> load_gate(const std::string& command, const GateSelection& selection,
                                    std::vector<scenario::LoadError> errors = {});

// --list: what a run would judge, without contacting anything; with the size of each generated
// campaign step under `budget` (nullopt: every generated case).
int list_selection(const LoadedGate& gate, std::optional<std::size_t> budget = std::nullopt);

struct ReportFiles {
  std::string junit;
  std::string json;
  std::string report_dir;  // DIR/report.html
};

// Writes a report file through `write`, creating its folder; false (and a message on stderr
// naming `command` and the path) when it cannot.
bool write_file(const std::string& command, const std::string& path,
                const std::function<void(std::ostream&)>& write);

// Prints the summary, writes the reports, and returns the exit code: 0 all passed (warnings
// allowed), 1 a check failed or could not be judged, 2 a report could not be written.
int finish_gate(const std::string& command, const reports::RunResult& result, const ReportFiles& files,
                bool verbose);

}  // namespace syncsuite::cli
