#include "harness/scenario/loader.hpp"

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "harness/generated/judge.hpp"
#include "harness/scenario/given_states.hpp"
#include "harness/scenario/json_path.hpp"
#include "harness/scenario/templating.hpp"
#include "harness/scenario/time_spec.hpp"
#include "harness/scenario/yaml_reader.hpp"
#include "mockserver/fault_plan.hpp"
#include "reference/protocol/envelope.hpp"

namespace syncsuite::scenario {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxAccount = 99;
const std::set<std::string> kReservedDeviceNames = {"none", "bogus"};
const std::set<std::string> kMatcherKeys = {"equals", "not_equals", "exists", "type", "matches",
                                            "one_of", "length", "contains", "not_contains"};
const std::set<std::string> kJsonTypes = {"string", "number", "integer", "boolean",
                                          "object", "array", "null"};

bool matches(const std::string& text, const char* pattern) {
  return std::regex_match(text, std::regex(pattern));
}

bool has_template(const std::string& text) { return text.find("${") != std::string::npos; }

// State of one document being parsed.
struct Doc {
  YamlReader& r;
  const CheckRegistry& registry;
  std::set<std::string> devices;
  int accounts_needed = 1;

  void need_account(int account) { accounts_needed = std::max(accounts_needed, account + 1); }
};

// ---- values ----------------------------------------------------------------------------------

// Checks every template in a string (and device names they mention).
void check_templates(Doc& d, const YAML::Node& at, const std::string& field,
                     const std::string& text) {
  auto refs = parse_templates(text);
  if (!refs) {
    d.r.error(at, field, refs.error().message);
    return;
  }
  for (const auto& ref : *refs) {
    if ((ref.name == "device_id" || ref.name == "public_key") &&
        !std::all_of(ref.arg.begin(), ref.arg.end(), ::isdigit) && !d.devices.count(ref.arg)) {
      d.r.error(at, field, "${" + ref.name + ":" + ref.arg + "}: no device '" + ref.arg + "'");
    }
  }
}

void check_device(Doc& d, const YAML::Node& at, const std::string& field,
                  const std::string& name) {
  if (!d.devices.count(name)) {
    std::string list;
    for (const auto& n : d.devices) list += (list.empty() ? "" : ", ") + n;
    d.r.error(at, field,
              "no device '" + name + "' in this scenario" +
                  (list.empty() ? std::string(" (it declares none)") : " (devices: " + list + ")"));
  }
}

// A YAML value that becomes JSON when the step runs: checks templates, $envelope and $repeat.
void check_json_value(Doc& d, const YAML::Node& node, const std::string& field) {
  if (is_scalar(node)) {
    check_templates(d, node, field, node.Scalar());
    return;
  }
  if (is_sequence(node)) {
    for (std::size_t i = 0; i < node.size(); ++i) check_json_value(d, node[i], index_field(field, i));
    return;
  }
  if (!is_map(node)) return;
  for (const char* special : {"$envelope", "$repeat"}) {
    if (!node[special].IsDefined()) continue;
    const std::string f = join_field(field, special);
    if (node.size() != 1) {
      d.r.error(node, f, std::string(special) + " must be the only key of its mapping");
      return;
    }
    const auto spec = d.r.to_json(node[special], f);
    if (!spec) return;
    const Status valid = std::string(special) == "$envelope" ? validate_envelope_spec(*spec)
                                                             : validate_repeat_spec(*spec);
    if (!valid) {
      d.r.error(node[special], f, valid.error().message);
      return;
    }
    if (std::string(special) == "$envelope") {
      if (spec->contains("device")) check_device(d, node[special]["device"], join_field(f, "device"), (*spec)["device"]);
      if (spec->contains("account")) {
        const int account = (*spec)["account"].get<int>();
        if (account < 0 || account > kMaxAccount) {
          d.r.error(node[special]["account"], join_field(f, "account"), "must be 0..99");
        }
        d.need_account(account);
      }
    }
    for (auto it = node[special].begin(); it != node[special].end(); ++it) {
      check_json_value(d, it->second, join_field(f, it->first.Scalar()));
    }
    return;
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = is_scalar(it->first) ? it->first.Scalar() : "?";
    if (key.rfind('$', 0) == 0) {
      d.r.error(it->first, join_field(field, key),
                "unknown special key (known: $envelope, $repeat)");
      continue;
    }
    check_json_value(d, it->second, join_field(field, key));
  }
}

std::optional<Json> json_value(Doc& d, const YAML::Node& node, const std::string& field) {
  const std::size_t before = d.r.error_count();
  check_json_value(d, node, field);
  auto value = d.r.to_json(node, field);
  if (d.r.error_count() != before) return std::nullopt;
  return value;
}

std::optional<std::string> templated_string(Doc& d, const YAML::Node& map, const char* key,
                                            const std::string& field, bool required) {
  auto s = d.r.string(map, key, field, required);
  if (s) check_templates(d, map[key], join_field(field, key), *s);
  return s;
}

std::optional<std::string> device_ref(Doc& d, const YAML::Node& map, const std::string& field) {
  auto name = d.r.string(map, "device", field, true);
  if (name) check_device(d, map["device"], join_field(field, "device"), *name);
  return name;
}

std::optional<std::string> time_spec(Doc& d, const YAML::Node& map, const char* key,
                                     const std::string& field, bool required) {
  auto s = templated_string(d, map, key, field, required);
  if (s && !has_template(*s) && !valid_time_spec(*s)) {
    d.r.error(map[key], join_field(field, key),
              "'" + *s + "' is not a time: use +5s / -1500ms / +1m30s or RFC 3339 UTC with ms");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> table_name(Doc& d, const YAML::Node& map, const std::string& field) {
  auto t = templated_string(d, map, "table", field, true);
  if (t && !has_template(*t) && !protocol::valid_table(*t)) {
    d.r.error(map["table"], join_field(field, "table"),
              "'" + *t + "' is not a table name ([a-z][a-z0-9_]{0,63})");
    return std::nullopt;
  }
  return t;
}

std::optional<std::string> record_id(Doc& d, const YAML::Node& map, const std::string& field) {
  auto id = templated_string(d, map, "id", field, true);
  if (id && !has_template(*id) && !matches(*id, "[A-Za-z0-9_-]{1,48}")) {
    d.r.error(map["id"], join_field(field, "id"),
              "'" + *id + "' is not a record id of at most 48 characters ([A-Za-z0-9_-])");
    return std::nullopt;
  }
  return id;
}

std::optional<int> account_index(Doc& d, const YAML::Node& map, const std::string& field) {
  auto a = d.r.integer(map, "account", field, false, 0, kMaxAccount);
  if (a) d.need_account(static_cast<int>(*a));
  return a ? std::optional<int>(static_cast<int>(*a)) : std::nullopt;
}

// ---- expectations ----------------------------------------------------------------------------

std::optional<StatusAlternative> status_alternative(Doc& d, const YAML::Node& node,
                                                    const std::string& field) {
  if (is_scalar(node)) {
    const std::string text = node.Scalar();
    if (matches(text, "[1-5]xx")) return StatusAlternative{0, text[0] - '0'};
    if (node.Tag() != "!" && matches(text, "[1-5][0-9][0-9]")) {
      return StatusAlternative{std::stoi(text), 0};
    }
  }
  d.r.error(node, field, "must be a status code (404), a class (\"4xx\") or a list of them");
  return std::nullopt;
}

std::optional<Matcher> matcher(Doc& d, const YAML::Node& node, const std::string& field) {
  Matcher m;
  const bool keyword_map = is_map(node) && !node["$envelope"].IsDefined();
  if (!keyword_map) {
    auto v = json_value(d, node, field);
    if (!v) return std::nullopt;
    m.equals = *v;
    return m;
  }
  const std::size_t before = d.r.error_count();
  d.r.map(node, field,
          {"equals", "not_equals", "exists", "type", "matches", "one_of", "length", "contains",
           "not_contains"});
  if (node.size() == 0) d.r.error(node, field, "an empty matcher checks nothing");
  const auto value = [&](const char* key) -> std::optional<Json> {
    if (!node[key].IsDefined()) return std::nullopt;
    return json_value(d, node[key], join_field(field, key));
  };
  m.equals = value("equals");
  m.not_equals = value("not_equals");
  m.contains = value("contains");
  m.not_contains = value("not_contains");
  m.exists = d.r.boolean(node, "exists", field, false);
  if (auto type = d.r.string(node, "type", field, false)) {
    if (!kJsonTypes.count(*type)) {
      d.r.error(node["type"], join_field(field, "type"),
                "'" + *type + "' is not one of string, number, integer, boolean, object, array, null");
    }
    m.type = type;
  }
  if (auto re = d.r.string(node, "matches", field, false)) {
    try {
      std::regex compiled(*re);
      m.matches = re;
    } catch (const std::regex_error& e) {
      d.r.error(node["matches"], join_field(field, "matches"), std::string("bad regex: ") + e.what());
    }
  }
  if (node["one_of"].IsDefined()) {
    const std::string f = join_field(field, "one_of");
    if (d.r.sequence(node["one_of"], f)) {
      std::vector<Json> options;
      for (std::size_t i = 0; i < node["one_of"].size(); ++i) {
        if (auto v = json_value(d, node["one_of"][i], index_field(f, i))) options.push_back(*v);
      }
      m.one_of = options;
    }
  }
  if (auto len = d.r.integer(node, "length", field, false, 0, 1 << 30)) m.length = *len;
  if ((m.contains && !m.contains->is_object()) || (m.not_contains && !m.not_contains->is_object())) {
    d.r.error(node, field, "contains / not_contains take a mapping of fields");
  }
  if (d.r.error_count() != before) return std::nullopt;
  return m;
}

std::optional<RecordSpec> record_spec(Doc& d, const YAML::Node& node, const std::string& field,
                                      bool absent, bool on_server) {
  const std::size_t before = d.r.error_count();
  if (absent) {
    if (!d.r.map(node, field, {"table", "id"})) return std::nullopt;
  } else if (on_server) {
    if (!d.r.map(node, field,
                 {"table", "id", "data", "deleted", "updated_at", "version", "same_as"})) {
      return std::nullopt;
    }
  } else if (!d.r.map(node, field,
                      {"table", "id", "data", "deleted", "updated_at", "sync_status", "version"})) {
    return std::nullopt;
  }
  RecordSpec spec;
  spec.mark = d.r.mark(node);
  auto table = table_name(d, node, field);
  auto id = record_id(d, node, field);
  if (node["data"].IsDefined()) spec.data = json_value(d, node["data"], join_field(field, "data"));
  spec.deleted = d.r.boolean(node, "deleted", field, false);
  spec.updated_at = time_spec(d, node, "updated_at", field, false);
  if (auto status = d.r.string(node, "sync_status", field, false)) {
    if (*status != "pending" && *status != "syncing" && *status != "synced" && *status != "conflict") {
      d.r.error(node["sync_status"], join_field(field, "sync_status"),
                "'" + *status + "' is not one of pending, syncing, synced, conflict");
    }
    spec.sync_status = status;
  }
  if (auto v = d.r.integer(node, "version", field, false, 1, INT64_MAX)) spec.version = *v;
  spec.same_as = d.r.string(node, "same_as", field, false);
  if (d.r.error_count() != before || !table || !id) return std::nullopt;
  spec.table = *table;
  spec.id = *id;
  return spec;
}

std::vector<RecordSpec> record_specs(Doc& d, const YAML::Node& map, const char* key,
                                     const std::string& field, bool absent, bool on_server) {
  std::vector<RecordSpec> out;
  const YAML::Node node = map[key];
  if (!node.IsDefined()) return out;
  const std::string f = join_field(field, key);
  if (!d.r.sequence(node, f)) return out;
  for (std::size_t i = 0; i < node.size(); ++i) {
    if (auto s = record_spec(d, node[i], index_field(f, i), absent, on_server)) out.push_back(*s);
  }
  return out;
}

// `isolated: {account, from?, limit?, max_pages?}`; the scenario needs two accounts at least.
std::optional<Isolated> isolated(Doc& d, const YAML::Node& node, const std::string& f) {
  if (!d.r.map(node, f, {"account", "from", "limit", "max_pages"})) return std::nullopt;
  const std::size_t before = d.r.error_count();
  Isolated s;
  if (auto a = d.r.integer(node, "account", f, true, 0, kMaxAccount)) {
    s.account = static_cast<int>(*a);
  }
  const YAML::Node from = node["from"];
  for (std::size_t i = 0; from.IsDefined() && i < (is_sequence(from) ? from.size() : 1); ++i) {
    const YAML::Node item = is_sequence(from) ? from[i] : from;
    const std::string itf =
        is_sequence(from) ? index_field(join_field(f, "from"), i) : join_field(f, "from");
    if (auto a = d.r.as_integer(item, itf, 0, kMaxAccount)) {
      if (*a == s.account) d.r.error(item, itf, "is the account whose pulls are walked");
      s.from.push_back(static_cast<int>(*a));
      d.need_account(static_cast<int>(*a));
    }
  }
  if (is_sequence(from) && from.size() == 0) {
    d.r.error(from, join_field(f, "from"), "an empty list names no writer");
  }
  s.limit = static_cast<int>(d.r.integer(node, "limit", f, false, 1, 1000).value_or(s.limit));
  s.max_pages =
      static_cast<int>(d.r.integer(node, "max_pages", f, false, 1, 1000).value_or(s.max_pages));
  d.need_account(std::max(s.account, 1));
  if (d.r.error_count() != before) return std::nullopt;
  return s;
}

// What a step can be judged on.
struct StepTraits {
  bool has_response = false;  // makes an HTTP request whose answer arrives
  bool device_op = false;     // `ok:` applies
  bool device_reply = false;  // `reply:` applies (a device answers the step's request)
};

std::optional<Expectation> expectation(Doc& d, const YAML::Node& node, const std::string& field,
                                       const StepTraits& traits) {
  if (!d.r.map(node, field,
               {"check", "status", "error_body", "content_type", "json", "decrypts_to", "ok",
                "reply", "device", "records", "absent", "count", "conflicts", "server_delta",
                "server_records", "nothing_stored", "converged", "isolated"})) {
    return std::nullopt;
  }
  const std::size_t before = d.r.error_count();
  Expectation e;
  e.mark = d.r.mark(node);
  if (auto check = d.r.string(node, "check", field, true)) {
    if (!d.registry.find(*check)) {
      d.r.error(node["check"], join_field(field, "check"),
                "unknown check id '" + *check + "' (declare it in scenarios/checks.yaml)");
    }
    e.check = *check;
  }
  if (node["status"].IsDefined()) {
    const std::string f = join_field(field, "status");
    const YAML::Node s = node["status"];
    if (is_sequence(s)) {
      if (s.size() == 0) d.r.error(s, f, "an empty list accepts nothing");
      for (std::size_t i = 0; i < s.size(); ++i) {
        if (auto a = status_alternative(d, s[i], index_field(f, i))) e.status.push_back(*a);
      }
    } else if (auto a = status_alternative(d, s, f)) {
      e.status.push_back(*a);
    }
  }
  if (auto b = d.r.boolean(node, "error_body", field, false)) {
    if (!*b) d.r.error(node["error_body"], join_field(field, "error_body"), "only true is meaningful");
    e.error_body = *b;
  }
  e.content_type = d.r.string(node, "content_type", field, false);
  if (node["json"].IsDefined() && !is_map(node["json"])) {
    d.r.error(node["json"], join_field(field, "json"), "must be a mapping of JSON paths to matchers");
  }
  for (const char* key : {"json", "reply"}) {
    if (!node[key].IsDefined() || !is_map(node[key])) continue;
    const std::string f = join_field(field, key);
    auto& assertions = std::string_view(key) == "json" ? e.json : e.reply;
    for (auto it = node[key].begin(); it != node[key].end(); ++it) {
      const std::string path = it->first.Scalar();
      const std::string pf = join_field(f, path);
      if (!valid_json_path(path)) {
        d.r.error(it->first, pf, "'" + path + "' is not a JSON path (e.g. results[0].status)");
        continue;
      }
      if (auto m = matcher(d, it->second, pf)) assertions.push_back({d.r.mark(it->first), path, *m});
    }
  }
  if (node["reply"].IsDefined() && !is_map(node["reply"])) {
    d.r.error(node["reply"], join_field(field, "reply"), "must be a mapping of JSON paths to matchers");
  }
  if (node["decrypts_to"].IsDefined()) {
    const std::string f = join_field(field, "decrypts_to");
    const YAML::Node dt = node["decrypts_to"];
    if (d.r.map(dt, f, {"path", "device", "account", "data"})) {
      DecryptsTo spec;
      spec.path = d.r.string(dt, "path", f, false).value_or("");
      if (!valid_json_path(spec.path)) d.r.error(dt["path"], join_field(f, "path"), "not a JSON path");
      if (dt["device"].IsDefined()) {
        spec.device = device_ref(d, dt, f).value_or("");
      }
      spec.account = account_index(d, dt, f);
      if (dt["device"].IsDefined() == spec.account.has_value()) {
        d.r.error(dt, f, "needs exactly one of device or account");
      }
      if (!dt["data"].IsDefined()) {
        d.r.error(dt, join_field(f, "data"), "is required");
      } else if (auto data = json_value(d, dt["data"], join_field(f, "data"))) {
        spec.data = *data;
      }
      e.decrypts_to = spec;
    }
  }
  e.ok = d.r.boolean(node, "ok", field, false);

  const bool device_fields = node["records"].IsDefined() || node["absent"].IsDefined() ||
                             node["count"].IsDefined() || node["conflicts"].IsDefined();
  if (node["device"].IsDefined()) {
    DeviceAssertion a;
    if (auto name = d.r.string(node, "device", field, true)) {
      check_device(d, node["device"], join_field(field, "device"), *name);
      a.device = *name;
    }
    a.records = record_specs(d, node, "records", field, false, false);
    a.absent = record_specs(d, node, "absent", field, true, false);
    if (auto c = d.r.integer(node, "count", field, false, 0, 1000000)) a.count = *c;
    if (auto c = d.r.integer(node, "conflicts", field, false, 0, 1000000)) a.conflicts = *c;
    if (!device_fields) {
      d.r.error(node["device"], join_field(field, "device"),
                "needs records, absent, count or conflicts to check");
    }
    e.device = a;
  } else if (device_fields) {
    d.r.error(node, join_field(field, "device"), "is required with records, absent, count or conflicts");
  }
  if (node["server_delta"].IsDefined()) {
    const std::string f = join_field(field, "server_delta");
    const YAML::Node sd = node["server_delta"];
    if (d.r.map(sd, f, {"account", "record_count", "conflict_count"})) {
      ServerDelta delta;
      delta.account = account_index(d, sd, f).value_or(0);
      delta.record_count = d.r.integer(sd, "record_count", f, false, -1000000, 1000000);
      delta.conflict_count = d.r.integer(sd, "conflict_count", f, false, -1000000, 1000000);
      if (!sd["record_count"].IsDefined() && !sd["conflict_count"].IsDefined()) {
        d.r.error(sd, f, "needs record_count or conflict_count");
      }
      e.server_delta = delta;
    }
  }
  if (node["server_records"].IsDefined()) {
    const std::string f = join_field(field, "server_records");
    const YAML::Node sr = node["server_records"];
    if (d.r.map(sr, f, {"account", "records", "absent", "count"})) {
      ServerRecords s;
      s.account = account_index(d, sr, f).value_or(0);
      s.records = record_specs(d, sr, "records", f, false, true);
      s.absent = record_specs(d, sr, "absent", f, true, true);
      if (auto c = d.r.integer(sr, "count", f, false, 0, 1000000)) s.count = *c;
      if (!sr["records"].IsDefined() && !sr["absent"].IsDefined() && !sr["count"].IsDefined()) {
        d.r.error(sr, f, "needs records, absent or count");
      }
      e.server_records = s;
    }
  }
  if (auto n = d.r.boolean(node, "nothing_stored", field, false)) {
    if (!*n) d.r.error(node["nothing_stored"], join_field(field, "nothing_stored"), "only true is meaningful");
    e.nothing_stored = *n;
  }
  if (node["converged"].IsDefined()) {
    const std::string f = join_field(field, "converged");
    if (auto names = d.r.strings(node, "converged", field, true)) {
      if (names->size() < 2) d.r.error(node["converged"], f, "needs at least two devices");
      for (const auto& n : *names) check_device(d, node["converged"], f, n);
      e.converged = *names;
    }
  }

  if (e.needs_reply() && !traits.device_reply) {
    d.r.error(node["reply"], join_field(field, "reply"), "applies to device steps (foreground, state, sync, ...)");
  }
  if (node["isolated"].IsDefined()) {
    e.isolated = isolated(d, node["isolated"], join_field(field, "isolated"));
  }
  const bool any_assertion = e.needs_response() || e.needs_reply() || e.ok || e.device || e.server_delta ||
                             e.server_records || e.nothing_stored || !e.converged.empty() ||
                             e.isolated;
  if (!any_assertion && d.r.error_count() == before) {
    d.r.error(node, field, "has no assertion (status, json, device, server_delta, ...)");
  }
  if (e.needs_response() && !traits.has_response) {
    d.r.error(node, field,
              "status, error_body, content_type, json and decrypts_to need an HTTP response, and "
              "this step gets none");
  }
  if (e.ok && !traits.device_op) {
    d.r.error(node["ok"], join_field(field, "ok"), "applies to sync, push, pull and resolve steps");
  }
  if (d.r.error_count() != before) return std::nullopt;
  return e;
}

std::vector<Expectation> expectations(Doc& d, const YAML::Node& node, const std::string& field,
                                      const StepTraits& traits) {
  std::vector<Expectation> out;
  if (is_sequence(node)) {
    if (node.size() == 0) d.r.error(node, field, "an empty list checks nothing");
    for (std::size_t i = 0; i < node.size(); ++i) {
      if (auto e = expectation(d, node[i], index_field(field, i), traits)) out.push_back(*e);
    }
  } else if (auto e = expectation(d, node, field, traits)) {
    out.push_back(*e);
  }
  return out;
}

// ---- steps -----------------------------------------------------------------------------------

std::vector<Step> parse_steps(Doc& d, const YAML::Node& node, const std::string& field,
                              const std::string& label_prefix);

// A device given as a bare name or as {device: name, ...}.
std::optional<std::string> device_short_form(Doc& d, const YAML::Node& node,
                                             const std::string& field) {
  auto name = d.r.as_string(node, field);
  if (name) check_device(d, node, field, *name);
  return name;
}

using KindParser = std::function<std::optional<StepAction>(Doc&, const YAML::Node&,
                                                          const std::string&, const std::string&,
                                                          StepTraits&)>;

struct KindEntry {
  std::string_view name;
  KindParser parse;
};

std::optional<StepAction> parse_put(Doc& d, const YAML::Node& n, const std::string& f,
                                    const std::string&, StepTraits&) {
  if (!d.r.map(n, f, {"device", "table", "id", "data", "updated_at"})) return std::nullopt;
  const std::size_t before = d.r.error_count();
  PutStep s;
  s.device = device_ref(d, n, f).value_or("");
  s.table = table_name(d, n, f).value_or("");
  s.id = record_id(d, n, f).value_or("");
  if (!n["data"].IsDefined()) {
    d.r.error(n, join_field(f, "data"), "is required (a mapping; {} for none)");
  } else if (!is_map(n["data"])) {
    d.r.error(n["data"], join_field(f, "data"), "must be a mapping (the record's JSON object)");
  } else if (auto data = json_value(d, n["data"], join_field(f, "data"))) {
    s.data = *data;
  }
  s.updated_at = time_spec(d, n, "updated_at", f, false);
  if (d.r.error_count() != before) return std::nullopt;
  return s;
}

std::optional<StepAction> parse_delete(Doc& d, const YAML::Node& n, const std::string& f,
                                       const std::string&, StepTraits&) {
  if (!d.r.map(n, f, {"device", "table", "id", "updated_at"})) return std::nullopt;
  const std::size_t before = d.r.error_count();
  DeleteStep s;
  s.device = device_ref(d, n, f).value_or("");
  s.table = table_name(d, n, f).value_or("");
  s.id = record_id(d, n, f).value_or("");
  s.updated_at = time_spec(d, n, "updated_at", f, false);
  if (d.r.error_count() != before) return std::nullopt;
  return s;
}

template <typename T>
std::optional<StepAction> parse_push_like(Doc& d, const YAML::Node& n, const std::string& f,
                                          StepTraits& traits) {
  T s;
  traits.device_op = true;
  traits.device_reply = true;
  traits.has_response = true;
  const std::size_t before = d.r.error_count();
  if (is_scalar(n)) {
    s.device = device_short_form(d, n, f).value_or("");
  } else if (d.r.map(n, f, {"device", "lose_response"})) {
    s.device = device_ref(d, n, f).value_or("");
    s.lose_response = d.r.boolean(n, "lose_response", f, false).value_or(false);
    if (s.lose_response) traits.has_response = false;
  }
  if (d.r.error_count() != before) return std::nullopt;
  return s;
}

// pull, foreground and state: a device name, or {device: name}.
template <typename T>
std::optional<StepAction> parse_device_request(Doc& d, const YAML::Node& n, const std::string& f,
                                               StepTraits& traits) {
  traits.device_op = true;
  traits.device_reply = true;
  const std::size_t before = d.r.error_count();
  T s;
  if (is_scalar(n)) {
    s.device = device_short_form(d, n, f).value_or("");
  } else if (d.r.map(n, f, {"device"})) {
    s.device = device_ref(d, n, f).value_or("");
  }
  if (d.r.error_count() != before) return std::nullopt;
  return s;
}

std::optional<StepAction> parse_pull(Doc& d, const YAML::Node& n, const std::string& f,
                                     const std::string&, StepTraits& traits) {
  traits.has_response = true;  // the pages' exchanges
  return parse_device_request<PullStep>(d, n, f, traits);
}

std::optional<StepAction> parse_resolve(Doc& d, const YAML::Node& n, const std::string& f,
                                        const std::string&, StepTraits& traits) {
  traits.device_op = true;
  traits.device_reply = true;
  traits.has_response = true;
  if (!d.r.map(n, f, {"device", "table", "id", "choice", "data"})) return std::nullopt;
  const std::size_t before = d.r.error_count();
  ResolveStep s;
  s.device = device_ref(d, n, f).value_or("");
  s.table = table_name(d, n, f).value_or("");
  s.id = record_id(d, n, f).value_or("");
  if (auto choice = d.r.string(n, "choice", f, true)) {
    if (*choice != "local" && *choice != "server" && *choice != "merged") {
      d.r.error(n["choice"], join_field(f, "choice"),
                "'" + *choice + "' is not one of local, server, merged");
    }
    s.choice = *choice;
    if (*choice == "merged" && !n["data"].IsDefined()) {
      d.r.error(n, join_field(f, "data"), "is required for choice merged");
    }
    if (*choice != "merged" && n["data"].IsDefined()) {
      d.r.error(n["data"], join_field(f, "data"), "only applies to choice merged");
    }
  }
  if (n["data"].IsDefined()) {
    if (!is_map(n["data"])) {
      d.r.error(n["data"], join_field(f, "data"), "must be a mapping");
    } else {
      s.data = json_value(d, n["data"], join_field(f, "data"));
    }
  }
  if (d.r.error_count() != before) return std::nullopt;
  return s;
}

std::optional<StepAction> parse_clock(Doc& d, const YAML::Node& n, const std::string& f,
                                      const std::string&, StepTraits&) {
  if (!d.r.map(n, f, {"device", "at"})) return std::nullopt;
  const std::size_t before = d.r.error_count();
  ClockStep s;
  s.device = device_ref(d, n, f).value_or("");
  s.at = time_spec(d, n, "at", f, true).value_or("");
  if (d.r.error_count() != before) return std::nullopt;
  return s;
}


std::optional<StepAction> parse_server(Doc& d, const YAML::Node& n, const std::string& f,
                                       const std::string&, StepTraits&) {
  if (!d.r.map(n, f, {"faults", "page_size", "before"})) return std::nullopt;
  const std::size_t before = d.r.error_count();
  ServerStep s;
  if (n["faults"].IsDefined()) {
    const std::string ff = join_field(f, "faults");
    if (!is_sequence(n["faults"])) {
      d.r.error(n["faults"], ff, "must be a list of fault rules (method, path, nth, action, ...)");
    } else if (auto rules = json_value(d, n["faults"], ff)) {
      // The mock server's own parser, so that a bad rule is a load error here, not at run time.
      auto plan = mockserver::fault_plan_from_json(Json{{"rules", *rules}});
      if (!plan) d.r.error(n["faults"], ff, plan.error().message);
      s.faults = *rules;
    }
  }
  if (n["page_size"].IsDefined()) {
    s.page_size = static_cast<int>(d.r.integer(n, "page_size", f, false, 0, 1000).value_or(0));
  }
  if (n["before"].IsDefined()) {
    const std::string bf = join_field(f, "before");
    const YAML::Node list = n["before"];
    if (!is_sequence(list)) {
      d.r.error(list, bf, "must be a list of {on: {method, path, nth}, push: {account, records}}");
    } else {
      for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string tf = index_field(bf, i);
        const YAML::Node t = list[i];
        if (!d.r.map(t, tf, {"on", "push"})) continue;
        ServerTrigger trigger;
        const std::string of = join_field(tf, "on");
        if (d.r.map(t["on"], of, {"method", "path", "nth"})) {
          trigger.method = d.r.string(t["on"], "method", of, false).value_or("");
          trigger.path = d.r.string(t["on"], "path", of, true).value_or("");
          trigger.nth = static_cast<std::uint64_t>(d.r.integer(t["on"], "nth", of, false, 1, 1000000).value_or(1));
        }
        const std::string pf = join_field(tf, "push");
        if (d.r.map(t["push"], pf, {"account", "records"})) {
          trigger.account = static_cast<int>(d.r.integer(t["push"], "account", pf, false, 0, kMaxAccount).value_or(0));
          d.need_account(trigger.account);
          if (!is_sequence(t["push"]["records"])) {
            d.r.error(t["push"], join_field(pf, "records"), "must be a list of records ($envelope)");
          } else if (auto records = json_value(d, t["push"]["records"], join_field(pf, "records"))) {
            trigger.records = *records;
          }
        }
        s.before.push_back(std::move(trigger));
      }
    }
  }
  if (d.r.error_count() != before) return std::nullopt;
  return s;
}

std::optional<AuthSpec> parse_auth(Doc& d, const YAML::Node& n, const std::string& f) {
  AuthSpec a;
  if (is_scalar(n)) {
    const std::string v = n.Scalar();
    if (v == "none") {
      a.kind = AuthSpec::Kind::none;
    } else if (v == "bogus") {
      a.kind = AuthSpec::Kind::bogus;
    } else {
      check_device(d, n, f, v);
      a.kind = AuthSpec::Kind::device;
      a.device = v;
    }
    return a;
  }
  if (!d.r.map(n, f, {"device", "account", "scheme"})) return std::nullopt;
  const std::size_t before = d.r.error_count();
  if (n["device"].IsDefined() == n["account"].IsDefined()) {
    d.r.error(n, f, "needs exactly one of device or account");
  }
  if (n["device"].IsDefined()) {
    a.kind = AuthSpec::Kind::device;
    a.device = device_ref(d, n, f).value_or("");
  } else {
    a.kind = AuthSpec::Kind::account;
    a.account = account_index(d, n, f).value_or(0);
  }
  if (auto scheme = d.r.string(n, "scheme", f, false)) {
    if (!matches(*scheme, "[A-Za-z][A-Za-z0-9._-]*")) {
      d.r.error(n["scheme"], join_field(f, "scheme"), "must be one word, e.g. Bearer");
    }
    a.scheme = *scheme;
  }
  if (d.r.error_count() != before) return std::nullopt;
  return a;
}

std::optional<StepAction> parse_request(Doc& d, const YAML::Node& n, const std::string& f,
                                        const std::string&, StepTraits& traits) {
  traits.has_response = true;
  if (!d.r.map(n, f,
               {"method", "path", "auth", "headers", "json", "body", "body_size", "content_type",
                "lose_response", "save_as", "pad_to"})) {
    return std::nullopt;
  }
  const std::size_t before = d.r.error_count();
  RequestStep s;
  if (auto m = d.r.string(n, "method", f, false)) {
    if (!matches(*m, "[A-Za-z]{1,20}")) {
      d.r.error(n["method"], join_field(f, "method"), "'" + *m + "' is not an HTTP method word");
    }
    s.method = *m;
  }
  if (auto p = templated_string(d, n, "path", f, true)) {
    if (p->empty() || (*p)[0] != '/') {
      d.r.error(n["path"], join_field(f, "path"), "must start with '/' (e.g. /api/v1/sync/status/)");
    }
    s.path = *p;
  }
  if (n["auth"].IsDefined()) {
    if (auto a = parse_auth(d, n["auth"], join_field(f, "auth"))) s.auth = *a;
  }
  if (n["headers"].IsDefined()) {
    const std::string hf = join_field(f, "headers");
    const YAML::Node h = n["headers"];
    if (!is_map(h)) {
      d.r.error(h, hf, "must be a mapping of header names to values");
    } else {
      for (auto it = h.begin(); it != h.end(); ++it) {
        const std::string name = it->first.Scalar();
        const std::string vf = join_field(hf, name);
        if (!matches(name, "[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
          d.r.error(it->first, vf, "'" + name + "' is not a header name");
        }
        if (auto v = d.r.as_string(it->second, vf)) {
          check_templates(d, it->second, vf, *v);
          s.headers.emplace_back(name, *v);
        }
      }
    }
  }
  int bodies = 0;
  if (n["json"].IsDefined()) {
    ++bodies;
    s.body_kind = RequestStep::Body::json;
    if (auto j = json_value(d, n["json"], join_field(f, "json"))) s.json = *j;
  }
  if (n["body"].IsDefined()) {
    ++bodies;
    s.body_kind = RequestStep::Body::text;
    s.text = templated_string(d, n, "body", f, true).value_or("");
  }
  if (n["body_size"].IsDefined()) {
    ++bodies;
    s.body_kind = RequestStep::Body::filler;
    const YAML::Node b = n["body_size"];
    const auto size = is_scalar(b) ? parse_byte_size(b.Scalar()) : std::nullopt;
    if (!size || *size < 64) {
      d.r.error(b, join_field(f, "body_size"),
                "must be a size of at least 64 bytes and at most 1 GiB: 17MiB, 8KiB, 100B");
    } else {
      s.filler_bytes = *size;
    }
  }
  if (bodies > 1) d.r.error(n, f, "takes at most one of json, body, body_size");
  if (n["pad_to"].IsDefined()) {
    const YAML::Node p = n["pad_to"];
    const auto size = is_scalar(p) ? parse_byte_size(p.Scalar()) : std::nullopt;
    if (!size) {
      d.r.error(p, join_field(f, "pad_to"),
                "must be a size of at most 1 GiB: 16777215, 8KiB, 16MiB");
    } else if (s.body_kind != RequestStep::Body::json) {
      d.r.error(p, join_field(f, "pad_to"), "pads a json: body only");
    } else {
      s.pad_to = *size;
    }
  }
  s.content_type = d.r.string(n, "content_type", f, false);
  s.lose_response = d.r.boolean(n, "lose_response", f, false).value_or(false);
  if (s.lose_response) traits.has_response = false;
  if (auto name = d.r.string(n, "save_as", f, false)) {
    if (!matches(*name, "[A-Za-z0-9_-]+")) {
      d.r.error(n["save_as"], join_field(f, "save_as"), "must be a word ([A-Za-z0-9_-]+)");
    }
    s.save_as = *name;
  }
  if (d.r.error_count() != before) return std::nullopt;
  return s;
}

std::optional<StepAction> parse_group(Doc& d, const YAML::Node& n, const std::string& f,
                                      const std::string& label, bool concurrent) {
  if (!d.r.sequence(n, f)) return std::nullopt;
  if (n.size() == 0) {
    d.r.error(n, f, "needs at least one step");
    return std::nullopt;
  }
  auto steps = parse_steps(d, n, f, label);
  if (concurrent) return ConcurrentlyStep{std::move(steps)};
  return SequenceStep{std::move(steps)};
}

std::optional<StepAction> parse_repeat(Doc& d, const YAML::Node& n, const std::string& f,
                                       const std::string& label, StepTraits&) {
  if (!d.r.map(n, f, {"times", "steps"})) return std::nullopt;
  const std::size_t before = d.r.error_count();
  RepeatStep s;
  s.times = static_cast<int>(d.r.integer(n, "times", f, true, 1, 10000).value_or(1));
  if (!n["steps"].IsDefined()) {
    d.r.error(n, join_field(f, "steps"), "is required");
  } else if (d.r.sequence(n["steps"], join_field(f, "steps"))) {
    if (n["steps"].size() == 0) d.r.error(n["steps"], join_field(f, "steps"), "needs at least one step");
    s.steps = parse_steps(d, n["steps"], join_field(f, "steps"), label);
  }
  if (d.r.error_count() != before) return std::nullopt;
  return s;
}

// `generated: {request: push}`: the campaign of one request; its judges are the check ids the
// campaign can judge (each must be declared in checks.yaml).
std::optional<StepAction> parse_generated(Doc& d, const YAML::Node& n, const std::string& f,
                                          const std::string&, StepTraits&) {
  if (!d.r.map(n, f, {"request"})) return std::nullopt;
  const std::size_t before = d.r.error_count();
  GeneratedStep s;
  if (auto name = d.r.string(n, "request", f, true)) {
    const auto request = generated::parse_request(*name);
    if (!request) {
      d.r.error(n["request"], join_field(f, "request"),
                "'" + *name + "' is not one of push, pull, resolve, key, headers");
    } else {
      s.request = *name;
      std::set<std::string> ids = {"1/malformed-4xx-not-5xx", "1/errors-json-detail"};
      if (auto store = generated::store_check(*request); !store.empty()) ids.insert(store);
      for (const auto& v : generated::all_variants(*request)) ids.insert(v.check);
      for (const auto& id : ids) {
        if (!d.registry.find(id)) {
          d.r.error(n["request"], join_field(f, "request"),
                    "the campaign judges check id '" + id + "': declare it in scenarios/checks.yaml");
        }
        Expectation e;
        e.mark = d.r.mark(n);
        e.check = id;
        s.judges.push_back(std::move(e));
      }
    }
  }
  if (d.r.error_count() != before) return std::nullopt;
  return s;
}

const std::vector<KindEntry>& kinds() {
  static const std::vector<KindEntry> table = {
      {"put", parse_put},
      {"delete", parse_delete},
      {"sync",
       [](Doc& d, const YAML::Node& n, const std::string& f, const std::string&, StepTraits& t) {
         return parse_push_like<SyncStep>(d, n, f, t);
       }},
      {"push",
       [](Doc& d, const YAML::Node& n, const std::string& f, const std::string&, StepTraits& t) {
         return parse_push_like<PushStep>(d, n, f, t);
       }},
      {"pull", parse_pull},
      {"resolve", parse_resolve},
      {"clock", parse_clock},
      {"foreground",
       [](Doc& d, const YAML::Node& n, const std::string& f, const std::string&, StepTraits& t) {
         return parse_device_request<ForegroundStep>(d, n, f, t);
       }},
      {"state",
       [](Doc& d, const YAML::Node& n, const std::string& f, const std::string&, StepTraits& t) {
         return parse_device_request<StateStep>(d, n, f, t);
       }},
      {"server", parse_server},
      {"request", parse_request},
      {"concurrently",
       [](Doc& d, const YAML::Node& n, const std::string& f, const std::string& l, StepTraits&) {
         return parse_group(d, n, f, l, true);
       }},
      {"sequence",
       [](Doc& d, const YAML::Node& n, const std::string& f, const std::string& l, StepTraits&) {
         return parse_group(d, n, f, l, false);
       }},
      {"repeat", parse_repeat},
      {"generated", parse_generated},
      {"expect",
       [](Doc&, const YAML::Node&, const std::string&, const std::string&,
          StepTraits&) -> std::optional<StepAction> { return ExpectStep{}; }},
  };
  return table;
}

std::string kinds_list() {
  std::string list;
  for (const auto& k : kinds()) list += (list.empty() ? "" : ", ") + std::string(k.name);
  return list;
}

// The device a step acts on, for its default label.
std::string step_subject(const StepAction& action) {
  return std::visit(
      [](const auto& s) -> std::string {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, PutStep> || std::is_same_v<T, DeleteStep> ||
                      std::is_same_v<T, ResolveStep>) {
          return s.device + " " + s.table + "/" + s.id;
        } else if constexpr (std::is_same_v<T, SyncStep> || std::is_same_v<T, PushStep> ||
                             std::is_same_v<T, PullStep> || std::is_same_v<T, ClockStep> ||
                             std::is_same_v<T, ForegroundStep> || std::is_same_v<T, StateStep>) {
          return s.device;
        } else if constexpr (std::is_same_v<T, RequestStep>) {
          return s.method + " " + s.path;
        } else if constexpr (std::is_same_v<T, GeneratedStep>) {
          return s.request;
        } else {
          return "";
        }
      },
      action);
}

std::optional<Step> parse_step(Doc& d, const YAML::Node& node, const std::string& field,
                               const std::string& label) {
  if (!is_map(node)) {
    d.r.error(node, field, "a step must be a mapping with one step kind (" + kinds_list() + ")");
    return std::nullopt;
  }
  std::vector<std::pair<const KindEntry*, YAML::Node>> found;
  bool unknown = false;
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = is_scalar(it->first) ? it->first.Scalar() : "";
    if (!seen.insert(key).second) {
      // yaml-cpp keeps the first of two equal keys: a silent overwrite is a load error here.
      d.r.error(it->first, join_field(field, key), "duplicate key");
      return std::nullopt;
    }
    if (key == "name" || key == "expect") continue;
    const KindEntry* entry = nullptr;
    for (const auto& k : kinds()) {
      if (k.name == key) entry = &k;
    }
    if (!entry) {
      d.r.error(it->first, join_field(field, key),
                "unknown step kind or key (kinds: " + kinds_list() + "; keys: name, expect)");
      unknown = true;
      continue;
    }
    found.emplace_back(entry, it->second);
  }
  if (found.size() > 1) {
    d.r.error(node, field, "a step has exactly one kind, found " + std::to_string(found.size()));
    return std::nullopt;
  }
  if (found.empty() && node["expect"].IsDefined()) {
    // `- expect: ...` alone is the expect step: it judges the state after the previous step.
    for (const auto& k : kinds()) {
      if (k.name == "expect") found.emplace_back(&k, node["expect"]);
    }
  }
  if (found.empty()) {
    if (!unknown) d.r.error(node, field, "a step needs one kind (" + kinds_list() + ")");
    return std::nullopt;
  }
  const auto& [entry, value] = found.front();
  Step step;
  step.mark = d.r.mark(node);
  step.kind = std::string(entry->name);
  StepTraits traits;
  const std::string kind_field = join_field(field, step.kind);
  auto action = entry->parse(d, value, kind_field, label, traits);
  if (auto name = d.r.string(node, "name", field, false)) step.name = *name;
  if (step.kind == "expect") {
    step.expect = expectations(d, value, kind_field, StepTraits{});
  } else if (node["expect"].IsDefined()) {
    step.expect = expectations(d, node["expect"], join_field(field, "expect"), traits);
  }
  if (!action) return std::nullopt;
  step.action = std::move(*action);
  if (step.name.empty()) {
    const std::string subject = step_subject(step.action);
    step.name = label + ": " + step.kind + (subject.empty() ? "" : " " + subject);
  }
  return step;
}

std::vector<Step> parse_steps(Doc& d, const YAML::Node& node, const std::string& field,
                              const std::string& label_prefix) {
  std::vector<Step> steps;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string label = label_prefix + (label_prefix == "step " ? "" : ".") +
                              std::to_string(i + 1);
    if (auto s = parse_step(d, node[i], index_field(field, i), label)) steps.push_back(std::move(*s));
  }
  return steps;
}

// ---- scenario --------------------------------------------------------------------------------

void parse_devices(Doc& d, const YAML::Node& node, Scenario& sc) {
  if (!node.IsDefined()) return;
  if (!is_map(node)) {
    d.r.error(node, "devices", "must be a mapping of device names to {account: N}");
    return;
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string name = it->first.Scalar();
    const std::string f = join_field("devices", name);
    if (!matches(name, "[a-z][a-z0-9_]*") || kReservedDeviceNames.count(name)) {
      d.r.error(it->first, f, "'" + name + "' is not a device name ([a-z][a-z0-9_]*, not none or bogus)");
      continue;
    }
    if (d.devices.count(name)) {
      d.r.error(it->first, f, "duplicate device");
      continue;
    }
    DeviceSpec spec;
    spec.mark = d.r.mark(it->first);
    spec.name = name;
    const YAML::Node v = it->second;
    if (is_scalar(v)) {
      auto a = d.r.as_integer(v, f, 0, kMaxAccount);
      if (!a) continue;
      spec.account = static_cast<int>(*a);
    } else {
      if (!d.r.map(v, f, {"account", "device_id", "pull_limit", "push_batch", "reference"})) continue;
      auto a = d.r.integer(v, "account", f, true, 0, kMaxAccount);
      if (!a) continue;
      spec.account = static_cast<int>(*a);
      if (auto id = d.r.string(v, "device_id", f, false)) {
        if (id->empty() || id->size() > 64) {
          d.r.error(v["device_id"], join_field(f, "device_id"), "must be 1..64 characters");
        }
        spec.device_id = *id;
      }
      spec.pull_limit = static_cast<int>(d.r.integer(v, "pull_limit", f, false, 1, 1000).value_or(500));
      spec.push_batch = static_cast<int>(d.r.integer(v, "push_batch", f, false, 1, 500).value_or(500));
      spec.reference = d.r.boolean(v, "reference", f, false).value_or(false);
    }
    d.need_account(spec.account);
    d.devices.insert(name);
    sc.devices.push_back(spec);
  }
}

std::optional<GivenUse> parse_given_use(Doc& d, const YAML::Node& node, const std::string& f) {
  GivenUse use;
  use.mark = d.r.mark(node);
  if (is_scalar(node)) {
    use.state = node.Scalar();
  } else if (d.r.map(node, f, {"state", "device", "other", "table", "id"})) {
    use.state = d.r.string(node, "state", f, true).value_or("");
    use.device = d.r.string(node, "device", f, false).value_or("phone");
    use.other = d.r.string(node, "other", f, false).value_or("laptop");
    use.table = d.r.string(node, "table", f, false).value_or("notes");
    use.id = d.r.string(node, "id", f, false);
    if (use.id && !matches(*use.id, "[A-Za-z0-9_-]{1,48}")) {
      d.r.error(node["id"], join_field(f, "id"), "'" + *use.id + "' is not a record id");
    }
    if (!protocol::valid_table(use.table)) {
      d.r.error(node["table"], join_field(f, "table"), "'" + use.table + "' is not a table name");
    }
  } else {
    return std::nullopt;
  }
  if (!find_given_state(use.state)) {
    std::string list;
    for (const auto& s : given_states()) list += (list.empty() ? "" : ", ") + std::string(s.name);
    d.r.error(is_scalar(node) ? node : node["state"], f,
              "unknown given state '" + use.state + "' (known: " + list + ")");
    return std::nullopt;
  }
  return use;
}

void parse_given(Doc& d, const YAML::Node& node, Scenario& sc) {
  if (!node.IsDefined()) return;
  std::vector<std::pair<YAML::Node, std::string>> items;
  if (is_sequence(node)) {
    for (std::size_t i = 0; i < node.size(); ++i) items.emplace_back(node[i], index_field("given", i));
  } else {
    items.emplace_back(node, "given");
  }
  std::set<std::string> ids;
  for (const auto& [item, f] : items) {
    auto use = parse_given_use(d, item, f);
    if (!use) continue;
    const GivenState* state = find_given_state(use->state);
    const std::string id = use->table + "/" + use->id.value_or(std::string(state->default_id));
    if (!ids.insert(id).second) {
      d.r.error(item, f, "two given states use record " + id + ": give one another id");
      continue;
    }
    sc.given.push_back(*use);
    // Devices the state uses: declared ones keep their account; others are added on account 0.
    std::vector<std::string> needed = {use->device};
    if (state->uses_other) needed.push_back(use->other);
    for (const auto& name : needed) {
      if (!d.devices.count(name)) {
        if (!matches(name, "[a-z][a-z0-9_]*") || kReservedDeviceNames.count(name)) {
          d.r.error(item, f, "'" + name + "' is not a device name");
          continue;
        }
        DeviceSpec spec;
        spec.mark = use->mark;
        spec.name = name;
        d.devices.insert(name);
        sc.devices.push_back(spec);
      }
    }
  }
}

std::optional<Scenario> parse_document(Doc& d, const YAML::Node& root) {
  const std::size_t before = d.r.error_count();
  if (!d.r.map(root, "",
               {"scenario", "description", "sections", "tags", "base_time", "devices", "given",
                "steps"})) {
    return std::nullopt;
  }
  Scenario sc;
  sc.mark = d.r.mark(root);
  sc.file = d.r.file();
  if (auto name = d.r.string(root, "scenario", "", true)) {
    if (!matches(*name, "[a-z0-9][a-z0-9._/-]{0,127}")) {
      d.r.error(root["scenario"], "scenario",
                "'" + *name + "' is not a scenario name ([a-z0-9][a-z0-9._/-]*)");
    }
    sc.name = *name;
  }
  if (auto text = d.r.string(root, "description", "", true)) {
    if (text->empty()) d.r.error(root["description"], "description", "must not be empty");
    sc.description = *text;
  }
  if (auto sections = d.r.strings(root, "sections", "", true)) {
    if (sections->empty()) d.r.error(root["sections"], "sections", "needs at least one section");
    for (std::size_t i = 0; i < sections->size(); ++i) {
      const auto& s = (*sections)[i];
      const int top = valid_section(s) ? std::stoi(s) : 0;
      if (top < 1 || top > 10) {
        d.r.error(root["sections"], index_field("sections", i),
                  "'" + s + "' is not a contract section (1 .. 10, e.g. \"4.2\")");
      }
    }
    sc.sections = *sections;
  }
  if (auto tags = d.r.strings(root, "tags", "", false)) {
    for (std::size_t i = 0; i < tags->size(); ++i) {
      if (!d.registry.has_tag((*tags)[i])) {
        d.r.error(root["tags"], index_field("tags", i),
                  "unknown tag '" + (*tags)[i] + "' (declare it under tags: in scenarios/checks.yaml)");
      }
    }
    sc.tags = *tags;
  }
  if (auto base = d.r.string(root, "base_time", "", false)) {
    if (!timestamp::valid(*base)) {
      d.r.error(root["base_time"], "base_time",
                "'" + *base + "' is not RFC 3339 UTC with milliseconds (2026-11-24T10:00:00.000Z)");
    }
    sc.base_time = base;
  }
  parse_devices(d, root["devices"], sc);
  parse_given(d, root["given"], sc);
  for (const auto& use : sc.given) {
    for (auto& s : given_steps(*find_given_state(use.state), use)) sc.setup.push_back(std::move(s));
  }
  const YAML::Node steps = root["steps"];
  if (!steps.IsDefined()) {
    d.r.error(root, "steps", "is required");
  } else if (d.r.sequence(steps, "steps")) {
    if (steps.size() == 0) d.r.error(steps, "steps", "needs at least one step");
    sc.steps = parse_steps(d, steps, "steps", "step ");
  }
  sc.accounts_needed = d.accounts_needed;
  if (d.r.error_count() != before) return std::nullopt;
  return sc;
}

}  // namespace

const std::vector<std::string_view>& step_kind_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const auto& k : kinds()) out.push_back(k.name);
    return out;
  }();
  return names;
}

std::vector<Scenario> parse_scenarios(std::string_view text, const std::string& file,
                                      const CheckRegistry& registry,
                                      std::vector<LoadError>& errors) {
  std::vector<Scenario> out;
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    errors.push_back({file, e.mark.line + 1, e.mark.column + 1, "", "not valid YAML: " + e.msg});
    return out;
  }
  if (docs.empty()) {
    errors.push_back({file, 0, 0, "", "holds no scenario"});
    return out;
  }
  YamlReader reader(file, errors);
  for (const auto& root : docs) {
    Doc d{reader, registry, {}, 1};
    if (auto sc = parse_document(d, root)) out.push_back(std::move(*sc));
  }
  return out;
}

std::vector<Scenario> load_scenario_file(const fs::path& path, const CheckRegistry& registry,
                                         std::vector<LoadError>& errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back({path.string(), 0, 0, "", "cannot read the file"});
    return {};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_scenarios(text.str(), path.string(), registry, errors);
}

std::vector<fs::path> discover_scenario_files(const std::vector<fs::path>& paths,
                                              std::vector<LoadError>& errors) {
  std::vector<fs::path> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
      continue;
    }
    if (!fs::is_directory(p, ec)) {
      errors.push_back({p.string(), 0, 0, "", "no such scenario file or directory"});
      continue;
    }
    std::vector<fs::path> found;
    for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (it->is_regular_file() && it->path().extension() == ".yaml") found.push_back(it->path());
    }
    if (ec) errors.push_back({p.string(), 0, 0, "", "cannot list the directory: " + ec.message()});
    if (found.empty() && !ec) errors.push_back({p.string(), 0, 0, "", "holds no *.yaml scenario files"});
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

std::vector<Scenario> load_scenarios(const std::vector<fs::path>& paths,
                                     const CheckRegistry& registry,
                                     std::vector<LoadError>& errors) {
  std::vector<Scenario> all;
  std::map<std::string, Mark> names;
  for (const auto& file : discover_scenario_files(paths, errors)) {
    for (auto& sc : load_scenario_file(file, registry, errors)) {
      const auto [it, fresh] = names.emplace(sc.name, sc.mark);
      if (!fresh) {
        errors.push_back({sc.file, sc.mark.line, sc.mark.column, "scenario",
                          "duplicate scenario name '" + sc.name + "' (first in " + it->second.file +
                              ":" + std::to_string(it->second.line) + ")"});
        continue;
      }
      all.push_back(std::move(sc));
    }
  }
  return all;
}

}  // namespace syncsuite::scenario
