// `syncsuite load PROFILE`: runs a load profile (docs/load-profiles.md) against --target with the
// accounts of --accounts, or against the embedded reference server, prints progress and the
// k6-style summary, writes --json and --report, and exits 0 (passed), 1 (data lost, corrupted, or
// the devices disagree), 2 (usage, profile, accounts, an unreachable target, too few file
// descriptors) or 3 (a threshold breached).
#include <unistd.h>

#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "harness/cli/commands.hpp"
#include "harness/cli/exit_codes.hpp"
#include "harness/cli/gate_common.hpp"
#include "harness/cli/load_output.hpp"
#include "harness/load/duration_text.hpp"
#include "harness/load/load_run.hpp"
#include "harness/load/profile.hpp"
#include "harness/runner/accounts.hpp"

namespace syncsuite::cli {
namespace {

struct LoadCliOptions {
  std::string profile;
  std::string target;
  std::string accounts;
  std::string duration;
  std::optional<std::int64_t> devices;
  std::optional<double> rate;
  std::string json;
  std::string report_dir;
  std::string shard = "0/1";
  std::optional<std::uint64_t> seed;
  int threads = 0;
  std::string ca_file;
  bool insecure = false;
  bool quiet = false;
  std::string mutant;
};

int usage_error(const std::string& message) {
  std::cerr << "syncsuite load: " << message << "\n";
  return kExitUsage;
}

// "I/N" with 0 <= I < N.
std::optional<std::pair<int, int>> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  try {
    std::size_t used = 0;
    const int index = std::stoi(text.substr(0, slash), &used);
    if (used != slash) return std::nullopt;
    const std::string rest = text.substr(slash + 1);
    const int count = std::stoi(rest, &used);
    if (used != rest.size() || count < 1 || count > 100000 || index < 0 || index >= count) {
      return std::nullopt;
    }
    return std::pair{index, count};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

int run(const LoadCliOptions& o) {
  std::vector<scenario::LoadError> errors;
  auto profile = load::load_profile(o.profile, errors);
  if (!profile) {
    std::cerr << scenario::to_string(errors);
    std::cerr << "syncsuite load: the profile has " << errors.size()
              << (errors.size() == 1 ? " error" : " errors") << "; nothing ran\n";
    return kExitUsage;
  }
  load::ProfileOverrides overrides;
  if (!o.duration.empty()) {
    auto d = load::parse_duration(o.duration);
    if (!d.value) return usage_error("--duration: " + d.problem);
    overrides.duration = d.value;
  }
  overrides.devices = o.devices;
  overrides.rate = o.rate;
  auto messages = load::apply_overrides(*profile, overrides);
  if (!messages.empty()) {
    for (const auto& m : messages) std::cerr << "syncsuite load: " << m << "\n";
    return kExitUsage;
  }
  auto shard = parse_shard(o.shard);
  if (!shard) return usage_error("--shard '" + o.shard + "': write I/N with 0 <= I < N, e.g. 0/4");
  if (!o.target.empty() && !o.mutant.empty()) {
    return usage_error("--mutant applies to the embedded server only, not to --target");
  }
  if (auto problem = server_mutant_problem(o.mutant); !problem.empty()) return usage_error(problem);
  if (o.target.empty() != o.accounts.empty()) {
    return usage_error(o.target.empty()
                           ? "--accounts needs --target (the embedded server makes its own accounts)"
                           : "--target needs --accounts FILE: the tokens of the accounts to use");
  }

  load::LoadRunOptions run;
  run.profile = &*profile;
  run.target = o.target;
  run.embedded_mutant = o.mutant;
  if (!o.accounts.empty()) {
    run.tokens = runner::load_accounts_file(o.accounts, errors);
    if (!errors.empty()) {
      std::cerr << scenario::to_string(errors);
      return kExitUsage;
    }
  }
  if (!o.ca_file.empty()) run.tls.ca_file = o.ca_file;
  run.tls.insecure = o.insecure;
  run.shard_index = shard->first;
  run.shard_count = shard->second;
  run.seed = o.seed ? *o.seed : std::random_device{}();
  run.threads = o.threads;
  if (!o.quiet) {
    run.progress = &std::cerr;
    run.progress_is_terminal = isatty(STDERR_FILENO) != 0;
  }
  std::cerr << "syncsuite load: " << profile->name << ", " << load::model_name(profile->model)
            << " model, " << profile->devices << " devices"
            << (shard->second > 1 ? " (shard " + o.shard + ")" : "") << ", seed " << run.seed
            << ", against "
            << (!o.target.empty()   ? o.target
                : o.mutant.empty() ? std::string("the embedded reference server")
                                   : "the embedded reference server as mutant " + o.mutant)
            << "\n";
  auto result = load::run_load(run);
  if (!result) return usage_error(result.error().message);
  return finish_load("syncsuite load", *result, LoadOutputFiles{o.json, o.report_dir}, std::cout);
}

}  // namespace

void register_load(CLI::App& app, Action& action) {
  auto o = std::make_shared<LoadCliOptions>();
  auto* cmd = app.add_subcommand(
      "load", "Run a load profile: many encrypting virtual devices against a server, honest "
              "latency, thresholds, a final check that no acknowledged write was lost");
  cmd->add_option("profile", o->profile, "Load profile (YAML; docs/load-profiles.md)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--target", o->target, "Server URL (http or https); default: embedded reference server");
  cmd->add_option("--accounts", o->accounts, "YAML file of account tokens (with --target)");
  cmd->add_option("--duration", o->duration, "Replace the profile's duration (e.g. 30s, 5m)");
  cmd->add_option("--devices", o->devices, "Replace the profile's devices");
  cmd->add_option("--rate", o->rate, "Replace the rate of an open profile at a constant rate");
  cmd->add_option("--json", o->json, "Write the results as JSON to this file");
  cmd->add_option("--report", o->report_dir, "Write a self-contained HTML report to DIR/index.html");
  cmd->add_option("--shard", o->shard, "Run shard I of N (I/N): its accounts, devices and arrivals");
  cmd->add_option("--seed", o->seed, "Random seed of the mix and think times (default: random, printed)");
  cmd->add_option("--threads", o->threads, "Worker threads (default: one per hardware thread)");
  cmd->add_option("--ca-file", o->ca_file, "PEM file of extra trusted CAs (HTTPS)");
  cmd->add_flag("--insecure", o->insecure, "HTTPS without certificate checks (self-signed dev servers)");
  cmd->add_flag("-q,--quiet", o->quiet, "No progress line");
  cmd->add_option("--mutant", o->mutant,
                  "Start the embedded server as this mutant (see serve --list-mutants)");
  cmd->callback([&action, o] { action = [o] { return run(*o); }; });
}

}  // namespace syncsuite::cli
