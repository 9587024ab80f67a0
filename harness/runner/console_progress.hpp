#pragma once
// What a person sees while `syncsuite run` works: one line per scenario as it finishes (failing
// checks underneath), then the failures in full (check id, scenario, step, contract sentence,
// expected versus actual, the exchange and a curl command to replay it), and a summary table per
// contract section.
#include <ostream>

#include "harness/runner/suite_runner.hpp"
#include "reports/run_result.hpp"

namespace syncsuite::runner {

class ConsoleProgress : public Progress {
 public:
  ConsoleProgress(std::ostream& out, bool verbose) : out_(out), verbose_(verbose) {}
  void run_started(const Target& target, std::size_t scenarios, std::uint64_t seed,
                   const std::string& run_prefix) override;
  void scenario_done(const reports::ScenarioResult& result, std::size_t index,
                     std::size_t total) override;

 private:
  std::ostream& out_;
  bool verbose_;
};

// The failures in full, then the table per section and the overall verdict.
void print_summary(std::ostream& out, const reports::RunResult& run, bool verbose);

}  // namespace syncsuite::runner
