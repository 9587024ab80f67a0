#include "harness/runner/case_runner.hpp"

#include <chrono>

#include "harness/runner/step_pipeline.hpp"
#include "harness/scenario/expectation_walk.hpp"

namespace syncsuite::runner {
namespace {

using scenario::Expectation;
using scenario::Step;

constexpr std::chrono::milliseconds kDrainLimit{15000};

// Runs `fn(done)` on the loop until done is called or the step limit passes.
bool run_phase(CaseState& state, const std::function<void(std::function<void()>)>& fn) {
  auto finished = std::make_shared<bool>(false);
  fn([finished] { *finished = true; });
  return state.env.loop.run_until([finished] { return *finished; }, state.env.step_limit);
}

bool setup(CaseState& state) {
  RunEnv& env = state.env;
  const auto& sc = state.scenario;
  state.log->url = env.url;
  state.log->tls = env.transport.tls;
  for (const auto& account : env.accounts) state.log->tokens.push_back(account.token);
  state.raw_inner = std::make_unique<net::BeastTransport>(env.loop.io(), env.url, env.transport);
  state.raw = std::make_unique<LoggingTransport>(*state.raw_inner, state.log);
  for (int a = 0; a < sc.accounts_needed; ++a) state.accounts.push_back(a);

  // Status of every account first: the baseline of server_delta and the devices' start cursor.
  // Shared with the callbacks, which may outlive this call if the time limit passes.
  struct Start {
    std::map<int, StatusCounts> counts;
    std::string failure;
    std::size_t left = 0;
  };
  auto start = std::make_shared<Start>();
  start->left = state.accounts.size();
  const bool finished = run_phase(state, [&](std::function<void()> done) {
    for (int a : state.accounts) {
      fetch_status(*state.raw, env.accounts[static_cast<std::size_t>(a)].token,
                   [start, a, done](Result<StatusCounts> r) {
                     if (r) {
                       start->counts[a] = *r;
                     } else if (start->failure.empty()) {
                       start->failure = "status of account " + std::to_string(a) + ": " + r.error().message;
                     }
                     if (--start->left == 0) done();
                   });
    }
  });
  std::string failure = start->failure;
  if (!finished && failure.empty()) failure = "status of the accounts: no answer in time";
  if (!failure.empty()) {
    state.error = "setup: " + failure;
    return false;
  }
  std::vector<std::string> cursors(env.accounts.size());
  for (const auto& [a, counts] : start->counts) {
    state.start[a] = counts;
    cursors[static_cast<std::size_t>(a)] = counts.cursor;
  }

  auto& t = state.templates;
  // Each scenario writes under its own prefix: scenarios of one run never meet either.
  t.run_prefix = scenario_prefix(env.run_prefix, ++env.case_counter);
  t.base_time = sc.base_time ? *timestamp::parse(*sc.base_time) : env.base_time;
  t.canary = env.canary;
  for (const auto& account : env.accounts) t.public_keys.push_back(account.keys.public_key.to_base64());
  t.start_cursors = cursors;
  t.sealer = [&env](int account, std::string_view plaintext) -> Result<crypto::Sealed> {
    if (account < 0) return env.foreign_box->seal(plaintext);
    if (static_cast<std::size_t>(account) >= env.accounts.size()) {
      return make_error("template", "no account " + std::to_string(account));
    }
    return env.accounts[static_cast<std::size_t>(account)].box->seal(plaintext);
  };

  DevicePoolSettings settings;
  settings.io = &env.loop.io();
  settings.url = env.url;
  settings.transport = env.transport;
  settings.dir = env.work_dir;
  settings.file_prefix = t.run_prefix;
  settings.run_prefix = t.run_prefix;
  settings.base_time = t.base_time;
  settings.server_url = env.client ? env.client->server_url : env.url.origin() + env.url.base_path;
  if (env.client) settings.adapter = env.client->adapter;
  auto opened = std::make_shared<std::optional<Status>>();
  const bool answered = run_phase(state, [&](std::function<void()> done) {
    state.devices.open(sc.devices, settings, env.accounts, cursors, state.log,
                       [opened, done](Status st) {
                         *opened = std::move(st);
                         done();
                       });
  });
  if (!answered || !*opened || !**opened) {
    state.error = "setup: " + (answered && *opened ? (*opened)->error().message
                                                   : std::string("the devices did not answer init in time"));
    return false;
  }
  for (const auto& [name, slot] : state.devices.slots()) {
    t.device_ids[name] = slot.device_id;
    t.device_accounts[name] = slot.account;
  }
  return true;
}

void run_sequence(CaseState& state, const std::vector<Step>& steps, const std::string& what) {
  if (steps.empty() || state.aborted) return;
  const bool finished = run_phase(state, [&](std::function<void()> done) {
    run_steps(steps, state, scenario::Locals{}, [done](StepOutcome) { done(); });
  });
  if (!finished) {
    state.aborted = true;
    if (state.error.empty()) {
      state.error = what + ": did not finish within " +
                    std::to_string(state.env.step_limit.count() / 1000) + " s";
    }
  }
}

}  // namespace

std::string scenario_prefix(const std::string& run_prefix, int n) {
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string digits;
  do {
    digits.insert(digits.begin(), kDigits[n % 36]);
    n /= 36;
  } while (n > 0);
  return run_prefix + "s" + digits;
}

reports::CheckResult judge_no_plaintext(const std::vector<reports::Exchange>& log,
                                        const std::string& canary,
                                        const scenario::CheckRegistry& registry) {
  reports::CheckResult check;
  check.id = std::string(scenario::kNoPlaintextCheck);
  if (const auto* info = registry.find(check.id)) {
    check.section = info->section;
    check.contract_text = info->text;
  }
  check.scenario_step = "every response of the scenario";
  check.expected = "no response body holds the plaintext canary '" + canary + "'";
  for (const auto& e : log) {
    if (!canary.empty() && e.response_body.find(canary) != std::string::npos) {
      check.verdict = reports::Verdict::fail;
      check.actual = "the response to " + e.method + " " + e.target + " holds it";
      check.message = "plaintext of a record appeared on the wire";
      check.exchanges.push_back(e);
      return check;
    }
  }
  check.verdict = reports::Verdict::pass;
  check.actual = std::to_string(log.size()) + " responses without it";
  return check;
}

reports::ScenarioResult run_case(const scenario::Scenario& sc, RunEnv& env) {
  const auto started = std::chrono::steady_clock::now();
  reports::ScenarioResult result;
  result.name = sc.name;
  result.file = sc.file;
  result.description = sc.description;
  result.tags = sc.tags;
  result.sections = sc.sections;

  if (static_cast<std::size_t>(sc.accounts_needed) > env.accounts.size()) {
    result.verdict = reports::Verdict::skipped;
    result.error = "needs " + std::to_string(sc.accounts_needed) + " accounts, the accounts file has " +
                   std::to_string(env.accounts.size());
    return result;
  }

  if (!env.setup_error.empty()) {
    result.verdict = reports::Verdict::error;
    result.error = env.setup_error;
    return result;
  }

  CaseState state(env, sc);
  if (setup(state)) {
    run_sequence(state, sc.setup, "given");
    if (state.aborted && !state.error.empty() && state.error.rfind("setup", 0) != 0) {
      state.error = "setup (given): " + state.error;
    }
    run_sequence(state, sc.steps, "steps");
  } else {
    state.aborted = true;
  }

  // Expectations never reached (after an error) are listed as skipped, not silently dropped.
  std::vector<std::pair<const Step*, const Expectation*>> all;
  scenario::for_each_expectation(sc.steps, [&](const Step& step, const Expectation& e) {
    all.emplace_back(&step, &e);
  });
  for (const auto& [step, e] : all) {
    if (state.judged.count(e)) continue;
    auto check = make_check_result(*e, env.registry, step->name);
    check.verdict = reports::Verdict::skipped;
    check.message = "not reached: " + (state.error.empty() ? state.unsupported : state.error);
    state.checks.push_back(std::move(check));
  }
  if (!state.log->exchanges.empty()) {
    state.checks.push_back(judge_no_plaintext(state.log->exchanges, env.canary, env.registry));
  }

  // No step starts any more; devices go first, and their cancelled work (and any request still
  // in flight after a time limit) completes while the loop drains.
  state.aborted = true;
  state.devices.close();
  env.loop.drain(kDrainLimit);
  state.raw.reset();
  state.raw_inner.reset();
  env.loop.drain(kDrainLimit);
  // Client runs: what the devices under test sent, judged from the scripted server's journal.
  if (env.client && env.client->after_case) env.client->after_case(state);

  result.checks = std::move(state.checks);
  result.error = state.error;
  result.wirelog = std::move(state.log->exchanges);
  reports::Verdict verdict = state.error.empty() ? reports::Verdict::pass : reports::Verdict::error;
  for (const auto& c : result.checks) verdict = reports::worst(verdict, c.verdict);
  // A scenario whose checks were all skipped still ran: skipped only when nothing was judged.
  if (verdict == reports::Verdict::skipped && state.error.empty()) verdict = reports::Verdict::pass;
  // A client under test without an optional request: what needed it is skipped, never failed.
  if (!state.unsupported.empty() && state.error.empty()) {
    if (verdict == reports::Verdict::pass) verdict = reports::Verdict::skipped;
    result.error = state.unsupported;
  }
  result.verdict = verdict;
  result.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace syncsuite::runner
