#include "harness/runner/step_registry.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <memory>

#include "harness/net/abandon.hpp"
#include "harness/runner/generated_step.hpp"
#include "harness/scenario/time_spec.hpp"

namespace syncsuite::runner {
namespace {

using namespace scenario;
using std::chrono::milliseconds;

constexpr milliseconds kSettleLimit{3000};  // waiting for an abandoned request to be processed
constexpr milliseconds kSettlePoll{20};

StepOutcome failed(std::string error) {
  StepOutcome o;
  o.error = std::move(error);
  return o;
}

// Runs `done(outcome)` on the loop: keeps long repeat chains off the stack.
void finish(CaseState& state, StepDone done, StepOutcome outcome) {
  state.env.loop.post([done = std::move(done), outcome = std::move(outcome)]() mutable {
    done(std::move(outcome));
  });
}

DeviceSlot* slot_of(CaseState& state, const std::string& name) { return state.devices.find(name); }

Result<std::string> expand(CaseState& state, const std::string& text, const Locals& locals,
                           bool url_encode = false) {
  return expand_text(text, state.templates, locals, url_encode);
}

Result<std::optional<std::string>> time_of(CaseState& state, const std::optional<std::string>& spec,
                                           const Locals& locals) {
  if (!spec) return std::optional<std::string>();
  auto text = expand(state, *spec, locals);
  if (!text) return text.error();
  const auto t = resolve_time(*text, state.templates.base_time);
  if (!t) return make_error("template", "'" + *text + "' is not a time");
  return std::optional<std::string>(timestamp::format(*t));
}

// Polls the account's status (unlogged) until its cursor moves past `before` or the limit passes:
// an abandoned request is processed by the server at its own pace.
void settle(CaseState& state, int account, std::string before, StepDone done, StepOutcome outcome) {
  struct Poll : std::enable_shared_from_this<Poll> {
    CaseState* state;
    int account;
    std::string before;
    std::chrono::steady_clock::time_point deadline;
    StepDone done;
    StepOutcome outcome;
    void once() {
      auto self = shared_from_this();
      const auto& token = state->env.accounts[static_cast<std::size_t>(account)].token;
      if (state->aborted || !state->raw_inner) {
        done(std::move(outcome));
        return;
      }
      fetch_status(*state->raw_inner, token, [self](Result<StatusCounts> counts) {
        const bool moved = counts && counts->cursor != self->before;
        if (moved || std::chrono::steady_clock::now() >= self->deadline || self->state->aborted) {
          self->done(std::move(self->outcome));
          return;
        }
        self->state->env.loop.after(kSettlePoll, [self] { self->once(); });
      });
    }
  };
  auto poll = std::make_shared<Poll>();
  poll->state = &state;
  poll->account = account;
  poll->before = std::move(before);
  poll->deadline = std::chrono::steady_clock::now() + kSettleLimit;
  poll->done = std::move(done);
  poll->outcome = std::move(outcome);
  poll->once();
}

// Status cursor of an account now (unlogged), then `next(cursor)`; "" when it could not be read.
void cursor_now(CaseState& state, int account, std::function<void(std::string)> next) {
  if (!state.raw_inner) return next(std::string());
  const auto& token = state.env.accounts[static_cast<std::size_t>(account)].token;
  fetch_status(*state.raw_inner, token, [next = std::move(next)](Result<StatusCounts> counts) {
    next(counts ? counts->cursor : std::string());
  });
}

// ---- device steps ----------------------------------------------------------------------------

bool optional_request(const std::string& op) { return op == "clock" || op == "foreground" || op == "state"; }

// Sends one section-9 request to a device and turns its answer into the step's outcome. The
// journal positions around it attribute the scripted server's entries to this device.
void call_device(CaseState& state, DeviceSlot* slot, Json request, client_checks::DeviceOp op,
                 std::function<void(StepOutcome)> next) {
  op.device = slot->name;
  op.account = slot->account;
  op.under_test = !slot->reference;
  op.op = request.value("op", "");
  const auto* client = state.env.client;
  op.after_seq = client && client->journal_total ? client->journal_total() : 0;
  slot->driver->call(std::move(request), [&state, slot, op = std::move(op),
                                          next = std::move(next)](Json reply) mutable {
    if (state.aborted) return next(failed("aborted"));
    const auto* client = state.env.client;
    op.until_seq = client && client->journal_total ? client->journal_total() : 0;
    op.ok = reply.value("ok", false);
    state.device_ops.push_back(op);
    StepOutcome o;
    o.op_ok = op.ok;
    if (!op.ok) {
      o.op_error = reply.contains("error") && reply["error"].is_string() ? reply["error"].get<std::string>()
                                                                        : std::string("failed, without an error text");
      if (!slot->reference && optional_request(op.op) && o.op_error.rfind("unknown op", 0) == 0) {
        o.unsupported = slot->name + " does not support the optional request '" + op.op + "' (contract 9)";
      }
    }
    if (slot->logged) o.last_exchange = slot->logged->last_exchange();
    o.reply = std::move(reply);
    next(std::move(o));
  });
}

void exec(const PutStep& s, const Step&, CaseState& state, const Locals& locals, StepDone done) {
  DeviceSlot* slot = slot_of(state, s.device);
  auto id = expand(state, s.id, locals);
  auto table = expand(state, s.table, locals);
  auto data = expand_value(s.data, state.templates, locals);
  auto at = time_of(state, s.updated_at, locals);
  if (!id || !table || !data || !at) {
    const Error& e = !id ? id.error() : !table ? table.error() : !data ? data.error() : at.error();
    return finish(state, std::move(done), failed("put: " + e.message));
  }
  client_checks::DeviceOp op;
  op.table = *table;
  op.id = run_id(state.templates, *id);
  op.data = with_canary(*data, state.templates.canary);
  Json request = {{"op", "put"}, {"table", op.table}, {"id", op.id}, {"data", *op.data}};
  if (*at) request["updated_at"] = **at;
  call_device(state, slot, std::move(request), std::move(op), [&state, done = std::move(done)](StepOutcome o) mutable {
    // A local edit that the device refuses is an error of the step.
    if (!o.op_ok.value_or(false) && o.unsupported.empty()) o.error = "put: " + o.op_error;
    finish(state, std::move(done), std::move(o));
  });
}

void exec(const DeleteStep& s, const Step&, CaseState& state, const Locals& locals, StepDone done) {
  DeviceSlot* slot = slot_of(state, s.device);
  auto id = expand(state, s.id, locals);
  auto table = expand(state, s.table, locals);
  auto at = time_of(state, s.updated_at, locals);
  if (!id || !table || !at) {
    const Error& e = !id ? id.error() : !table ? table.error() : at.error();
    return finish(state, std::move(done), failed("delete: " + e.message));
  }
  client_checks::DeviceOp op;
  op.table = *table;
  op.id = run_id(state.templates, *id);
  Json request = {{"op", "delete"}, {"table", op.table}, {"id", op.id}};
  if (*at) request["updated_at"] = **at;
  call_device(state, slot, std::move(request), std::move(op), [&state, done = std::move(done)](StepOutcome o) mutable {
    if (!o.op_ok.value_or(false)) o.error = "delete: " + o.op_error;
    finish(state, std::move(done), std::move(o));
  });
}

// sync, push, pull: one device operation; optionally losing the push's answer (reference devices:
// a client under test loses answers through a fault of the scripted server instead).
void device_op(CaseState& state, DeviceSlot* slot, bool lose_response, const char* op, StepDone done) {
  if (lose_response && !slot->reference) {
    return finish(state, std::move(done),
                  failed(std::string(op) + ": lose_response needs a reference device; for a client "
                         "under test, use a server fault (drop-after-commit)"));
  }
  auto run = [&state, slot, lose_response, op, done = std::move(done)](std::string before) mutable {
    if (lose_response) slot->transport->abandon_next();
    call_device(state, slot, Json{{"op", op}}, {},
                [&state, slot, lose_response, before = std::move(before),
                 done = std::move(done)](StepOutcome o) mutable {
                  o.lost_response = lose_response;
                  if (lose_response) {
                    settle(state, slot->account, std::move(before), std::move(done), std::move(o));
                  } else {
                    finish(state, std::move(done), std::move(o));
                  }
                });
  };
  if (lose_response) {
    cursor_now(state, slot->account, std::move(run));
  } else {
    run("");
  }
}

void exec(const SyncStep& s, const Step&, CaseState& state, const Locals&, StepDone done) {
  device_op(state, slot_of(state, s.device), s.lose_response, "sync", std::move(done));
}

void exec(const PushStep& s, const Step&, CaseState& state, const Locals&, StepDone done) {
  device_op(state, slot_of(state, s.device), s.lose_response, "push", std::move(done));
}

void exec(const PullStep& s, const Step&, CaseState& state, const Locals&, StepDone done) {
  device_op(state, slot_of(state, s.device), false, "pull", std::move(done));
}

void exec(const ForegroundStep& s, const Step&, CaseState& state, const Locals&, StepDone done) {
  device_op(state, slot_of(state, s.device), false, "foreground", std::move(done));
}

void exec(const StateStep& s, const Step&, CaseState& state, const Locals&, StepDone done) {
  device_op(state, slot_of(state, s.device), false, "state", std::move(done));
}

void exec(const ResolveStep& s, const Step&, CaseState& state, const Locals& locals, StepDone done) {
  DeviceSlot* slot = slot_of(state, s.device);
  auto id = expand(state, s.id, locals);
  auto table = expand(state, s.table, locals);
  if (!id || !table) {
    return finish(state, std::move(done), failed("resolve: " + (!id ? id.error() : table.error()).message));
  }
  client_checks::DeviceOp op;
  op.table = *table;
  op.id = run_id(state.templates, *id);
  Json request = {{"op", "resolve"}, {"table", op.table}, {"id", op.id}, {"choice", s.choice}};
  if (s.data) {
    auto d = expand_value(*s.data, state.templates, locals);
    if (!d) return finish(state, std::move(done), failed("resolve: " + d.error().message));
    op.data = with_canary(*d, state.templates.canary);
    request["data"] = *op.data;
  }
  call_device(state, slot, std::move(request), std::move(op),
              [&state, done = std::move(done)](StepOutcome o) mutable { finish(state, std::move(done), std::move(o)); });
}

void exec(const ClockStep& s, const Step&, CaseState& state, const Locals& locals, StepDone done) {
  auto at = time_of(state, s.at, locals);
  if (!at) return finish(state, std::move(done), failed("clock: " + at.error().message));
  call_device(state, slot_of(state, s.device), Json{{"op", "clock"}, {"now", **at}}, {},
              [&state, done = std::move(done)](StepOutcome o) mutable {
                if (!o.op_ok.value_or(false) && o.unsupported.empty()) o.error = "clock: " + o.op_error;
                finish(state, std::move(done), std::move(o));
              });
}

void exec(const ServerStep& s, const Step&, CaseState& state, const Locals&, StepDone done) {
  const auto* client = state.env.client;
  if (!client || !client->server_step) {
    return finish(state, std::move(done),
                  failed("server: steps script the server of syncsuite client; this target is not scripted"));
  }
  const Status st = client->server_step(s, state);
  finish(state, std::move(done), st ? StepOutcome{} : failed("server: " + st.error().message));
}

// ---- raw HTTP --------------------------------------------------------------------------------

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

void set_header(protocol::Headers& headers, const std::string& name, const std::string& value) {
  for (auto& h : headers) {
    if (iequals(h.name, name)) {
      h.value = value;
      return;
    }
  }
  headers.push_back({name, value});
}

std::string bogus_token(CaseState& state) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  for (int i = 0; i < 40; ++i) token.push_back(kHex[state.env.random() % 16]);
  return token;
}

// The account whose token a request carries (for settling after a lost answer); 0 otherwise.
int auth_account(const AuthSpec& auth, CaseState& state) {
  if (auth.kind == AuthSpec::Kind::account) return auth.account;
  if (auth.kind == AuthSpec::Kind::device) return state.devices.find(auth.device)->account;
  return 0;
}

Result<protocol::HttpRequest> build_request(const RequestStep& s, CaseState& state,
                                            const Locals& locals) {
  protocol::HttpRequest request;
  request.method = s.method;
  auto path = expand(state, s.path, locals, /*url_encode=*/true);
  if (!path) return path.error();
  request.target = *path;
  switch (s.auth.kind) {
    case AuthSpec::Kind::none:
      break;
    case AuthSpec::Kind::bogus:
      request.headers.push_back({"Authorization", s.auth.scheme + " " + bogus_token(state)});
      break;
    case AuthSpec::Kind::account:
    case AuthSpec::Kind::device: {
      const int account = auth_account(s.auth, state);
      if (account < 0 || static_cast<std::size_t>(account) >= state.env.accounts.size()) {
        return make_error("setup", "no account " + std::to_string(account));
      }
      request.headers.push_back(
          {"Authorization", s.auth.scheme + " " + state.env.accounts[static_cast<std::size_t>(account)].token});
      break;
    }
  }
  switch (s.body_kind) {
    case RequestStep::Body::none:
      break;
    case RequestStep::Body::json: {
      auto body = expand_value(s.json, state.templates, locals);
      if (!body) return body.error();
      if (s.pad_to) {
        auto padded = dump_padded(std::move(*body), *s.pad_to);
        if (!padded) return padded.error();
        request.body = std::move(*padded);
        break;
      }
      request.body = body->dump();
      break;
    }
    case RequestStep::Body::text: {
      auto body = expand(state, s.text, locals);
      if (!body) return body.error();
      request.body = std::move(*body);
      break;
    }
    case RequestStep::Body::filler:
      request.body = filler_body(s.filler_bytes);
      break;
  }
  const bool has_body = s.body_kind != RequestStep::Body::none;
  if (s.content_type) {
    if (*s.content_type != "none") request.headers.push_back({"Content-Type", *s.content_type});
  } else if (has_body) {
    request.headers.push_back({"Content-Type", "application/json"});
  }
  for (const auto& [name, value] : s.headers) {
    auto v = expand(state, value, locals);
    if (!v) return v.error();
    set_header(request.headers, name, *v);
  }
  return request;
}

void exec(const RequestStep& s, const Step&, CaseState& state, const Locals& locals, StepDone done) {
  auto request = build_request(s, state, locals);
  if (!request) return finish(state, std::move(done), failed("request: " + request.error().message));
  if (s.lose_response) {
    const int account = auth_account(s.auth, state);
    cursor_now(state, account, [&state, account, request = std::move(*request),
                                done = std::move(done)](std::string before) mutable {
      auto copy = request;
      const auto start = std::chrono::steady_clock::now();
      net::send_and_abandon(
          state.env.loop.io(), state.env.url, state.env.transport.tls, std::move(request),
          [&state, account, copy = std::move(copy), start, before = std::move(before),
           done = std::move(done)](Status sent) mutable {
            const double ms = std::chrono::duration<double, std::milli>(
                                  std::chrono::steady_clock::now() - start).count();
            const Result<protocol::HttpResponse> result =
                sent ? Result<protocol::HttpResponse>(make_error("io", std::string(kAbandonedMessage)))
                     : Result<protocol::HttpResponse>(sent.error());
            state.log->exchanges.push_back(make_exchange(*state.log, copy, result, ms));
            StepOutcome o;
            o.lost_response = true;
            if (!sent) o.error = "request: could not send it: " + sent.error().message;
            settle(state, account, std::move(before), std::move(done), std::move(o));
          });
    });
    return;
  }
  state.raw->send(std::move(*request), [&state, save_as = s.save_as,
                                        done = std::move(done)](Result<protocol::HttpResponse> r) mutable {
    StepOutcome o;
    o.last_exchange = state.raw->last_exchange();
    if (r && !save_as.empty()) {
      auto json = Json::parse(r->body, nullptr, false);
      state.templates.saved[save_as] = json.is_discarded() ? Json(r->body) : json;
    }
    finish(state, std::move(done), std::move(o));
  });
}

// ---- groups ----------------------------------------------------------------------------------

void exec(const ConcurrentlyStep& s, const Step&, CaseState& state, const Locals& locals,
          StepDone done) {
  struct Join {
    std::size_t left = 0;
    StepOutcome combined;
    StepDone done;
  };
  auto join = std::make_shared<Join>();
  join->left = s.steps.size();
  join->done = std::move(done);
  for (const auto& child : s.steps) {
    run_step(child, state, locals, [join](StepOutcome o) {
      if (join->combined.error.empty() && !o.error.empty()) join->combined.error = o.error;
      if (join->combined.unsupported.empty() && !o.unsupported.empty()) join->combined.unsupported = o.unsupported;
      if (--join->left == 0) join->done(std::move(join->combined));
    });
  }
}

void exec(const SequenceStep& s, const Step&, CaseState& state, const Locals& locals, StepDone done) {
  run_steps(s.steps, state, locals, std::move(done));
}

void exec(const RepeatStep& s, const Step&, CaseState& state, const Locals&, StepDone done) {
  struct Loop : std::enable_shared_from_this<Loop> {
    const RepeatStep* step;
    CaseState* state;
    int next_index = 1;
    StepDone done;
    void round() {
      if (next_index > step->times || state->aborted) {
        done(StepOutcome{});
        return;
      }
      auto self = shared_from_this();
      const Locals locals{next_index++};
      run_steps(step->steps, *state, locals, [self](StepOutcome o) {
        if (!o.error.empty() || !o.unsupported.empty()) {
          self->done(std::move(o));
          return;
        }
        self->round();
      });
    }
  };
  auto loop = std::make_shared<Loop>();
  loop->step = &s;
  loop->state = &state;
  loop->done = std::move(done);
  loop->round();
}

void exec(const GeneratedStep& s, const Step& step, CaseState& state, const Locals&, StepDone done) {
  run_generated(s, step, state, std::move(done));
}

void exec(const ExpectStep&, const Step&, CaseState& state, const Locals&, StepDone done) {
  finish(state, std::move(done), StepOutcome{});
}

}  // namespace

std::string filler_body(std::size_t bytes) {
  static constexpr std::string_view kHead = R"({"device_id":"syncsuite-filler","records":[],"pad":")";
  static constexpr std::string_view kTail = R"("})";
  const std::size_t frame = kHead.size() + kTail.size();
  std::string body;
  body.reserve(std::max(bytes, frame));
  body += kHead;
  body.append(bytes > frame ? bytes - frame : 0, 'x');
  body += kTail;
  return body;
}

void execute_action(const Step& step, CaseState& state, const Locals& locals, StepDone done) {
  std::visit([&](const auto& action) { exec(action, step, state, locals, std::move(done)); },
             step.action);
}

}  // namespace syncsuite::runner
