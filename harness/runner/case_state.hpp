#pragma once
// The state of one run (RunEnv, shared by its scenarios) and of one scenario being run
// (CaseState): devices, transports, wire log, template context, results so far. Plain data plus
// owners; the behaviour is in case_runner, step_pipeline and step_registry.
#include <chrono>
#include <functional>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "harness/client/journal_checks.hpp"
#include "harness/net/beast_transport.hpp"
#include "harness/net/target_url.hpp"
#include "harness/net/transport_options.hpp"
#include "harness/runner/accounts.hpp"
#include "harness/runner/device_pool.hpp"
#include "harness/runner/event_loop.hpp"
#include "harness/runner/server_probe.hpp"
#include "harness/runner/wire_log.hpp"
#include "harness/scenario/check_registry.hpp"
#include "harness/scenario/model.hpp"
#include "harness/scenario/templating.hpp"
#include "reports/run_result.hpp"

namespace syncsuite::runner {

// "<run_prefix>s<n in base 36>": the prefix of every id scenario number n writes.
std::string scenario_prefix(const std::string& run_prefix, int n);

struct CaseState;

// Devices under test are adapter processes. `syncsuite client` (harness/client) sets every hook:
// the scripted reference server, fresh accounts per scenario, its journal judged after each
// scenario. An interop run (`run --adapter`, `matrix`) sets only `adapter` and `server_url`: any
// server, the target's own accounts. Null in a plain `syncsuite run`.
struct ClientRun {
  AdapterFactory adapter;
  std::string server_url;  // the scripted server, as devices are told at init
  std::function<std::vector<std::string>()> fresh_tokens;   // new accounts for one scenario
  std::function<void()> before_case;                        // script and faults back to none
  std::function<std::uint64_t()> journal_total;             // entries recorded so far
  std::function<void(CaseState&)> after_case;               // judge the scenario's journal
  std::function<Status(const scenario::ServerStep&, CaseState&)> server_step;  // `server:` steps
};

struct RunEnv {
  EventLoop& loop;
  net::TargetUrl url;
  net::TransportOptions transport;
  std::vector<Account>& accounts;
  const scenario::CheckRegistry& registry;
  std::string run_prefix;               // "r<hex>": every id this run writes starts with it
  std::string canary;                   // put into every record's data; never on the wire in clear
  timestamp::Millis base_time = 0;      // default base time of scenarios
  std::filesystem::path work_dir;       // device files of this run
  std::mt19937_64& random;              // the run's seeded choices (bogus tokens)
  std::chrono::milliseconds step_limit{120000};  // a step that takes longer is an error
  std::unique_ptr<crypto::RecordBox> foreign_box;  // an unrelated keypair ($envelope key: foreign)
  int case_counter = 0;                 // numbers the scenarios of the run (scenario_prefix)
  std::string setup_error;              // run setup failed (key upload): every scenario errors
  ClientRun* client = nullptr;          // syncsuite client; null in syncsuite run
  std::uint64_t seed = 0;               // the run's seed (the generated campaign samples by it)
  std::optional<std::size_t> budget;    // --budget: at most this many generated cases in the run
};

struct CaseState {
  CaseState(RunEnv& e, const scenario::Scenario& s) : env(e), scenario(s) {}

  RunEnv& env;
  const scenario::Scenario& scenario;
  std::shared_ptr<WireLog> log = std::make_shared<WireLog>();
  std::unique_ptr<net::BeastTransport> raw_inner;  // raw requests and probes
  std::unique_ptr<LoggingTransport> raw;
  DevicePool devices;
  scenario::TemplateContext templates;
  std::vector<int> accounts;                   // the scenario's accounts: 0 .. accounts_needed-1
  std::map<int, StatusCounts> start;           // status of each account at scenario start
  std::vector<reports::CheckResult> checks;    // in judging order
  std::set<const scenario::Expectation*> judged;
  bool aborted = false;                        // an error stopped the scenario
  std::string error;                           // that error
  std::string unsupported;                     // a client under test lacks an optional request
  std::vector<client_checks::DeviceOp> device_ops;  // what each device was asked, in journal time
};

}  // namespace syncsuite::runner
