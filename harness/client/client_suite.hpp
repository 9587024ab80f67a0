#pragma once
// A client-conformance run (`syncsuite client`): the client catalogue against clients under test,
// each device a fresh adapter process (contract 9), all talking to the scripted reference server
// (server_script.hpp) on a free loopback port. The scenario engine runs the steps; after every
// scenario the server's journal is judged (journal_checks.hpp), and the findings join the
// scenario's check results.
#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "harness/runner/suite_runner.hpp"
#include "reference/core/result.hpp"
#include "reports/run_result.hpp"

namespace syncsuite::client_checks {

struct ClientSuiteOptions {
  std::string adapter;  // the adapter's command line, e.g. "node examples/js-client/adapter.js"
  std::chrono::milliseconds request_limit{30000};  // one answer of the adapter
  std::uint64_t seed = 0;
  std::set<std::string> baseline;
  std::string label;  // for reports: names the client
};

// Error "target" when the scripted server cannot start.
Result<reports::RunResult> run_client_suite(const runner::Catalogue& catalogue,
                                            std::vector<const scenario::Scenario*> selected,
                                            const ClientSuiteOptions& options,
                                            runner::Progress* progress);

}  // namespace syncsuite::client_checks
