#pragma once
// A whole conformance run: load checks.yaml and the scenarios found by glob, select by tag and
// id glob, order them by the seed, check that the target is a reachable sync API, upload each
// account's public key, run every scenario (case_runner) and collect the results.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "harness/net/transport_options.hpp"
#include "harness/runner/case_state.hpp"
#include "harness/scenario/check_registry.hpp"
#include "harness/scenario/load_error.hpp"
#include "harness/scenario/model.hpp"
#include "reference/core/result.hpp"
#include "reports/run_result.hpp"

namespace syncsuite::runner {

struct Catalogue {
  scenario::CheckRegistry registry;
  std::vector<scenario::Scenario> scenarios;  // path order, then document order
};

// checks.yaml first (scenarios are checked against it), then every scenario file under `paths`.
Catalogue load_catalogue(const std::vector<std::filesystem::path>& paths,
                         const std::filesystem::path& checks_file,
                         std::vector<scenario::LoadError>& errors);

struct Selection {
  std::vector<std::string> tags;      // any of them; empty = all
  std::vector<std::string> id_globs;  // scenario name or a check id it judges; empty = all
};
// Unknown tags are the caller's to refuse (registry.has_tag).
std::vector<const scenario::Scenario*> select_scenarios(const Catalogue& catalogue,
                                                        const Selection& selection);
// Shell-style glob: *, ? and [...].
bool glob_match(const std::string& pattern, const std::string& text);
// A Fisher-Yates shuffle driven by `seed` (the same on every platform).
void shuffle_by_seed(std::vector<const scenario::Scenario*>& scenarios, std::uint64_t seed);

struct Target {
  std::string url;                  // http(s)://host:port[/base]
  std::vector<std::string> tokens;  // account tokens, index = account
  std::string label;                // for reports: the URL, or "embedded reference server (...)"
};

struct SuiteOptions {
  std::uint64_t seed = 0;
  std::chrono::milliseconds timeout{10000};  // one request
  net::TlsOptions tls;
  std::set<std::string> baseline;
  // syncsuite client: devices under test behind adapters, fresh accounts per scenario, the
  // scripted server's journal judged after each (case_state.hpp). Null: syncsuite run.
  ClientRun* client = nullptr;
  std::optional<std::size_t> budget;  // generated cases of the whole run; nullopt = all
};

// "r" + 10 hex digits from the seed: the prefix of every id the run writes (each scenario adds
// "s<n>", case_state.hpp scenario_prefix).
std::string run_prefix_for(std::uint64_t seed);
// A fresh seed from the clock and the system's randomness.
std::uint64_t fresh_seed();

class Progress {
 public:
  virtual ~Progress() = default;
  virtual void run_started(const Target& target, std::size_t scenarios, std::uint64_t seed,
                           const std::string& run_prefix) = 0;
  virtual void scenario_done(const reports::ScenarioResult& result, std::size_t index,
                             std::size_t total) = 0;
};

// Error{"target", ...} when the target cannot be reached or does not answer like the sync API
// (connection refused, TLS failure, HTML, 404, a refused token): the run cannot start.
Result<reports::RunResult> run_suite(const Catalogue& catalogue,
                                     std::vector<const scenario::Scenario*> selected,
                                     const Target& target, const SuiteOptions& options,
                                     Progress* progress);

}  // namespace syncsuite::runner
