#include "harness/runner/step_pipeline.hpp"

#include <memory>
#include <set>

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
    // Plain names, not a structured binding: the lambdas below capture them.
    const auto account = std::get<0>(key);
    const auto limit = std::get<1>(key);
    const auto max_pages = std::get<2>(key);
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

// A record of a device's records answer (section 9), or why it is not one.
Result<client::LocalRecord> local_record(const Json& r) {
  if (!r.is_object()) return make_error("bad_answer", "a record is not an object");
  client::LocalRecord out;
  const auto str = [&r](const char* key) -> std::optional<std::string> {
    return r.contains(key) && r[key].is_string() ? std::optional<std::string>(r[key].get<std::string>()) : std::nullopt;
  };
  auto table = str("table");
  auto id = str("id");
  auto updated_at = str("updated_at");
  auto status = str("sync_status");
  if (!table || !id || !updated_at || !status || !r.contains("deleted") || !r["deleted"].is_boolean() ||
      !r.contains("data") || !r["data"].is_object()) {
    return make_error("bad_answer", "a record lacks table, id, data, updated_at, deleted or sync_status: " +
                                        r.dump().substr(0, 200));
  }
  auto parsed = client::parse_record_status(*status);
  if (!parsed) return make_error("bad_answer", "sync_status '" + *status + "' is not pending, syncing, synced or conflict");
  out.table = *table;
  out.id = *id;
  out.data = r["data"];
  out.updated_at = *updated_at;
  out.deleted = r["deleted"].get<bool>();
  out.sync_status = *parsed;
  if (r.contains("version") && r["version"].is_number_integer()) out.version = r["version"].get<std::int64_t>();
  return out;
}

// The run's records a device holds now, asked through its driver (with versions from a
// reference device; a client under test answers section 9's records).
Task device_task(CaseState& state, const std::string& name, std::map<std::string, DeviceView>& views) {
  return [&state, name, &views](std::function<void()> next) {
    DeviceSlot* slot = state.devices.find(name);
    if (!slot) {
      views[name].error = "no device " + name;
      return next();
    }
    const char* op = slot->reference ? "records_detail" : "records";
    slot->driver->call(Json{{"op", op}}, [&state, name, &views, next = std::move(next)](Json reply) {
      DeviceView& view = views[name];
      if (!reply.value("ok", false) || !reply.contains("records") || !reply["records"].is_array()) {
        view.error = "records of " + name + ": " +
                     (reply.contains("error") ? reply["error"].dump() : "no records list in " + reply.dump().substr(0, 200));
        return next();
      }
      const std::string prefix = state.templates.run_prefix + "-";
      for (const auto& r : reply["records"]) {
        auto record = local_record(r);
        if (!record) {
          view.error = "records of " + name + ": " + record.error().message;
          view.records.clear();
          break;
        }
        if (record->id.rfind(prefix, 0) == 0) view.records.push_back(std::move(*record));
      }
      next();
    });
  };
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
  std::map<std::string, DeviceView> devices;
};

void record_error_checks(StepRun& run, const std::string& why, reports::Verdict verdict) {
  CaseState& state = *run.state;
  for (const auto& e : run.step->expect) {
    auto check = make_check_result(e, state.env.registry, run.step->name);
    check.verdict = verdict;
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
  obs.devices = run.devices;
  if (run.outcome.reply) obs.reply = &*run.outcome.reply;
  obs.walks = std::move(run.walks);
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
  if (!o.unsupported.empty()) {
    record_error_checks(*run, o.unsupported, reports::Verdict::skipped);
    run->done(std::move(o));
    return;
  }
  if (!o.error.empty()) {
    record_error_checks(*run, o.error, reports::Verdict::error);
    run->done(std::move(o));
    return;
  }
  const auto needs = probe_needs(run->step->expect, state.accounts);
  auto tasks = std::make_shared<std::vector<Task>>();
  for (int a : needs.status_accounts) tasks->push_back(status_task(state, a, run->views, false));
  for (int a : needs.record_accounts) tasks->push_back(records_task(state, a, run->views, false));
  std::set<std::string> devices;
  for (const auto& e : run->step->expect) {
    if (e.device) devices.insert(e.device->device);
    devices.insert(e.converged.begin(), e.converged.end());
  }
  for (const auto& name : devices) tasks->push_back(device_task(state, name, run->devices));
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
        if (!o.unsupported.empty()) {
          self->state->aborted = true;
          if (self->state->unsupported.empty()) self->state->unsupported = o.unsupported;
          self->done(std::move(o));
          return;
        }
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
