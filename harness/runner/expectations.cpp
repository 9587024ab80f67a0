#include "harness/runner/expectations.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

#include "harness/scenario/json_path.hpp"
#include "harness/scenario/time_spec.hpp"
#include "reference/client/local_store.hpp"

namespace syncsuite::runner {
namespace {

using scenario::Expectation;
using scenario::Json;
using scenario::RecordSpec;

constexpr std::size_t kShown = 300;  // characters of a value shown in expected/actual

std::string shorten(std::string text) {
  if (text.size() > kShown) text = text.substr(0, kShown) + "…";
  return text;
}

std::string show(const Json& value) { return shorten(value.dump()); }

// The outcome of one assertion of an expectation.
struct Part {
  Judgement::Kind kind = Judgement::Kind::pass;
  std::string expected;
  std::string actual;
};

class Collector {
 public:
  void pass(std::string expected, std::string actual = "") {
    parts_.push_back({Judgement::Kind::pass, std::move(expected), std::move(actual)});
  }
  void fail(std::string expected, std::string actual) {
    parts_.push_back({Judgement::Kind::fail, std::move(expected), std::move(actual)});
  }
  void unjudgeable(std::string expected, std::string why) {
    parts_.push_back({Judgement::Kind::unjudgeable, std::move(expected), std::move(why)});
  }
  void check(bool ok, std::string expected, std::string actual) {
    ok ? pass(std::move(expected), std::move(actual)) : fail(std::move(expected), std::move(actual));
  }

  Judgement result() const {
    Judgement j;
    bool any_fail = false, any_unjudged = false;
    for (const auto& p : parts_) {
      any_fail = any_fail || p.kind == Judgement::Kind::fail;
      any_unjudged = any_unjudged || p.kind == Judgement::Kind::unjudgeable;
    }
    j.kind = any_fail ? Judgement::Kind::fail
                      : any_unjudged ? Judgement::Kind::unjudgeable : Judgement::Kind::pass;
    for (const auto& p : parts_) {
      // On a failure only the assertions that did not hold are shown, expected next to actual.
      const bool shown = j.kind == Judgement::Kind::pass || p.kind != Judgement::Kind::pass;
      if (!shown) continue;
      if (!j.expected.empty()) j.expected += "\n";
      j.expected += p.expected;
      if (!p.actual.empty()) {
        if (!j.actual.empty()) j.actual += "\n";
        j.actual += p.actual;
      }
      if (j.message.empty() && p.kind == j.kind && p.kind != Judgement::Kind::pass) {
        j.message = p.expected + ", but " + p.actual;
      }
    }
    return j;
  }

 private:
  std::vector<Part> parts_;
};

std::string type_of(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "boolean";
  if (v.is_number_integer()) return "integer";
  if (v.is_number()) return "number";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

bool has_type(const Json& v, const std::string& type) {
  if (type == "number") return v.is_number();
  if (type == "integer") return v.is_number_integer();
  return type_of(v) == type;
}

// True when every field of `pattern` (an object) equals the same field of `value`.
bool includes_fields(const Json& value, const Json& pattern) {
  if (!value.is_object()) return false;
  for (const auto& [key, expected] : pattern.items()) {
    const auto it = value.find(key);
    if (it == value.end() || *it != expected) return false;
  }
  return true;
}

std::optional<Json> expand(const Json& value, JudgeContext& ctx, Collector& out,
                           const std::string& what) {
  auto e = scenario::expand_value(value, ctx.templates, ctx.locals);
  if (!e) {
    out.unjudgeable(what, "template: " + e.error().message);
    return std::nullopt;
  }
  return *e;
}

// ---- response assertions ---------------------------------------------------------------------

// The response, or why there is none to judge.
const reports::Exchange* response_or_reason(const Observation& obs, Collector& out,
                                            const std::string& expected) {
  if (!obs.response) {
    out.unjudgeable(expected, "the step received no HTTP response to judge");
    return nullptr;
  }
  if (obs.response->status == 0) {
    const std::string& err = obs.response->transport_error;
    // A dropped connection is an answer of the server (contract 1: never a dropped connection);
    // a timeout or a refused connection leaves nothing to judge.
    if (err.rfind("io:", 0) == 0) {
      out.fail(expected, "no response: " + err);
    } else {
      out.unjudgeable(expected, "no response: " + err);
    }
    return nullptr;
  }
  return obs.response;
}

std::optional<std::string> header_value(const reports::Exchange& e, std::string_view name) {
  for (const auto& [n, v] : e.response_headers) {
    if (n.size() == name.size() &&
        std::equal(n.begin(), n.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        })) {
      return v;
    }
  }
  return std::nullopt;
}

void judge_status(const Expectation& e, const Observation& obs, Collector& out) {
  const std::string expected = "status " + describe_status(e.status);
  const auto* r = response_or_reason(obs, out, expected);
  if (!r) return;
  out.check(status_matches(e.status, r->status), expected, "status " + std::to_string(r->status));
}

void judge_error_body(const Observation& obs, Collector& out) {
  const std::string expected = "an error body: Content-Type application/json, a JSON object with a string \"detail\"";
  const auto* r = response_or_reason(obs, out, expected);
  if (!r) return;
  const auto type = header_value(*r, "Content-Type");
  if (!type || media_type(*type) != "application/json") {
    out.fail(expected, "Content-Type " + (type ? *type : std::string("missing")));
    return;
  }
  const auto body = Json::parse(r->response_body, nullptr, false);
  if (!body.is_object()) {
    out.fail(expected, "body is not a JSON object: " + shorten(r->response_body));
  } else if (!body.contains("detail") || !body["detail"].is_string()) {
    out.fail(expected, "no string \"detail\" in " + shorten(r->response_body));
  } else {
    out.pass(expected, "detail: " + show(body["detail"]));
  }
}

void judge_content_type(const Expectation& e, const Observation& obs, Collector& out) {
  const std::string expected = "Content-Type " + *e.content_type;
  const auto* r = response_or_reason(obs, out, expected);
  if (!r) return;
  const auto type = header_value(*r, "Content-Type");
  out.check(type && media_type(*type) == media_type(*e.content_type), expected,
            "Content-Type " + (type ? *type : std::string("missing")));
}

void judge_matcher(const scenario::JsonAssertion& a, const Json& body, JudgeContext& ctx,
                   Collector& out) {
  const std::string where = a.path.empty() ? std::string("the body") : a.path;
  const Json* value = scenario::find_json(body, a.path);
  const auto& m = a.matcher;
  const std::string actual = value ? where + " is " + show(*value) : where + " does not exist";
  if (m.exists) {
    out.check(*m.exists == (value != nullptr),
              where + (*m.exists ? " exists" : " does not exist"), actual);
  }
  const bool needs_value = m.equals || m.not_equals || m.type || m.matches || m.one_of ||
                           m.length || m.contains || m.not_contains;
  if (!needs_value) return;
  if (!value) {
    out.fail(where + " has a value", actual);
    return;
  }
  if (m.equals) {
    if (auto want = expand(*m.equals, ctx, out, where + " equals " + show(*m.equals))) {
      out.check(*value == *want, where + " equals " + show(*want), actual);
    }
  }
  if (m.not_equals) {
    if (auto want = expand(*m.not_equals, ctx, out, where + " differs from " + show(*m.not_equals))) {
      out.check(*value != *want, where + " differs from " + show(*want), actual);
    }
  }
  if (m.type) {
    out.check(has_type(*value, *m.type), where + " is of type " + *m.type,
              where + " is of type " + type_of(*value));
  }
  if (m.matches) {
    const std::string expected = where + " matches /" + *m.matches + "/";
    if (!value->is_string()) {
      out.fail(expected, actual + " (not a string)");
    } else {
      out.check(std::regex_match(value->get<std::string>(), std::regex(*m.matches)), expected, actual);
    }
  }
  if (m.one_of) {
    if (auto want = expand(Json(*m.one_of), ctx, out, where + " is one of " + show(Json(*m.one_of)))) {
      const bool found = std::find(want->begin(), want->end(), *value) != want->end();
      out.check(found, where + " is one of " + show(*want), actual);
    }
  }
  if (m.length) {
    const std::string expected = where + " has length " + std::to_string(*m.length);
    if (value->is_string()) {
      out.check(static_cast<std::int64_t>(value->get_ref<const std::string&>().size()) == *m.length,
                expected, where + " has length " + std::to_string(value->get_ref<const std::string&>().size()));
    } else if (value->is_array() || value->is_object()) {
      out.check(static_cast<std::int64_t>(value->size()) == *m.length, expected,
                where + " has length " + std::to_string(value->size()));
    } else {
      out.fail(expected, actual + " (no length)");
    }
  }
  for (const auto* pattern : {&m.contains, &m.not_contains}) {
    if (!*pattern) continue;
    const bool positive = pattern == &m.contains;
    const std::string verb = positive ? " contains an element with " : " contains no element with ";
    auto want = expand(**pattern, ctx, out, where + verb + show(**pattern));
    if (!want) continue;
    if (value->is_object()) {  // an object: its own fields include the given ones
      const std::string fields = positive ? " has the fields " : " lacks one of the fields ";
      out.check(includes_fields(*value, *want) == positive, where + fields + show(*want), actual);
      continue;
    }
    if (!value->is_array()) {
      out.fail(where + verb + show(*want), actual + " (not an array or object)");
      continue;
    }
    const bool found = std::any_of(value->begin(), value->end(),
                                   [&](const Json& item) { return includes_fields(item, *want); });
    out.check(found == positive, where + verb + show(*want),
              where + " has " + std::to_string(value->size()) + " elements" +
                  (positive ? ", none matching" : ", one matching"));
  }
}

void judge_json(const Expectation& e, const Observation& obs, JudgeContext& ctx, Collector& out) {
  const auto* r = response_or_reason(obs, out, "a JSON body");
  if (!r) return;
  const auto body = Json::parse(r->response_body, nullptr, false);
  if (body.is_discarded()) {
    out.fail("a JSON body", "body is not JSON: " + shorten(r->response_body));
    return;
  }
  for (const auto& a : e.json) judge_matcher(a, body, ctx, out);
}

// The device's answer to the step's request: a client under test answers in its own words, so
// only the fields asserted are compared.
void judge_reply(const Expectation& e, const Observation& obs, JudgeContext& ctx, Collector& out) {
  if (!obs.reply) {
    out.unjudgeable("the device's answer", "the step got no answer from a device");
    return;
  }
  for (const auto& a : e.reply) judge_matcher(a, *obs.reply, ctx, out);
}

int account_of(const scenario::DecryptsTo& d, const JudgeContext& ctx) {
  if (d.account) return *d.account;
  const auto it = ctx.templates.device_accounts.find(d.device);
  return it == ctx.templates.device_accounts.end() ? -1 : it->second;
}

void judge_decrypts(const Expectation& e, const Observation& obs, JudgeContext& ctx, Collector& out) {
  const auto& d = *e.decrypts_to;
  const std::string where = d.path.empty() ? std::string("the body") : d.path;
  const std::string key = d.account ? "account " + std::to_string(*d.account) + "'s" : d.device + "'s";
  auto want = expand(d.data, ctx, out, where + " opens with " + key + " key");
  if (!want) return;
  const std::string expected = where + " opens with " + key + " key to " + show(*want);
  const auto* r = response_or_reason(obs, out, expected);
  if (!r) return;
  const auto body = Json::parse(r->response_body, nullptr, false);
  const Json* env = body.is_discarded() ? nullptr : scenario::find_json(body, d.path);
  if (!env) {
    out.fail(expected, where + " does not exist");
    return;
  }
  const int account = account_of(d, ctx);
  if (account < 0 || static_cast<std::size_t>(account) >= ctx.accounts.size()) {
    out.unjudgeable(expected, "no such account");
    return;
  }
  if (!env->is_object() || !(*env)["nonce"].is_string() || !(*env)["ciphertext"].is_string()) {
    out.fail(expected, where + " is not an envelope with nonce and ciphertext: " + show(*env));
    return;
  }
  auto opened = ctx.accounts[static_cast<std::size_t>(account)].box->open(
      (*env)["nonce"].get<std::string>(), (*env)["ciphertext"].get<std::string>());
  if (!opened) {
    out.fail(expected, where + " does not open: " + opened.error().message);
    return;
  }
  const auto plain = Json::parse(*opened, nullptr, false);
  if (plain.is_discarded()) {
    out.fail(expected, where + " opens to text that is not JSON");
    return;
  }
  const Json data = scenario::without_canary(plain);
  out.check(data == *want, expected, where + " opens to " + show(data));
}

// ---- state assertions ------------------------------------------------------------------------

// The run id and written updated_at of a record spec, expanded.
struct ExpandedSpec {
  std::string table, id;
  std::optional<std::string> updated_at;
  std::optional<Json> data;
  std::optional<Json> same_as;  // the remembered envelope
};

std::optional<ExpandedSpec> expand_spec(const RecordSpec& spec, JudgeContext& ctx, Collector& out) {
  ExpandedSpec x;
  x.table = spec.table;
  auto id = scenario::expand_text(spec.id, ctx.templates, ctx.locals);
  if (!id) {
    out.unjudgeable("record " + spec.table + "/" + spec.id, "template: " + id.error().message);
    return std::nullopt;
  }
  x.id = scenario::run_id(ctx.templates, *id);
  if (spec.updated_at) {
    auto text = scenario::expand_text(*spec.updated_at, ctx.templates, ctx.locals);
    const auto t = text ? scenario::resolve_time(*text, ctx.templates.base_time) : std::nullopt;
    if (!t) {
      out.unjudgeable("record " + x.table + "/" + x.id, "updated_at '" + *spec.updated_at + "' is not a time");
      return std::nullopt;
    }
    x.updated_at = timestamp::format(*t);
  }
  if (spec.data) {
    auto d = expand(*spec.data, ctx, out, "record " + x.table + "/" + x.id);
    if (!d) return std::nullopt;
    x.data = *d;
  }
  if (spec.same_as) {
    const auto it = ctx.templates.envelopes.find(*spec.same_as);
    if (it == ctx.templates.envelopes.end()) {
      out.unjudgeable("record " + x.table + "/" + x.id,
                      "no envelope saved as '" + *spec.same_as + "'");
      return std::nullopt;
    }
    x.same_as = it->second;
  }
  return x;
}

// The fields of `envelope` that differ from `saved` (the stored ones of contract 2), "" if none.
std::string differing_fields(const Json& saved, const Json& envelope) {
  std::string out;
  for (const char* field : {"table", "id", "updated_at", "deleted", "nonce", "ciphertext"}) {
    const auto a = saved.find(field);
    const auto b = envelope.find(field);
    const bool same = a != saved.end() && b != envelope.end()
                          ? *a == *b
                          : a == saved.end() && b == envelope.end();
    if (same) continue;
    std::string what = field;
    if (b != envelope.end() && b->is_string() && a != saved.end() && a->is_string()) {
      what += " (" + std::to_string(b->get_ref<const std::string&>().size()) + " characters, " +
              std::to_string(a->get_ref<const std::string&>().size()) + " sent)";
    }
    out += (out.empty() ? "" : ", ") + what;
  }
  return out;
}

// What a record is, in the words of a spec, for expected/actual texts.
struct Facts {
  std::optional<Json> data;
  bool deleted = false;
  std::string updated_at;
  std::optional<std::string> sync_status;
  std::optional<std::int64_t> version;
  std::optional<Json> envelope;  // server records: as returned
};

void compare_record(const std::string& holder, const RecordSpec& spec, const ExpandedSpec& x,
                    const Facts* facts, Collector& out) {
  std::string expected = holder + " holds " + x.table + "/" + x.id;
  std::vector<std::string> want, got;
  bool ok = facts != nullptr;
  const auto add = [&](bool match, std::string w, std::string g) {
    want.push_back(std::move(w));
    got.push_back(std::move(g));
    ok = ok && match;
  };
  if (facts) {
    if (x.data) {
      add(facts->data && scenario::without_canary(*facts->data) == *x.data, "data " + show(*x.data),
          facts->data ? "data " + show(scenario::without_canary(*facts->data)) : "data that did not open");
    }
    if (spec.deleted) {
      add(facts->deleted == *spec.deleted, std::string("deleted ") + (*spec.deleted ? "true" : "false"),
          std::string("deleted ") + (facts->deleted ? "true" : "false"));
    }
    if (x.updated_at) add(facts->updated_at == *x.updated_at, "updated_at " + *x.updated_at, "updated_at " + facts->updated_at);
    if (spec.sync_status) {
      add(facts->sync_status == spec.sync_status, "sync_status " + *spec.sync_status,
          "sync_status " + facts->sync_status.value_or("?"));
    }
    if (spec.version) {
      add(facts->version == spec.version, "version " + std::to_string(*spec.version),
          facts->version ? "version " + std::to_string(*facts->version) : "no version");
    }
    if (x.same_as) {
      const std::string differs = facts->envelope ? differing_fields(*x.same_as, *facts->envelope)
                                                  : std::string("everything");
      add(differs.empty(), "the bytes of envelope " + *spec.same_as,
          differs.empty() ? "the same bytes" : "other " + differs);
    }
  }
  const auto join = [](const std::vector<std::string>& items) {
    std::string s;
    for (const auto& i : items) s += (s.empty() ? "" : ", ") + i;
    return s;
  };
  if (!want.empty()) expected += " with " + join(want);
  if (!facts) {
    out.fail(expected, holder + " does not hold " + x.table + "/" + x.id);
    return;
  }
  out.check(ok, expected, holder + " holds it with " + (got.empty() ? std::string("-") : join(got)));
}

Facts facts_of(const client::LocalRecord& r) {
  return Facts{r.data,    r.deleted,   r.updated_at, std::string(client::to_string(r.sync_status)),
               r.version, std::nullopt};
}

Facts facts_of(const ServerRecord& r) {
  return Facts{r.data,       r.envelope.deleted, r.envelope.updated_at,
               std::nullopt, r.envelope.version, protocol::to_json(r.envelope)};
}

void judge_device(const Expectation& e, const Observation& obs, JudgeContext& ctx, Collector& out) {
  const auto& a = *e.device;
  const auto it = obs.devices.find(a.device);
  if (it == obs.devices.end() || !it->second.error.empty()) {
    out.unjudgeable("the records of " + a.device,
                    it == obs.devices.end() ? "not observed" : it->second.error);
    return;
  }
  const auto& records = it->second.records;
  const auto find = [&](const std::string& table, const std::string& id) -> const client::LocalRecord* {
    for (const auto& r : records) {
      if (r.table == table && r.id == id) return &r;
    }
    return nullptr;
  };
  for (const auto& spec : a.records) {
    auto x = expand_spec(spec, ctx, out);
    if (!x) continue;
    const auto* r = find(x->table, x->id);
    const Facts f = r ? facts_of(*r) : Facts{};
    compare_record(a.device, spec, *x, r ? &f : nullptr, out);
  }
  for (const auto& spec : a.absent) {
    auto x = expand_spec(spec, ctx, out);
    if (!x) continue;
    const auto* r = find(x->table, x->id);
    out.check(r == nullptr, a.device + " does not hold " + x->table + "/" + x->id,
              r ? a.device + " holds it" + std::string(r->deleted ? " (a tombstone)" : "") : "");
  }
  if (a.count) {
    out.check(static_cast<std::int64_t>(records.size()) == *a.count,
              a.device + " holds " + std::to_string(*a.count) + " records of this run",
              a.device + " holds " + std::to_string(records.size()));
  }
  if (a.conflicts) {
    const auto n = std::count_if(records.begin(), records.end(), [](const client::LocalRecord& r) {
      return r.sync_status == client::RecordStatus::conflict;
    });
    out.check(n == *a.conflicts,
              a.device + " holds " + std::to_string(*a.conflicts) + " records in conflict",
              a.device + " holds " + std::to_string(n) + " in conflict");
  }
}

const AccountView* account_view(const Observation& obs, int account, Collector& out,
                                const std::string& expected) {
  const auto it = obs.accounts.find(account);
  if (it == obs.accounts.end()) {
    out.unjudgeable(expected, "account " + std::to_string(account) + " was not observed");
    return nullptr;
  }
  if (!it->second.error.empty()) {
    out.unjudgeable(expected, it->second.error);
    return nullptr;
  }
  return &it->second;
}

std::string signed_text(std::int64_t n) { return (n >= 0 ? "+" : "") + std::to_string(n); }

void judge_server_delta(const Expectation& e, const Observation& obs, Collector& out) {
  const auto& d = *e.server_delta;
  const std::string who = " of account " + std::to_string(d.account) + " since scenario start";
  for (const auto& [name, want, pick] :
       {std::tuple{"record_count", d.record_count, &StatusCounts::record_count},
        std::tuple{"conflict_count", d.conflict_count, &StatusCounts::conflict_count}}) {
    if (!want) continue;
    const std::string expected = std::string(name) + who + " " + signed_text(*want);
    const auto* view = account_view(obs, d.account, out, expected);
    if (!view) continue;
    if (!view->start || !view->now) {
      out.unjudgeable(expected, "status not observed");
      continue;
    }
    const std::int64_t before = (*view->start).*pick;
    const std::int64_t now = (*view->now).*pick;
    out.check(now - before == *want, expected,
              std::string(name) + " " + signed_text(now - before) + " (" + std::to_string(before) +
                  " -> " + std::to_string(now) + ")");
  }
}

void judge_server_records(const Expectation& e, const Observation& obs, JudgeContext& ctx,
                          Collector& out) {
  const auto& s = *e.server_records;
  const std::string holder = "the server (account " + std::to_string(s.account) + ")";
  const auto* view = account_view(obs, s.account, out, "records on " + holder);
  if (!view) return;
  if (!view->records) {
    out.unjudgeable("records on " + holder, "not observed");
    return;
  }
  const auto& records = *view->records;
  for (const auto& spec : s.records) {
    auto x = expand_spec(spec, ctx, out);
    if (!x) continue;
    const auto it = records.find({x->table, x->id});
    const Facts f = it != records.end() ? facts_of(it->second) : Facts{};
    compare_record(holder, spec, *x, it != records.end() ? &f : nullptr, out);
  }
  for (const auto& spec : s.absent) {
    auto x = expand_spec(spec, ctx, out);
    if (!x) continue;
    const auto it = records.find({x->table, x->id});
    out.check(it == records.end(), holder + " returns no " + x->table + "/" + x->id,
              it == records.end() ? "" : holder + " returns it at version " +
                                             std::to_string(it->second.envelope.version.value_or(0)));
  }
  if (s.count) {
    out.check(static_cast<std::int64_t>(records.size()) == *s.count,
              holder + " returns " + std::to_string(*s.count) + " records of this run since scenario start",
              holder + " returns " + std::to_string(records.size()));
  }
}

void judge_nothing_stored(const Observation& obs, Collector& out) {
  const std::string expected = "nothing stored: no record of this run new or changed, record_count unchanged";
  if (obs.accounts.empty()) {
    out.unjudgeable(expected, "no account observed");
    return;
  }
  std::vector<std::string> changes;
  for (const auto& [account, view] : obs.accounts) {
    if (!view.error.empty()) {
      out.unjudgeable(expected, view.error);
      return;
    }
    if (!view.before || !view.now || !view.records || !view.records_before) {
      out.unjudgeable(expected, "account " + std::to_string(account) + " not observed before and after");
      return;
    }
    const std::string who = obs.accounts.size() > 1 ? "account " + std::to_string(account) + ": " : "";
    for (const auto& [key, rec] : *view.records) {
      const auto it = view.records_before->find(key);
      const std::string name = key.first + "/" + key.second;
      if (it == view.records_before->end()) {
        changes.push_back(who + "new " + name + " v" + std::to_string(rec.envelope.version.value_or(0)));
      } else if (it->second.envelope.version != rec.envelope.version ||
                 !it->second.envelope.same_content(rec.envelope)) {
        changes.push_back(who + name + " changed v" +
                          std::to_string(it->second.envelope.version.value_or(0)) + " -> v" +
                          std::to_string(rec.envelope.version.value_or(0)));
      }
    }
    if (view.before->record_count != view.now->record_count) {
      changes.push_back(who + "record_count " + std::to_string(view.before->record_count) + " -> " +
                        std::to_string(view.now->record_count));
    }
  }
  std::string actual;
  for (const auto& c : changes) actual += (actual.empty() ? "" : "; ") + c;
  out.check(changes.empty(), expected, changes.empty() ? "nothing changed" : actual);
}

void judge_converged(const Expectation& e, const Observation& obs, Collector& out) {
  std::string names;
  for (const auto& n : e.converged) names += (names.empty() ? "" : ", ") + n;
  const std::string expected = names + " hold the same records of this run, all synced";
  struct Key {
    std::string updated_at;
    bool deleted;
    Json data;
    bool operator==(const Key&) const = default;
  };
  std::map<RecordKey, Key> first;
  std::vector<std::string> problems;
  for (std::size_t i = 0; i < e.converged.size(); ++i) {
    const auto& name = e.converged[i];
    const auto it = obs.devices.find(name);
    if (it == obs.devices.end() || !it->second.error.empty()) {
      out.unjudgeable(expected, name + ": " + (it == obs.devices.end() ? "not observed" : it->second.error));
      return;
    }
    std::map<RecordKey, Key> mine;
    for (const auto& r : it->second.records) {
      mine[{r.table, r.id}] = Key{r.updated_at, r.deleted, scenario::without_canary(r.data)};
      if (r.sync_status != client::RecordStatus::synced) {
        problems.push_back(name + " holds " + r.table + "/" + r.id + " as " +
                           std::string(client::to_string(r.sync_status)));
      }
    }
    if (i == 0) {
      first = std::move(mine);
      continue;
    }
    const auto& ref = e.converged[0];
    for (const auto& [key, value] : first) {
      const auto m = mine.find(key);
      if (m == mine.end()) {
        problems.push_back(name + " lacks " + key.first + "/" + key.second + " (" + ref + " has it)");
      } else if (!(m->second == value)) {
        problems.push_back(name + " holds " + key.first + "/" + key.second + " at " + m->second.updated_at +
                           (m->second.deleted ? " deleted" : "") + ", " + ref + " at " + value.updated_at +
                           (value.deleted ? " deleted" : ""));
      }
    }
    for (const auto& [key, value] : mine) {
      if (!first.count(key)) {
        problems.push_back(name + " holds " + key.first + "/" + key.second + " that " + ref + " lacks");
      }
    }
  }
  std::string actual;
  const std::size_t shown = std::min<std::size_t>(problems.size(), 10);
  for (std::size_t i = 0; i < shown; ++i) actual += (actual.empty() ? "" : "; ") + problems[i];
  if (problems.size() > shown) actual += "; and " + std::to_string(problems.size() - shown) + " more";
  out.check(problems.empty(), expected,
            problems.empty() ? "each holds " + std::to_string(first.size()) + " records" : actual);
}

// Whose record a pulled one is when it is not the reader's: it does not open with the reader's key
// and opens with a writer's (keys derive from the tokens, so this holds for earlier runs too).
std::optional<int> foreign_writer(const protocol::Envelope& e, int reader,
                                  const std::vector<int>& writers,
                                  const std::vector<Account>& accounts) {
  if (accounts[static_cast<std::size_t>(reader)].box->open(e.nonce, e.ciphertext)) {
    return std::nullopt;
  }
  for (int w : writers) {
    if (w != reader && accounts[static_cast<std::size_t>(w)].box->open(e.nonce, e.ciphertext)) {
      return w;
    }
  }
  return std::nullopt;
}

void judge_isolated(const Expectation& e, const Observation& obs, JudgeContext& ctx,
                    Collector& out) {
  const auto& iso = *e.isolated;
  std::vector<int> writers = iso.from;
  if (writers.empty()) {
    for (std::size_t a = 0; a < ctx.accounts.size(); ++a) {
      if (static_cast<int>(a) != iso.account) writers.push_back(static_cast<int>(a));
    }
  }
  std::string names;
  for (int w : writers) names += (names.empty() ? "" : ", ") + std::to_string(w);
  const std::string expected = "account " + std::to_string(iso.account) +
                               "'s pulls from the beginning and from the "
                               "scenario's start cursor (pages of " +
                               std::to_string(iso.limit) + ", at most " +
                               std::to_string(iso.max_pages) +
                               " pages each) hold no record of account " + names;
  const auto it = obs.walks.find(WalkKey{iso.account, iso.limit, iso.max_pages});
  if (it == obs.walks.end() || !it->second.error.empty()) {
    out.unjudgeable(expected,
                    it == obs.walks.end() ? "the pulls were not observed" : it->second.error);
    return;
  }
  const auto in_range = [&](int a) {
    return a >= 0 && static_cast<std::size_t>(a) < ctx.accounts.size();
  };
  if (!in_range(iso.account) || writers.empty() ||
      !std::all_of(writers.begin(), writers.end(), in_range)) {
    out.unjudgeable(expected, "no such account in the accounts file");
    return;
  }
  const std::string prefix = ctx.templates.run_prefix + "-";
  std::vector<std::string> leaks, walked;
  std::int64_t own = 0;
  for (const auto& walk : it->second.walks) {
    const std::string from = walk.since.empty() ? "from the beginning" : "from the start cursor";
    for (std::size_t p = 0; p < walk.pages.size(); ++p) {
      for (const auto& record : walk.pages[p]) {
        if (const auto w = foreign_writer(record, iso.account, writers, ctx.accounts)) {
          leaks.push_back("page " + std::to_string(p + 1) + " " + from + " holds " + record.table +
                          "/" + record.id + " v" + std::to_string(record.version.value_or(0)) +
                          ", which opens with account " + std::to_string(*w) + "'s key");
        } else if (record.id.rfind(prefix, 0) == 0) {
          ++own;
        }
      }
    }
    walked.push_back(std::to_string(walk.pages.size()) + " pages " + from +
                     (walk.capped ? " (capped: pages left unread)" : ""));
  }
  std::string actual;
  const std::size_t shown = std::min<std::size_t>(leaks.size(), 5);
  for (std::size_t i = 0; i < shown; ++i) actual += (actual.empty() ? "" : "; ") + leaks[i];
  if (leaks.size() > shown) actual += "; and " + std::to_string(leaks.size() - shown) + " more";
  if (leaks.empty()) {
    for (const auto& w : walked) actual += (actual.empty() ? "" : ", ") + w;
    actual += "; none of them another account's (" + std::to_string(own) +
              " of this scenario's own records seen)";
  }
  out.check(leaks.empty(), expected, actual);
}

}  // namespace

bool status_matches(const std::vector<scenario::StatusAlternative>& alternatives, int status) {
  for (const auto& a : alternatives) {
    if (a.code != 0 && a.code == status) return true;
    if (a.code == 0 && status / 100 == a.code_class) return true;
  }
  return false;
}

std::string describe_status(const std::vector<scenario::StatusAlternative>& alternatives) {
  std::string out;
  for (const auto& a : alternatives) {
    if (!out.empty()) out += " or ";
    out += a.code != 0 ? std::to_string(a.code) : std::to_string(a.code_class) + "xx";
  }
  return out;
}

std::string media_type(std::string_view content_type) {
  const auto semi = content_type.find(';');
  std::string_view type = content_type.substr(0, semi);
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back()))) type.remove_suffix(1);
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.front()))) type.remove_prefix(1);
  std::string out(type);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

reports::Verdict grade(Judgement::Kind kind, scenario::Level level) {
  switch (kind) {
    case Judgement::Kind::pass: return reports::Verdict::pass;
    case Judgement::Kind::fail:
      return level == scenario::Level::should ? reports::Verdict::warn : reports::Verdict::fail;
    case Judgement::Kind::unjudgeable: return reports::Verdict::error;
  }
  return reports::Verdict::error;
}

Judgement judge(const Expectation& e, const Observation& obs, JudgeContext& ctx) {
  Collector out;
  if (!e.status.empty()) judge_status(e, obs, out);
  if (e.error_body) judge_error_body(obs, out);
  if (e.content_type) judge_content_type(e, obs, out);
  if (!e.json.empty()) judge_json(e, obs, ctx, out);
  if (e.decrypts_to) judge_decrypts(e, obs, ctx, out);
  if (e.needs_reply()) judge_reply(e, obs, ctx, out);
  if (e.ok) {
    const std::string expected = *e.ok ? "the operation completes" : "the operation fails";
    if (!obs.op_ok) {
      out.unjudgeable(expected, "the step ran no device operation");
    } else {
      out.check(*obs.op_ok == *e.ok, expected,
                *obs.op_ok ? "it completed" : "it failed: " + obs.op_error);
    }
  }
  if (e.device) judge_device(e, obs, ctx, out);
  if (e.server_delta) judge_server_delta(e, obs, out);
  if (e.server_records) judge_server_records(e, obs, ctx, out);
  if (e.nothing_stored) judge_nothing_stored(obs, out);
  if (!e.converged.empty()) judge_converged(e, obs, out);
  if (e.isolated) judge_isolated(e, obs, ctx, out);
  return out.result();
}

ProbeNeeds probe_needs(const std::vector<Expectation>& expectations,
                       const std::vector<int>& scenario_accounts) {
  ProbeNeeds needs;
  std::set<int> status, records;
  std::set<WalkKey> walks;
  for (const auto& e : expectations) {
    if (e.isolated) walks.insert({e.isolated->account, e.isolated->limit, e.isolated->max_pages});
    if (e.server_delta) status.insert(e.server_delta->account);
    if (e.server_records) records.insert(e.server_records->account);
    if (e.nothing_stored) {
      needs.snapshot_before = true;
      for (int a : scenario_accounts) {
        status.insert(a);
        records.insert(a);
      }
    }
  }
  needs.status_accounts.assign(status.begin(), status.end());
  needs.record_accounts.assign(records.begin(), records.end());
  needs.walks.assign(walks.begin(), walks.end());
  return needs;
}

}  // namespace syncsuite::runner
