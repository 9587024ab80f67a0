#include "harness/runner/step_pipeline.hpp"

#include <memory>

#include "harness/runner/expectations.hpp"
#include "harness/runner/step_registry.hpp"

namespace syncsuite::runner {
namespace {

using scenario::Expectation;
using scenario::Json;
using scenario::Locals;
using scenario::Step;

constexpr std::size_t kEvidenceExchanges = 4;  // exchanges attached to a failed check

// One asynchronous task of a chain; it calls `next` when done.
using Task = std::function<void(std::function<void()> next)>;

// Runs tasks one after another, then `done`.
void chain(std::shared_ptr<std::vector<Task>> tasks, std::size_t at, std::function<void()> done) {
  if (at >= tasks->size()) {
    done();
    return;
  }
  (*tasks)[at]([tasks, at, done = std::move(done)]() mutable { chain(tasks, at + 1, std::move(done)); });
}

Task status_task(CaseState& state, int account, std::map<int, AccountView>& views, bool before) {
  return [&state, account, &views, before](std::function<void()> next) {
    if (!state.raw) return next();
    const auto& token = state.env.accounts[static_cast<std::size_t>(account)].token;
    fetch_status(*state.raw, token, [&views, account, before, next = std::move(next)](Result<StatusCounts> r) {
      auto& view = views[account];
      if (!r) {
        if (view.error.empty()) view.error = r.error().message;
      } else if (before) {
        view.before = *r;
      } else {
        view.now = *r;
      }
      next();
    });
  };
}

Task records_task(CaseState& state, int account, std::map<int, AccountView>& views, bool before) {
  return [&state, account, &views, before](std::function<void()> next) {
    if (!state.raw) return next();
    const auto& acc = state.env.accounts[static_cast<std::size_t>(account)];
    const std::string since = state.start.count(account) ? state.start[account].cursor : "";
    fetch_run_records(*state.raw, acc, since, state.templates.run_prefix,
                      [&views, account, before, next = std::move(next)](Result<RunRecords> r) {
                        auto& view = views[account];
                        if (!r) {
                          if (view.error.empty()) view.error = r.error().message;
                        } else if (before) {
                          view.records_before = std::move(*r);
                        } else {
                          view.records = std::move(*r);
                        }
                        next();
                      });
  };
}

// The `isolated` walks: from the beginning, then from the scenario's start cursor.
Task walk_task(CaseState& state, WalkKey key, std::map<WalkKey, WalkView>& views) {
  return [&state, key, &views](std::function<void()> next) {
    const auto [account, limit, max_pages] = key;
    if (!state.raw || static_cast<std::size_t>(account) >= state.env.accounts.size()) {
      views[key].error = "account " + std::to_string(account) + " is not in the accounts file";
      return next();
    }
    const auto& token = state.env.accounts[static_cast<std::size_t>(account)].token;
    const std::string start = state.start.count(account) ? state.start[account].cursor : "";
    auto walk_from = [&state, key, &views, token, limit, max_pages](std::string since,
                                                                    std::function<void()> then) {
      walk_pages(*state.raw, token, since, limit, max_pages,
                 [key, &views, then = std::move(then)](Result<PageWalk> r) {
                   auto& view = views[key];
                   if (!r) {
                     if (view.error.empty()) view.error = r.error().message;
                   } else {
                     view.walks.push_back(std::move(*r));
                   }
                   then();
                 });
    };
    walk_from("", [walk_from, start, next = std::move(next)]() mutable {
      walk_from(start, std::move(next));
    });
  };
}

// The run's records a device holds now.
DeviceView device_view(CaseState& state, const std::string& name) {
  DeviceView view;
  DeviceSlot* slot = state.devices.find(name);
  if (!slot) {
    view.error = "no device " + name;
    return view;
  }
  auto records = slot->device->records();
  if (!records) {
    view.error = "records of " + name + ": " + records.error().message;
    return view;
  }
  const std::string prefix = state.templates.run_prefix + "-";
  for (auto& r : *records) {
    if (r.id.rfind(prefix, 0) == 0) view.records.push_back(std::move(r));
  }
  return view;
}

std::vector<reports::Exchange> evidence(const CaseState& state, std::size_t begin,
                                        std::optional<std::size_t> last) {
  std::vector<reports::Exchange> out;
  const auto& log = state.log->exchanges;
  std::size_t from = log.size() > begin + kEvidenceExchanges ? log.size() - kEvidenceExchanges : begin;
  for (std::size_t i = from; i < log.size(); ++i) {
    if (last && i == *last) continue;
    out.push_back(log[i]);
  }
  // The step's own response first: it is what most assertions judged.
  if (last && *last < log.size()) out.insert(out.begin(), log[*last]);
  if (out.size() > kEvidenceExchanges) out.resize(kEvidenceExchanges);
  return out;
}

bool has_ok_expectation(const Step& step) {
  for (const auto& e : step.expect) {
    if (e.ok) return true;
  }
  return false;
}

// Per-step state of the pipeline.
struct StepRun {
  const Step* step = nullptr;
  CaseState* state = nullptr;
  Locals locals;
  StepDone done;
  std::map<int, AccountView> views;
  std::map<WalkKey, WalkView> walks;
  std::size_t log_begin = 0;
  StepOutcome outcome;
};

void record_error_checks(StepRun& run, const std::string& why) {
  CaseState& state = *run.state;
  for (const auto& e : run.step->expect) {
    auto check = make_check_result(e, state.env.registry, run.step->name);
    check.verdict = reports::Verdict::error;
    check.message = why;
    check.actual = why;
    check.exchanges = evidence(state, run.log_begin, run.outcome.last_exchange);
    state.checks.push_back(std::move(check));
    state.judged.insert(&e);
  }
}

void judge_all(StepRun& run) {
  CaseState& state = *run.state;
  Observation obs;
  if (run.outcome.last_exchange && *run.outcome.last_exchange < state.log->exchanges.size()) {
    obs.response = &state.log->exchanges[*run.outcome.last_exchange];
  }
  obs.op_ok = run.outcome.op_ok;
  obs.op_error = run.outcome.op_error;
  for (auto& [account, view] : run.views) {
    if (state.start.count(account)) view.start = state.start[account];
  }
  obs.accounts = run.views;
  obs.walks = std::move(run.walks);
  for (const auto& e : run.step->expect) {
    if (e.device) obs.devices[e.device->device] = device_view(state, e.device->device);
    for (const auto& name : e.converged) obs.devices[name] = device_view(state, name);
  }
  JudgeContext ctx{state.templates, run.locals, state.env.accounts};
  for (const auto& e : run.step->expect) {
    const Judgement j = judge(e, obs, ctx);
    auto check = make_check_result(e, state.env.registry, run.step->name);
    const auto* info = state.env.registry.find(e.check);
    // An id missing from the registry cannot happen after loading; fail-closed if it does.
    check.verdict = grade(j.kind, info ? info->level : scenario::Level::must);
    check.expected = j.expected;
    check.actual = j.actual;
    check.message = j.message;
    if (check.verdict != reports::Verdict::pass) {
      check.exchanges = evidence(state, run.log_begin, run.outcome.last_exchange);
    }
    state.checks.push_back(std::move(check));
    state.judged.insert(&e);
  }
}

void after_action(std::shared_ptr<StepRun> run) {
  CaseState& state = *run->state;
  StepOutcome& o = run->outcome;
  // The last response feeds ${last:...}.
  if (o.last_exchange && *o.last_exchange < state.log->exchanges.size()) {
    const auto& body = state.log->exchanges[*o.last_exchange].response_body;
    auto json = Json::parse(body, nullptr, false);
    if (!json.is_discarded()) state.templates.last = std::move(json);
  }
  // A device operation that failed is an error of the scenario, unless the step expects it
  // (`ok:`) or caused it (lose_response).
  if (o.error.empty() && o.op_ok && !*o.op_ok && !has_ok_expectation(*run->step) && !o.lost_response) {
    o.error = run->step->kind + " failed: " + o.op_error;
  }
  if (!o.error.empty()) {
    record_error_checks(*run, o.error);
    run->done(std::move(o));
    return;
  }
  const auto needs = probe_needs(run->step->expect, state.accounts);
  auto tasks = std::make_shared<std::vector<Task>>();
  for (int a : needs.status_accounts) tasks->push_back(status_task(state, a, run->views, false));
  for (int a : needs.record_accounts) tasks->push_back(records_task(state, a, run->views, false));
  for (const auto& key : needs.walks) tasks->push_back(walk_task(state, key, run->walks));
  chain(tasks, 0, [run] {
    judge_all(*run);
    run->done(std::move(run->outcome));
  });
}

}  // namespace

reports::CheckResult make_check_result(const Expectation& expectation,
                                       const scenario::CheckRegistry& registry,
                                       const std::string& step_name) {
  reports::CheckResult check;
  check.id = expectation.check;
  if (const auto* info = registry.find(expectation.check)) {
    check.section = info->section;
    check.contract_text = info->text;
  }
  check.scenario_step = step_name;
  return check;
}

void run_step(const Step& step, CaseState& state, const Locals& locals, StepDone done) {
  if (state.aborted) {
    done(StepOutcome{});
    return;
  }
  auto run = std::make_shared<StepRun>();
  run->step = &step;
  run->state = &state;
  run->locals = locals;
  run->done = std::move(done);
  const auto needs = probe_needs(step.expect, state.accounts);
  auto tasks = std::make_shared<std::vector<Task>>();
  if (needs.snapshot_before) {
    for (int a : state.accounts) {
      tasks->push_back(status_task(state, a, run->views, true));
      tasks->push_back(records_task(state, a, run->views, true));
    }
  }
  chain(tasks, 0, [run] {
    run->log_begin = run->state->log->exchanges.size();
    execute_action(*run->step, *run->state, run->locals, [run](StepOutcome o) {
      run->outcome = std::move(o);
      after_action(run);
    });
  });
}

void run_steps(const std::vector<Step>& steps, CaseState& state, const Locals& locals,
               StepDone done) {
  struct Seq : std::enable_shared_from_this<Seq> {
    const std::vector<Step>* steps;
    CaseState* state;
    Locals locals;
    std::size_t at = 0;
    StepDone done;
    void next() {
      if (at >= steps->size() || state->aborted) {
        done(StepOutcome{});
        return;
      }
      auto self = shared_from_this();
      run_step((*steps)[at++], *state, locals, [self](StepOutcome o) {
        if (!o.error.empty()) {
          self->state->aborted = true;
          if (self->state->error.empty()) self->state->error = o.error;
          self->done(std::move(o));
          return;
        }
        self->next();
      });
    }
  };
  auto seq = std::make_shared<Seq>();
  seq->steps = &steps;
  seq->state = &state;
  seq->locals = locals;
  seq->done = std::move(done);
  seq->next();
}

}  // namespace syncsuite::runner
