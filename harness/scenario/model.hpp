#pragma once
// A conformance scenario as plain data: what scenarios/README.md describes, after loading and
// validation (loader.hpp). Strings marked "templated" may still hold ${...} and are expanded when
// the step runs (templating.hpp); everything else is checked at load time.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace syncsuite::scenario {

using Json = nlohmann::json;

// Where something was written: for errors and reports. line and column are 1-based; 0 = unknown.
struct Mark {
  std::string file;
  int line = 0;
  int column = 0;
};

// ---- expectations ----------------------------------------------------------------------------

// One alternative of `status:`: an exact code (404) or a class ("4xx": code_class = 4).
struct StatusAlternative {
  int code = 0;        // exact code, or 0 when code_class is set
  int code_class = 0;  // 1..5 for "1xx".."5xx"
};

// A JSON field matcher; every set member must hold.
struct Matcher {
  std::optional<Json> equals;        // templated
  std::optional<Json> not_equals;    // templated
  std::optional<bool> exists;
  std::optional<std::string> type;   // string, number, integer, boolean, object, array, null
  std::optional<std::string> matches;  // ECMAScript regex, whole string
  std::optional<std::vector<Json>> one_of;  // templated
  std::optional<std::int64_t> length;
  std::optional<Json> contains;      // templated; an array element whose fields include these
  std::optional<Json> not_contains;  // templated
};

struct JsonAssertion {
  Mark mark;
  std::string path;  // "results[0].server.version"; "" = the whole body
  Matcher matcher;
};

struct DecryptsTo {
  std::string path;          // envelope location in the body; "" = the body itself
  std::string device;        // whose account key opens it ("" when account is set)
  std::optional<int> account;
  Json data;                 // templated; expected plaintext without the canary
};

// A record a device or the server should hold (only the set fields are compared).
struct RecordSpec {
  Mark mark;
  std::string table;
  std::string id;  // templated, then mapped to the run id
  std::optional<Json> data;  // templated
  std::optional<bool> deleted;
  std::optional<std::string> updated_at;  // time spec (absolute or relative), templated
  std::optional<std::string> sync_status;  // pending, syncing, synced, conflict (devices only)
  std::optional<std::int64_t> version;
  std::optional<std::string> same_as;  // server only: byte-exact as this remembered $envelope
};

struct DeviceAssertion {
  std::string device;
  std::vector<RecordSpec> records;
  std::vector<RecordSpec> absent;  // table and id only
  std::optional<std::int64_t> count;
  std::optional<std::int64_t> conflicts;
};

struct ServerDelta {
  int account = 0;
  std::optional<std::int64_t> record_count;
  std::optional<std::int64_t> conflict_count;
};

struct ServerRecords {
  int account = 0;
  std::vector<RecordSpec> records;
  std::vector<RecordSpec> absent;
  std::optional<std::int64_t> count;
};

// Account `account`'s pulls never return a record of this scenario that another account wrote:
// walks from the beginning and from the scenario's start cursor, every page, at most max_pages
// pages each (README "isolated").
struct Isolated {
  int account = 1;
  std::vector<int> from;  // the writers; empty = every other account of the accounts file
  int limit = 1000;       // page size of the walks
  int max_pages = 20;     // cap of each walk
};

struct Expectation {
  Mark mark;
  std::string check;  // an id of checks.yaml
  // Response assertions (last HTTP response of the step).
  std::vector<StatusAlternative> status;  // any of; empty = not asserted
  bool error_body = false;
  std::optional<std::string> content_type;
  std::vector<JsonAssertion> json;
  std::optional<DecryptsTo> decrypts_to;
  std::optional<bool> ok;
  // The device's answer to the step's request (section 9), e.g. {synced: true} of foreground.
  std::vector<JsonAssertion> reply;
  // State assertions.
  std::optional<DeviceAssertion> device;
  std::optional<ServerDelta> server_delta;
  std::optional<ServerRecords> server_records;
  bool nothing_stored = false;
  std::vector<std::string> converged;
  std::optional<Isolated> isolated;

  bool needs_reply() const { return !reply.empty(); }
  bool needs_response() const {
    return !status.empty() || error_body || content_type || !json.empty() || decrypts_to;
  }
};

// ---- steps -----------------------------------------------------------------------------------

struct Step;

struct PutStep {
  std::string device, table;
  std::string id;                         // templated, run-mapped
  Json data = Json::object();             // templated
  std::optional<std::string> updated_at;  // time spec, templated
};
struct DeleteStep {
  std::string device, table, id;
  std::optional<std::string> updated_at;
};
struct SyncStep {
  std::string device;
  bool lose_response = false;
};
struct PushStep {
  std::string device;
  bool lose_response = false;
};
struct PullStep {
  std::string device;
};
struct ResolveStep {
  std::string device, table, id;
  std::string choice;  // local, server, merged
  std::optional<Json> data;
};
struct ClockStep {
  std::string device;
  std::string at;  // time spec, templated
};

// Optional requests of contract 9: `foreground` (auto-sync) and `state` (the sync state).
struct ForegroundStep {
  std::string device;
};
struct StateStep {
  std::string device;
};

// The scripted server of `syncsuite client` (harness/client/server_script.hpp): set before the
// client's next requests. Not available against other targets.
struct ServerTrigger {
  std::string method;  // "" = any
  std::string path;
  std::uint64_t nth = 1;
  int account = 0;     // whose token the push carries
  Json records;        // templated push records ($envelope): another device's writes
};
struct ServerStep {
  std::optional<Json> faults;      // fault rules (mockserver/fault_plan.hpp), replacing the plan
  std::optional<int> page_size;    // cap of pull pages; 0 = none
  std::vector<ServerTrigger> before;
};

struct AuthSpec {
  enum class Kind { account, device, none, bogus };
  Kind kind = Kind::account;
  int account = 0;
  std::string device;
  std::string scheme = "Token";
};

struct RequestStep {
  std::string method = "GET";
  std::string path;  // templated, substitutions %-encoded
  AuthSpec auth;
  std::vector<std::pair<std::string, std::string>> headers;  // values templated
  enum class Body { none, json, text, filler };
  Body body_kind = Body::none;
  Json json;                // Body::json, templated ($envelope, $repeat)
  std::string text;         // Body::text, templated
  std::uint64_t filler_bytes = 0;  // Body::filler
  std::optional<std::uint64_t> pad_to;      // Body::json: padded to exactly this many bytes
  std::optional<std::string> content_type;  // "none" = omit
  bool lose_response = false;
  std::string save_as;
};

struct ConcurrentlyStep {
  std::vector<Step> steps;
};
struct SequenceStep {
  std::vector<Step> steps;
};
struct RepeatStep {
  int times = 1;
  std::vector<Step> steps;
};
struct ExpectStep {};
// The generated negative-input campaign of one request (harness/generated): one judged request
// per bad variant. `judges` holds one expectation per check id the campaign can judge, so that
// --list and --id see them; the runner judges them itself.
struct GeneratedStep {
  std::string request;  // push, pull, resolve, key, headers
  std::vector<Expectation> judges;
};

using StepAction = std::variant<PutStep, DeleteStep, SyncStep, PushStep, PullStep, ResolveStep,
                                ClockStep, ForegroundStep, StateStep, ServerStep, RequestStep,
                                ConcurrentlyStep, SequenceStep, RepeatStep, ExpectStep, GeneratedStep>;

struct Step {
  Mark mark;
  std::string kind;  // the YAML key: "put", "request", ...
  std::string name;  // label for reports: given, or "step N: <kind> <device>"
  StepAction action;
  std::vector<Expectation> expect;
};

// ---- scenario --------------------------------------------------------------------------------

struct DeviceSpec {
  Mark mark;
  std::string name;
  int account = 0;
  std::string device_id;  // "" = "<run>-<name>"
  int pull_limit = 500;   // `limit` of each pull page, 1..1000
  int push_batch = 500;   // records per push request, 1..500
  // `syncsuite client`: a reference device beside the client under test ("another device");
  // every device is a reference device in `syncsuite run`.
  bool reference = false;
};

struct GivenUse {
  Mark mark;
  std::string state;
  std::string device = "phone";
  std::string other = "laptop";
  std::string table = "notes";
  std::optional<std::string> id;  // default per state
};

struct Scenario {
  Mark mark;
  std::string file;  // as found (path)
  std::string name;
  std::string description;
  std::vector<std::string> sections;
  std::vector<std::string> tags;
  std::optional<std::string> base_time;  // RFC 3339 ms
  std::vector<DeviceSpec> devices;       // declared and added by given states, in order
  std::vector<GivenUse> given;
  std::vector<Step> setup;  // the given states' steps (given_states.hpp), run before steps
  std::vector<Step> steps;
  int accounts_needed = 1;  // highest account index any device, auth or assertion uses, plus 1

  const DeviceSpec* find_device(const std::string& name) const {
    for (const auto& d : devices) {
      if (d.name == name) return &d;
    }
    return nullptr;
  }
};

}  // namespace syncsuite::scenario
