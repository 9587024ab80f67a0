// load_profile / parse_profile: YAML -> LoadProfile, every problem collected
// (docs/load-profiles.md).
#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <regex>
#include <sstream>

#include "harness/load/duration_text.hpp"
#include "harness/load/profile.hpp"
#include "reports/load_thresholds.hpp"
#include "harness/scenario/yaml_reader.hpp"

namespace syncsuite::load {
namespace {

using scenario::index_field;
using scenario::is_scalar;
using scenario::join_field;
using scenario::LoadError;
using scenario::YamlReader;
using std::chrono::milliseconds;

constexpr double kMaxRate = 10'000'000;  // arrivals per second; far past one machine
constexpr std::int64_t kMaxRecordsPerAccount = 100'000'000;
constexpr std::int64_t kMaxWeight = 1'000'000;
const milliseconds kMaxTimeout{3'600'000};

// Per-record overhead of a push body besides the base64 ciphertext: the table, a 64-character id,
// updated_at, deleted, the base64 nonce, keys and punctuation (rounded up).
constexpr std::int64_t kEnvelopeOverheadBytes = 256;

constexpr Action kActions[] = {Action::push,     Action::pull,           Action::status,
                               Action::conflict, Action::delete_records, Action::raw};

std::optional<Action> action_named(std::string_view name) {
  for (Action a : kActions) {
    if (action_name(a) == name) return a;
  }
  return std::nullopt;
}

std::string action_list() {
  std::string out;
  for (Action a : kActions) out += (out.empty() ? "" : ", ") + std::string(action_name(a));
  return out;
}

// Checks the keys of a mix entry: each action allows its own.
void check_entry_keys(YamlReader& r, const YAML::Node& node, const std::string& f, Action action) {
  switch (action) {
    case Action::push:
      r.map(node, f, {"action", "name", "weight", "records", "bytes"});
      return;
    case Action::pull:
      r.map(node, f, {"action", "name", "weight", "limit"});
      return;
    case Action::status:
      r.map(node, f, {"action", "name", "weight"});
      return;
    case Action::conflict:
      r.map(node, f, {"action", "name", "weight", "bytes", "resolution"});
      return;
    case Action::delete_records:
      r.map(node, f, {"action", "name", "weight", "records"});
      return;
    case Action::raw:
      r.map(node, f, {"action", "name", "weight", "method", "path", "body"});
      return;
  }
}

std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

std::string rate_text(double rate) {
  std::ostringstream out;
  out << rate;
  return out.str();
}

// One profile document being read: the reader (which owns the error list) and the profile.
class ProfileReader {
 public:
  explicit ProfileReader(YamlReader& reader) : r_(reader) {}

  std::optional<LoadProfile> read(const YAML::Node& root) {
    const std::size_t errors_before = r_.error_count();
    p_.file = r_.file();
    p_.mark = r_.mark(root);
    if (!r_.map(root, "",
                {"name", "description", "model", "devices", "devices_per_account",
                 "records_per_account", "warmup", "duration", "rate", "stages", "start_rate",
                 "think_time", "timeout", "mix", "thresholds"})) {
      return std::nullopt;
    }
    read_head(root);
    read_model(root);
    read_mix(root);
    read_thresholds(root);
    if (r_.error_count() != errors_before) return std::nullopt;
    return std::move(p_);
  }

 private:
  void read_head(const YAML::Node& root) {
    if (auto name = r_.string(root, "name", "", true)) {
      static const std::regex name_re("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
      if (std::regex_match(*name, name_re)) {
        p_.name = *name;
      } else {
        r_.error(root["name"], "name",
                 in_quotes(*name) +
                     " is not a profile name: letters, digits, '.', '_', '-', at most "
                     "64, starting with a letter or digit (it names report files)");
      }
    }
    if (auto d = r_.string(root, "description", "", false)) p_.description = *d;
    if (auto n = r_.integer(root, "devices", "", true, 1, kMaxDevices)) p_.devices = *n;
    if (auto n = r_.integer(root, "devices_per_account", "", false, 1, kMaxDevices)) {
      p_.devices_per_account = *n;
    }
    if (auto n = r_.integer(root, "records_per_account", "", false, 1, kMaxRecordsPerAccount)) {
      p_.records_per_account = *n;
    }
    if (auto t = duration(root, "warmup", "")) p_.warmup = *t;
    if (auto t = duration(root, "timeout", "")) {
      if (*t <= milliseconds(0) || *t > kMaxTimeout) {
        r_.error(root["timeout"], "timeout", "must be more than 0s and at most 1h");
      } else {
        p_.timeout = *t;
      }
    }
  }

  void read_model(const YAML::Node& root) {
    const auto model = r_.string(root, "model", "", true);
    if (!model) return;
    if (*model == "closed") {
      p_.model = Model::closed;
      read_closed(root);
    } else if (*model == "open") {
      p_.model = Model::open;
      read_open(root);
    } else {
      r_.error(root["model"], "model",
               "unknown model " + in_quotes(*model) +
                   " (closed: devices in a loop; open: arrivals per second)");
    }
  }

  void read_closed(const YAML::Node& root) {
    for (const char* key : {"rate", "stages", "start_rate"}) {
      if (root[key].IsDefined()) {
        r_.error(root[key], key,
                 "applies only to model: open (a closed profile runs `devices` devices in a "
                 "loop, paced by think_time)");
      }
    }
    read_measured_duration(root, "model: closed");
    read_think_time(root);
  }

  void read_open(const YAML::Node& root) {
    if (root["think_time"].IsDefined()) {
      r_.error(root["think_time"], "think_time",
               "applies only to model: closed (an open profile is paced by rate or stages)");
    }
    const bool has_rate = root["rate"].IsDefined();
    const bool has_stages = root["stages"].IsDefined();
    if (has_rate && has_stages) {
      r_.error(root["stages"], "stages",
               "give either rate (with duration: a constant rate) or stages (ramping), not both");
      // Each is still read, so that its own mistakes are reported too.
      number(root["rate"], "rate", /*allow_zero=*/false);
      read_stages(root["stages"]);
      if (root["duration"].IsDefined()) duration(root, "duration", "");
      return;
    }
    if (!has_rate && !has_stages) {
      r_.error(root, "rate",
               "model: open needs rate (with duration) for a constant rate, or stages to ramp");
      if (root["duration"].IsDefined()) duration(root, "duration", "");
      return;
    }
    if (has_rate) {
      p_.rate = number(root["rate"], "rate", /*allow_zero=*/false);
      if (root["start_rate"].IsDefined()) {
        r_.error(root["start_rate"], "start_rate",
                 "applies only with stages (it is where the first stage ramps from)");
      }
      read_measured_duration(root, "a constant rate");
      return;
    }
    if (root["duration"].IsDefined()) {
      r_.error(root["duration"], "duration",
               "a staged profile lasts as long as its stages; remove duration (or use rate)");
    }
    if (root["start_rate"].IsDefined()) {
      if (auto s = number(root["start_rate"], "start_rate", /*allow_zero=*/true))
        p_.start_rate = *s;
    }
    read_stages(root["stages"]);
    if (p_.warmup > milliseconds(0) && p_.start_rate == 0) {
      r_.error(root["warmup"], "warmup",
               "a staged profile warms up at start_rate, which is 0: nothing would run; set "
               "start_rate or make the first stage the warm-up");
    }
  }

  void read_measured_duration(const YAML::Node& root, std::string_view why) {
    if (!root["duration"].IsDefined()) {
      r_.error(root, "duration", "is required with " + std::string(why));
      return;
    }
    if (auto t = duration(root, "duration", "")) {
      if (*t <= milliseconds(0)) {
        r_.error(root["duration"], "duration", "must be more than 0s");
      } else {
        p_.duration = *t;
      }
    }
  }

  void read_stages(const YAML::Node& node) {
    if (!r_.sequence(node, "stages")) return;
    if (node.size() == 0) {
      r_.error(node, "stages", "needs at least one stage, e.g. {duration: 30s, target: 100}");
      return;
    }
    milliseconds total{0};
    bool any_arrivals = p_.start_rate > 0;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const YAML::Node s = node[i];
      const std::string f = index_field("stages", i);
      if (!r_.map(s, f, {"duration", "target"})) continue;
      Stage stage;
      stage.mark = r_.mark(s);
      const auto d = duration(s, "duration", f, /*required=*/true);
      std::optional<double> target;
      if (!s["target"].IsDefined()) {
        r_.error(s, join_field(f, "target"),
                 "is required (arrivals per second at the stage's end)");
      } else {
        target = number(s["target"], join_field(f, "target"), /*allow_zero=*/true);
      }
      if (!d || !target) continue;
      stage.duration = *d;
      stage.target = *target;
      total += *d;
      any_arrivals = any_arrivals || *target > 0;
      p_.stages.push_back(stage);
    }
    if (p_.stages.size() != node.size()) return;  // already reported
    if (total <= milliseconds(0)) {
      r_.error(node, "stages", "the stages last 0s in all; give at least one a duration");
    } else if (!any_arrivals) {
      r_.error(node, "stages", "every target (and start_rate) is 0: nothing would run");
    }
  }

  void read_think_time(const YAML::Node& root) {
    const YAML::Node node = root["think_time"];
    if (!node.IsDefined()) return;
    if (scenario::is_map(node)) {
      if (!r_.map(node, "think_time", {"min", "max"})) return;
      const auto lo = duration(node, "min", "think_time", /*required=*/true);
      const auto hi = duration(node, "max", "think_time", /*required=*/true);
      if (!lo || !hi) return;
      if (*lo > *hi) {
        r_.error(node["max"], "think_time.max",
                 "is less than min (" + format_duration(*lo) + "); max must be >= min");
        return;
      }
      p_.think_time = {*lo, *hi};
      return;
    }
    if (auto t = duration(root, "think_time", "")) p_.think_time = {*t, *t};
  }

  void read_mix(const YAML::Node& root) {
    const YAML::Node node = root["mix"];
    if (!node.IsDefined()) {
      r_.error(root, "mix", "is required: a list of actions, e.g. [{action: push, weight: 1}]");
      return;
    }
    if (!r_.sequence(node, "mix")) return;
    if (node.size() == 0) {
      r_.error(node, "mix", "needs at least one action (" + action_list() + ")");
      return;
    }
    std::map<std::string, std::string> names;  // entry name -> field of its first entry
    for (std::size_t i = 0; i < node.size(); ++i) {
      auto entry = read_entry(node[i], index_field("mix", i));
      if (!entry) continue;
      const std::string f = index_field("mix", i);
      const auto [it, fresh] = names.emplace(entry->name, f);
      if (!fresh) {
        r_.error(node[i], join_field(f, "name"),
                 "another entry (" + it->second + ") is also named " + in_quotes(entry->name) +
                     "; give one a distinct name: so their metrics stay apart");
        continue;
      }
      p_.mix.push_back(std::move(*entry));
    }
  }

  std::optional<MixEntry> read_entry(const YAML::Node& node, const std::string& f) {
    if (!scenario::is_map(node)) {
      r_.map(node, f, {});  // reports "must be a mapping"
      return std::nullopt;
    }
    const auto action = r_.string(node, "action", f, true);
    if (!action) return std::nullopt;
    const auto found = action_named(*action);
    if (!found) {
      r_.error(node["action"], join_field(f, "action"),
               "unknown action " + in_quotes(*action) + " (actions: " + action_list() + ")");
      return std::nullopt;
    }
    const std::size_t errors_before = r_.error_count();
    check_entry_keys(r_, node, f, *found);
    MixEntry e;
    e.mark = r_.mark(node);
    e.action = *found;
    e.name = *action;
    if (auto name = r_.string(node, "name", f, false)) {
      static const std::regex name_re("[a-z][a-z0-9_]{0,63}");
      if (std::regex_match(*name, name_re)) {
        e.name = *name;
      } else {
        r_.error(node["name"], join_field(f, "name"),
                 in_quotes(*name) +
                     " is not an action name: [a-z][a-z0-9_]* (thresholds use it, "
                     "as in p99(" +
                     *action + "_big))");
      }
    }
    if (auto w = r_.integer(node, "weight", f, false, 1, kMaxWeight)) e.weight = *w;
    if (auto n =
            r_.integer(node, "records", f, false, 0, std::numeric_limits<std::int64_t>::max())) {
      if (*n < 1 || *n > kMaxPushRecords) {
        r_.error(
            node["records"], join_field(f, "records"),
            "must be 1 to 500, the contract's batch limit (section 4), got " + std::to_string(*n));
      } else {
        e.records = *n;
      }
    }
    if (auto n = r_.integer(node, "bytes", f, false, 2, kMaxPlaintextBytes)) e.bytes = *n;
    if (auto n = r_.integer(node, "limit", f, false, 1, kMaxPullLimit)) e.pull_limit = *n;
    if (auto res = r_.string(node, "resolution", f, false)) {
      if (const auto parsed = client::parse_resolution(*res)) {
        e.resolution = *parsed;
      } else {
        r_.error(node["resolution"], join_field(f, "resolution"),
                 "unknown resolution " + in_quotes(*res) + " (local, server, merged)");
      }
    }
    if (e.action == Action::raw) read_raw(node, f, e);
    check_entry(node, f, e);
    if (r_.error_count() != errors_before) return std::nullopt;
    return e;
  }

  void read_raw(const YAML::Node& node, const std::string& f, MixEntry& e) {
    e.method = r_.string(node, "method", f, false).value_or("GET");
    if (e.method != "GET" && e.method != "POST" && e.method != "PUT") {
      r_.error(node["method"], join_field(f, "method"),
               "unknown method " + in_quotes(e.method) + " (GET, POST, PUT)");
    }
    if (auto path = r_.string(node, "path", f, true)) {
      e.path = *path;
      const bool clean = std::none_of(path->begin(), path->end(), [](char c) {
        return static_cast<unsigned char>(c) <= ' ' || c == 0x7f;
      });
      if (path->empty() || path->front() != '/' || !clean) {
        r_.error(node["path"], join_field(f, "path"),
                 in_quotes(*path) +
                     " is not a request path: it starts with '/' and has no spaces "
                     "(the host comes from --target)");
      }
    }
    if (auto body = r_.string(node, "body", f, false)) {
      if (e.method == "GET") {
        r_.error(node["body"], join_field(f, "body"),
                 "a GET request has no body (use POST or PUT)");
      }
      e.body = *body;
    }
  }

  // Rules between an entry's fields and the profile's.
  void check_entry(const YAML::Node& node, const std::string& f, const MixEntry& e) {
    const bool writes_records = e.action == Action::push || e.action == Action::delete_records;
    if (writes_records && e.records > p_.records_per_account) {
      r_.error(node["records"].IsDefined() ? node["records"] : node, join_field(f, "records"),
               std::to_string(e.records) +
                   " records per request is more than records_per_account (" +
                   std::to_string(p_.records_per_account) +
                   "): one push repeating an id is refused by the contract; raise "
                   "records_per_account");
    }
    if (e.action == Action::push) {
      const std::int64_t base64 =
          (e.bytes + 16 + 2) / 3 * 4;  // the ciphertext carries a 16-byte MAC
      const std::int64_t body = e.records * (base64 + kEnvelopeOverheadBytes) + 64;
      if (body > kMaxPushBodyBytes) {
        r_.error(node, f,
                 "a push of " + std::to_string(e.records) + " records of " +
                     std::to_string(e.bytes) + " bytes makes a body of about " +
                     std::to_string(body / (1024 * 1024)) +
                     " MiB, over the contract's 16 MiB (413); lower records or bytes");
      }
    }
    if (e.action == Action::conflict && (p_.devices_per_account < 2 || p_.devices < 2)) {
      r_.error(node["action"], join_field(f, "action"),
               "a conflict cycle needs two devices of one account: set devices and "
               "devices_per_account to 2 or more");
    }
  }

  void read_thresholds(const YAML::Node& root) {
    const YAML::Node node = root["thresholds"];
    if (!node.IsDefined() || !r_.sequence(node, "thresholds")) return;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string f = index_field("thresholds", i);
      auto text = r_.as_string(node[i], f);
      if (!text) continue;
      if (text->find_first_not_of(" \t") == std::string::npos) {
        r_.error(node[i], f, "is empty; write e.g. \"p99(push) < 250ms\"");
        continue;
      }
      p_.thresholds.push_back(ThresholdSpec{*text, r_.mark(node[i]), f});
    }
  }

  // A duration member: nullopt (and an error) when malformed, or absent when not `required`.
  std::optional<milliseconds> duration(const YAML::Node& map, const char* key,
                                       const std::string& parent, bool required = false) {
    const YAML::Node node = map[key];
    const std::string f = join_field(parent, key);
    if (!node.IsDefined()) {
      if (required) r_.error(map, f, "is required");
      return std::nullopt;
    }
    if (!is_scalar(node)) {
      r_.error(node, f, "must be a duration such as 30s, 1m30s or 250ms");
      return std::nullopt;
    }
    auto parsed = parse_duration(node.Scalar());
    if (!parsed.value) r_.error(node, f, parsed.problem);
    return parsed.value;
  }

  // A plain number (integer or decimal), > 0 or >= 0, at most kMaxRate.
  std::optional<double> number(const YAML::Node& node, const std::string& f, bool allow_zero) {
    std::optional<double> value;
    if (is_scalar(node) && node.Tag() != "!") {
      const auto json = scenario::plain_scalar_to_json(node.Scalar());
      if (json.is_number()) value = json.get<double>();
    }
    const std::string range = allow_zero ? "0 or more" : "more than 0";
    if (!value) {
      r_.error(node, f,
               "must be a number of arrivals per second (" + range + "), got " +
                   (is_scalar(node) ? in_quotes(node.Scalar())
                    : node.IsNull() ? std::string("nothing")
                                    : std::string("a collection")));
      return std::nullopt;
    }
    if (!std::isfinite(*value) || *value < 0 || (*value == 0 && !allow_zero) || *value > kMaxRate) {
      r_.error(
          node, f,
          "must be " + range + " and at most " + rate_text(kMaxRate) + ", got " + node.Scalar());
      return std::nullopt;
    }
    return value;
  }

  YamlReader& r_;
  LoadProfile p_;
};

}  // namespace

std::optional<LoadProfile> parse_profile(std::string_view text, const std::string& file,
                                         std::vector<LoadError>& errors) {
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    errors.push_back({file, e.mark.line + 1, e.mark.column + 1, "", "not valid YAML: " + e.msg});
    return std::nullopt;
  }
  if (docs.empty() || (docs.size() == 1 && docs[0].IsNull())) {
    errors.push_back(
        {file, 0, 0, "", "is empty: a load profile is a mapping (name, model, mix, ...)"});
    return std::nullopt;
  }
  YamlReader reader(file, errors);
  if (docs.size() > 1) {
    reader.error(
        docs[1], "",
        "holds " + std::to_string(docs.size()) + " YAML documents; a load profile file holds one");
    return std::nullopt;
  }
  auto profile = ProfileReader(reader).read(docs[0]);
  if (!profile) return profile;
  // A threshold on a metric or action that does not exist is an error now, never a silent pass.
  bool bad = false;
  const auto names = action_names(*profile);
  for (const auto& t : profile->thresholds) {
    auto parsed = reports::parse_threshold(t.expression, names);
    if (const auto* message = std::get_if<std::string>(&parsed)) {
      errors.push_back({file, t.mark.line, t.mark.column, t.field, *message});
      bad = true;
    }
  }
  if (bad) return std::nullopt;
  return profile;
}

std::optional<LoadProfile> load_profile(const std::filesystem::path& file,
                                        std::vector<LoadError>& errors) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    errors.push_back({file.string(), 0, 0, "", "cannot read the load profile"});
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_profile(text.str(), file.string(), errors);
}

}  // namespace syncsuite::load
