#include "harness/client/client_suite.hpp"

#include <filesystem>
#include <memory>

#include "harness/client/journal_checks.hpp"
#include "harness/client/journal_results.hpp"
#include "harness/client/server_script.hpp"
#include "harness/runner/device_pool.hpp"
#include "harness/runner/case_state.hpp"
#include "harness/scenario/templating.hpp"
#include "mockserver/server.hpp"

namespace syncsuite::client_checks {
namespace {

namespace fs = std::filesystem;

constexpr int kAccountsPerScenario = 2;           // isolation needs a second (contract 10)
constexpr std::size_t kJournalEntries = 1000000;  // a scenario's whole exchange, even long ones

// The temporary directory of the scripted server's database, removed at the end of the run.
struct WorkDir {
  fs::path path;
  WorkDir() {
    std::string pattern = (fs::temp_directory_path() / "syncsuite-client-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path = pattern;
  }
  ~WorkDir() {
    std::error_code ignored;
    if (!path.empty()) fs::remove_all(path, ignored);
  }
};

std::vector<std::string> new_accounts(mockserver::Server& server, int n) {
  std::vector<std::string> tokens;
  for (int i = 0; i < n; ++i) {
    auto token = server.service().create_account();
    if (token) tokens.push_back(*token);
  }
  return tokens;
}

Status install_server_step(const scenario::ServerStep& step, runner::CaseState& state,
                           mockserver::Server& server, ServerScript& script) {
  if (step.faults) {
    auto plan = mockserver::fault_plan_from_json(scenario::Json{{"rules", *step.faults}});
    if (!plan) return plan.error();
    server.faults().install(std::move(*plan));
  }
  if (step.page_size) script.set_page_cap(*step.page_size);
  for (const auto& before : step.before) {
    auto records = scenario::expand_value(before.records, state.templates, scenario::Locals{});
    if (!records) return records.error();
    const auto& accounts = state.env.accounts;
    if (before.account < 0 || static_cast<std::size_t>(before.account) >= accounts.size()) {
      return make_error("setup", "no account " + std::to_string(before.account));
    }
    Trigger trigger;
    trigger.method = before.method;
    trigger.path = before.path;
    trigger.nth = before.nth;
    trigger.request.method = "POST";
    trigger.request.target = std::string(protocol::kPushPath);
    trigger.request.headers = {{"Authorization", "Token " + accounts[static_cast<std::size_t>(before.account)].token},
                               {"Content-Type", "application/json"}};
    trigger.request.body =
        scenario::Json{{"device_id", state.templates.run_prefix + "-server-script"}, {"records", *records}}.dump();
    script.add_trigger(std::move(trigger));
  }
  return ok_status();
}

// The journal of one scenario judged, and the exchanges of its devices under test added to its
// wire log (the report shows what the client sent).
void judge_case(runner::CaseState& state, mockserver::Server& server, std::uint64_t from_seq) {
  JournalInput input;
  input.entries = server.journal().entries(from_seq);
  input.canary = state.templates.canary;
  for (const auto& account : state.env.accounts) {
    input.accounts.push_back({account.index, mockserver::device_label("Token " + account.token),
                              account.keys.public_key, account.box.get()});
  }
  input.ops = state.device_ops;
  const auto findings = judge_journal(input);
  auto results = to_check_results(findings, input.entries, state.env.registry, server.url());
  for (auto& r : results) state.checks.push_back(std::move(r));
  for (const auto& e : input.entries) {
    for (const auto& op : input.ops) {
      if (op.under_test && e.seq > op.after_seq && e.seq <= op.until_seq) {
        state.log->exchanges.push_back(to_exchange(e, server.url()));
        break;
      }
    }
  }
}

}  // namespace

Result<reports::RunResult> run_client_suite(const runner::Catalogue& catalogue,
                                            std::vector<const scenario::Scenario*> selected,
                                            const ClientSuiteOptions& options,
                                            runner::Progress* progress) {
  WorkDir dir;
  if (dir.path.empty()) return make_error("target", "cannot create a temporary directory for the scripted server");
  ServerScript script;
  mockserver::ServerOptions server_options;
  server_options.db_path = dir.path / "scripted.sqlite";
  server_options.journal_exchanges = true;
  server_options.journal_capacity = kJournalEntries;
  server_options.handler = script.handler();
  auto started = mockserver::Server::start(std::move(server_options));
  if (!started) return make_error("target", "the scripted server did not start: " + started.error().message);
  auto server = std::move(started).value();

  std::uint64_t case_start = 0;
  runner::ClientRun client;
  client.server_url = server->url();
  client.adapter = runner::adapter_process_factory(options.adapter, options.request_limit);
  client.fresh_tokens = [&server] { return new_accounts(*server, kAccountsPerScenario); };
  client.before_case = [&script, &server, &case_start] {
    script.clear();
    server->faults().clear();
    case_start = server->journal().total();
  };
  client.journal_total = [&server] { return server->journal().total(); };
  client.after_case = [&server, &case_start](runner::CaseState& state) { judge_case(state, *server, case_start); };
  client.server_step = [&server, &script](const scenario::ServerStep& step, runner::CaseState& state) {
    return install_server_step(step, state, *server, script);
  };

  runner::Target target;
  target.url = server->url();
  target.tokens = new_accounts(*server, kAccountsPerScenario);
  target.label = options.label.empty() ? "client " + options.adapter : options.label;
  runner::SuiteOptions suite;
  suite.seed = options.seed;
  suite.baseline = options.baseline;
  suite.client = &client;
  // The scripted server answers at once; the time limit that matters is the adapter's.
  suite.timeout = std::chrono::milliseconds(10000);
  auto result = runner::run_suite(catalogue, std::move(selected), target, suite, progress);
  server->stop();
  return result;
}

}  // namespace syncsuite::client_checks
