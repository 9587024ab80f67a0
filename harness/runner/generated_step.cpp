#include "harness/runner/generated_step.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <set>

#include "harness/generated/campaign.hpp"
#include "harness/generated/judge.hpp"
#include "harness/generated/render.hpp"
#include "harness/generated/shrink.hpp"
#include "harness/runner/expectations.hpp"
#include "reference/protocol/limits.hpp"

namespace syncsuite::runner {
namespace {

using generated::CaseVerdict;
using generated::Request;
using generated::Variant;
using scenario::Json;

constexpr int kShrinkAttempts = 24;  // requests spent shrinking one failing case

std::string header_value(const reports::Headers& headers, std::string_view name) {
  for (const auto& [n, v] : headers) {
    if (n.size() == name.size() && std::equal(n.begin(), n.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return v;
    }
  }
  return "";
}

// The account's state a case may change.
struct ServerState {
  StatusCounts status;
  std::string public_key;     // key cases only
  RunRecords records;         // push, headers and resolve cases
  std::string records_error;  // why the records could not be read ("" = they were)
};

// What a case changed on the server: "" for nothing.
std::string changes(const ServerState& before, const ServerState& after, Request request) {
  if (request == Request::key) {
    return before.public_key == after.public_key
               ? ""
               : "the public key changed to \"" + after.public_key + "\"";
  }
  const auto& records_before = before.records;
  const auto& records_after = after.records;
  std::string out;
  if (!after.records_error.empty() && after.status.record_count == before.status.record_count) {
    return "";  // judged by the count alone: the run's records do not read back
  }
  if (after.status.record_count != before.status.record_count) {
    out = "record_count went from " + std::to_string(before.status.record_count) + " to " +
          std::to_string(after.status.record_count);
  }
  for (const auto& [key, record] : records_after) {
    const auto old = records_before.find(key);
    const auto version = record.envelope.version.value_or(0);
    if (old != records_before.end() && old->second.envelope.version.value_or(0) == version)
      continue;
    out += (out.empty() ? "" : "; ") + key.first + "/" + key.second + " stored as version " +
           std::to_string(version);
  }
  if (!after.records_error.empty())
    out += " (and a pull of the run's records fails: " + after.records_error + ")";
  return out;
}

bool holds_value(const ServerState& state, const std::string& bad) {
  if (bad.empty()) return false;
  if (state.public_key == bad) return true;
  for (const auto& [key, record] : state.records) {
    const auto& e = record.envelope;
    if (key.first == bad || e.table == bad || e.nonce == bad || e.ciphertext == bad ||
        e.updated_at == bad)
      return true;
  }
  return false;
}

struct Campaign : std::enable_shared_from_this<Campaign> {
  CaseState* state = nullptr;
  const scenario::Step* step = nullptr;
  const scenario::GeneratedStep* spec = nullptr;
  StepDone done;
  Request request = Request::push;
  std::vector<Variant> cases;
  std::size_t next = 0;
  int sends = 0;  // numbers fresh ids
  ServerState server;
  std::string base_id;  // resolve: the record every case resolves
  std::set<std::string> judged_ids;

  // The case being judged and shrunk.
  Variant original, current;
  std::vector<CaseVerdict> verdicts;
  std::optional<std::size_t> exchange;
  std::vector<Variant> candidates;
  int attempts = 0;

  const Account& account() const { return state->env.accounts.front(); }
  client::Transport& quiet() { return *state->raw_inner; }

  Json envelope(const std::string& id, timestamp::Millis at) {
    const Json data = scenario::with_canary(Json{{"case", sends}}, state->templates.canary);
    auto sealed = state->templates.sealer(0, data.dump());
    Json e = {
        {"table", "notes"}, {"id", id}, {"updated_at", timestamp::format(at)}, {"deleted", false}};
    e["nonce"] = sealed ? sealed->nonce : "";
    e["ciphertext"] = sealed ? sealed->ciphertext : "";
    return e;
  }

  std::string fresh_id(const std::string& tag) {
    return scenario::run_id(state->templates, "g" + std::to_string(sends) + tag);
  }

  generated::BaseRequest base_for(const Variant& v) {
    ++sends;
    generated::BaseRequest base;
    base.token = account().token;
    const auto t0 = state->templates.base_time;
    switch (request) {
      case Request::push:
      case Request::headers: {
        const int neighbours = request == Request::headers ? 2 : v.neighbours;
        base.bad_index = static_cast<std::size_t>(neighbours / 2);
        base.bad_id = fresh_id("-x");
        Json list = Json::array();
        for (int i = 0; i <= neighbours; ++i) {
          const bool bad = static_cast<std::size_t>(i) == base.bad_index;
          list.push_back(envelope(
              bad ? base.bad_id : fresh_id("-" + std::string(1, static_cast<char>('a' + i))), t0));
        }
        base.body = {{"device_id", state->templates.run_prefix + "-generated"}, {"records", list}};
        break;
      }
      case Request::resolve: {
        base.bad_id = base_id;
        const auto found = server.records.find({"notes", base_id});
        const auto version =
            found != server.records.end() ? found->second.envelope.version.value_or(1) : 1;
        base.body = {{"table", "notes"},
                     {"id", base_id},
                     {"resolution", "local"},
                     {"expected_version", version},
                     {"record", envelope(base_id, t0 + 1000 + sends)}};
        break;
      }
      case Request::key:
        base.body = {{"public_key", state->templates.public_keys.front()}};
        break;
      case Request::pull: {
        const auto start = state->start.find(0);
        base.query = {{"since", start != state->start.end() ? start->second.cursor : ""},
                      {"limit", "5"}};
        break;
      }
    }
    return base;
  }

  protocol::HttpRequest build(const Variant& v) {
    const auto rendered = generated::render(v, base_for(v));
    protocol::HttpRequest r;
    switch (request) {
      case Request::push:
      case Request::headers:
        r.method = "POST";
        r.target = std::string(protocol::kPushPath);
        break;
      case Request::resolve:
        r.method = "POST";
        r.target = std::string(protocol::kResolvePath);
        break;
      case Request::key:
        r.method = "PUT";
        r.target = std::string(protocol::kKeyPath);
        break;
      case Request::pull:
        r.method = "GET";
        r.target = std::string(protocol::kPullPath);
        break;
    }
    r.target += rendered.query;
    if (rendered.authorization) r.headers.push_back({"Authorization", *rendered.authorization});
    if (rendered.content_type) r.headers.push_back({"Content-Type", *rendered.content_type});
    if (rendered.body) r.body = *rendered.body;
    return r;
  }

  // The public key GET /status/ returns (status.hpp reads only the counts).
  void probe_key(std::function<void(std::string)> next) {
    protocol::HttpRequest r;
    r.method = "GET";
    r.target = std::string(protocol::kStatusPath);
    r.headers = {{"Authorization", "Token " + account().token}};
    auto self = shared_from_this();
    quiet().send(
        std::move(r), [self, next = std::move(next)](Result<protocol::HttpResponse> answer) {
          const Json body =
              answer && answer->status == 200 ? Json::parse(answer->body, nullptr, false) : Json();
          if (!body.is_object()) return next("GET /api/v1/sync/status/ gave no JSON object");
          const auto key = body.find("public_key");
          self->server.public_key =
              key != body.end() && key->is_string() ? key->get<std::string>() : "";
          next("");
        });
  }

  // Reads the account's state into `server`, then next(error).
  void probe(std::function<void(std::string)> next) {
    auto self = shared_from_this();
    if (request == Request::key) return probe_key(std::move(next));
    fetch_status(quiet(), account().token, [self, next = std::move(next)](Result<StatusCounts> s) {
      if (!s) return next(s.error().message);
      self->server.status = *s;
      const auto start = self->state->start.find(0);
      fetch_run_records(self->quiet(), self->account(),
                        start != self->state->start.end() ? start->second.cursor : "",
                        self->state->templates.run_prefix, [self, next](Result<RunRecords> r) {
                          // A server that stored a bad record may return it unreadable: the
                          // counts still judge pushes, the resolve cases (versions) cannot be.
                          self->server.records_error = r ? "" : r.error().message;
                          if (r) self->server.records = std::move(*r);
                          next(self->request == Request::resolve ? self->server.records_error : "");
                        });
    });
  }

  // Sends one case and judges it: then(verdicts, exchange index).
  void send(const Variant& v,
            std::function<void(std::vector<CaseVerdict>, std::optional<std::size_t>)> then) {
    auto self = shared_from_this();
    state->raw->send(build(v), [self, v,
                                then = std::move(then)](Result<protocol::HttpResponse>) mutable {
      const auto index = self->state->raw->last_exchange();
      generated::Observed o;
      if (index && *index < self->state->log->exchanges.size()) {
        const auto& x = self->state->log->exchanges[*index];
        o.status = x.status;
        o.transport_error = x.transport_error;
        o.content_type = header_value(x.response_headers, "Content-Type");
        o.body = x.response_body;
      }
      if (self->request == Request::pull) return then(generated::judge_case(v, o), index);
      const ServerState before = self->server;
      self->probe([self, v, o, before, index, then = std::move(then)](std::string error) mutable {
        if (!error.empty()) {
          o.probe_error = error;
        } else {
          o.stored = changes(before, self->server, self->request);
          o.bad_value_stored = holds_value(self->server, v.bad_value);
        }
        then(generated::judge_case(v, o), index);
      });
    });
  }

  void start() {
    auto self = shared_from_this();
    probe([self](std::string error) {
      if (!error.empty()) return self->finish("could not read the server's state: " + error);
      if (self->request != Request::resolve) return self->next_case();
      // The record every resolve case names: pushed once, valid.
      ++self->sends;
      self->base_id = scenario::run_id(self->state->templates, "gbase");
      protocol::HttpRequest r;
      r.method = "POST";
      r.target = std::string(protocol::kPushPath);
      r.headers = {{"Authorization", "Token " + self->account().token},
                   {"Content-Type", "application/json"}};
      r.body =
          Json{{"device_id", self->state->templates.run_prefix + "-generated"},
               {"records",
                Json::array({self->envelope(self->base_id, self->state->templates.base_time)})}}
              .dump();
      self->state->raw->send(std::move(r), [self](Result<protocol::HttpResponse> answer) {
        if (!answer || answer->status != 200) {
          return self->finish("could not push the record the resolve cases name");
        }
        self->probe([self](std::string e) { e.empty() ? self->next_case() : self->finish(e); });
      });
    });
  }

  void next_case() {
    if (state->aborted) return finish("aborted");
    if (next >= cases.size()) return finish("");
    original = current = cases[next++];
    attempts = 0;
    auto self = shared_from_this();
    send(current, [self](std::vector<CaseVerdict> v, std::optional<std::size_t> x) {
      self->verdicts = std::move(v);
      self->exchange = x;
      if (generated::must_failed(self->verdicts)) {
        self->candidates = generated::shrink_candidates(self->current);
        return self->shrink();
      }
      self->record();
    });
  }

  // Tries the candidates of `current`; the first that still fails becomes `current`.
  void shrink() {
    if (candidates.empty() || attempts >= kShrinkAttempts || state->aborted) return record();
    ++attempts;
    Variant candidate = candidates.front();
    candidates.erase(candidates.begin());
    auto self = shared_from_this();
    send(candidate, [self, candidate](std::vector<CaseVerdict> v, std::optional<std::size_t> x) {
      if (generated::must_failed(v)) {
        self->current = candidate;
        self->verdicts = std::move(v);
        self->exchange = x;
        self->candidates = generated::shrink_candidates(candidate);
      }
      self->shrink();
    });
  }

  void record() {
    const auto& registry = state->env.registry;
    const std::string where =
        step->name + " case " + std::to_string(next) + ": " + current.describe();
    for (const auto& v : verdicts) {
      reports::CheckResult check;
      check.id = v.check;
      const auto* info = registry.find(v.check);
      if (info) {
        check.section = info->section;
        check.contract_text = info->text;
      }
      const Judgement::Kind kind = v.kind == CaseVerdict::Kind::pass ? Judgement::Kind::pass
                                   : v.kind == CaseVerdict::Kind::fail
                                       ? Judgement::Kind::fail
                                       : Judgement::Kind::unjudgeable;
      check.verdict = grade(kind, info ? info->level : scenario::Level::must);
      check.scenario_step = where;
      check.expected = v.expected;
      check.actual = v.actual;
      if (check.verdict != reports::Verdict::pass) {
        check.message = current.describe() == original.describe()
                            ? "generated case; answer: " + v.actual
                            : "generated case shrunk from: " + original.describe();
        if (exchange && *exchange < state->log->exchanges.size()) {
          check.exchanges.push_back(state->log->exchanges[*exchange]);
        }
      }
      judged_ids.insert(v.check);
      state->checks.push_back(std::move(check));
    }
    auto self = shared_from_this();
    state->env.loop.post([self] { self->next_case(); });
  }

  void finish(std::string error) {
    auto self = shared_from_this();
    auto complete = [self, error] {
      for (const auto& e : self->spec->judges) {
        self->state->judged.insert(&e);
        if (self->judged_ids.count(e.check)) continue;
        reports::CheckResult check =
            make_check_result(e, self->state->env.registry, self->step->name);
        check.verdict = error.empty() ? reports::Verdict::skipped : reports::Verdict::error;
        check.message = error.empty() ? "no generated case judged it within --budget" : error;
        self->state->checks.push_back(std::move(check));
      }
      StepOutcome o;
      if (!error.empty() && error != "aborted")
        o.error = "generated " + self->spec->request + ": " + error;
      self->done(std::move(o));
    };
    if (request != Request::key || server.public_key == state->templates.public_keys.front())
      return complete();
    // A server that took a bad key gets the suite's key back, for the scenarios after this one.
    protocol::HttpRequest r;
    r.method = "PUT";
    r.target = std::string(protocol::kKeyPath);
    r.headers = {{"Authorization", "Token " + account().token},
                 {"Content-Type", "application/json"}};
    r.body = Json{{"public_key", state->templates.public_keys.front()}}.dump();
    quiet().send(std::move(r), [complete](Result<protocol::HttpResponse>) { complete(); });
  }
};

}  // namespace

void run_generated(const scenario::GeneratedStep& spec, const scenario::Step& step,
                   CaseState& state, StepDone done) {
  auto c = std::make_shared<Campaign>();
  c->state = &state;
  c->step = &step;
  c->spec = &spec;
  c->done = std::move(done);
  c->request = *generated::parse_request(spec.request);
  c->cases = generated::plan(c->request, state.env.seed, state.env.budget);
  c->start();
}

}  // namespace syncsuite::runner
