#pragma once
// The results of one suite run as plain data. The harness fills it; the writers (JUnit, JSON, HTML)
// only read it. No behaviour here beyond what the writers share (summary.hpp).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "reports/verdict.hpp"

namespace syncsuite::reports {

// Header fields in the order they were sent or received; names as on the wire, duplicates kept.
using Headers = std::vector<std::pair<std::string, std::string>>;

// One HTTP request and what came back: the evidence a check rests on.
struct Exchange {
  std::string method;  // "GET", "POST", ...
  std::string target;  // request target as sent: path and query, e.g. "/api/v1/sync/pull/?limit=2"
  std::string url;     // absolute URL the request went to, e.g.
                       // "http://127.0.0.1:8080/api/v1/sync/pull/?limit=2"
  Headers
      request_headers;  // as sent, except secrets: the harness redacts tokens before filling this
  std::string request_body;   // as sent, untruncated (writers cut long bodies)
  int status = 0;             // HTTP status of the response; 0 = no response (see transport_error)
  Headers response_headers;   // as received; empty when status == 0
  std::string response_body;  // as received, untruncated; may be any bytes (writers repair UTF-8)
  std::string transport_error;  // why there was no (complete) response, e.g. "timeout after 5000
                                // ms"; empty otherwise
  double elapsed_ms = 0;        // from the start of sending to the end of receiving (or the error)
  std::string
      curl;  // a command replaying the request; takes the token from an env var, never inline
};

// One judged rule of the contract within a scenario.
struct CheckResult {
  std::string
      id;  // stable across runs, section-prefixed: "4.2/lww-later-wins"; baselines list these
  std::string section;               // contract section the rule is in: "4.2"
  std::string contract_text;         // the contract sentence the check tests, quoted
  Verdict verdict = Verdict::error;  // fail-closed default: a check never judged is an error
  std::string scenario_step;         // where in the scenario it was judged: "step 3: push a"
  std::string expected;              // what the contract requires, concretely: "status 400"
  std::string actual;                // what the target did: "status 500"
  std::string message;               // one line of explanation for a human; may be empty on pass
  std::vector<Exchange>
      exchanges;  // the evidence: the exchanges this verdict rests on (subset of the wirelog)
  bool baseline_known =
      false;  // listed in the run's --baseline: a known fail/error does not gate the run
};

// One scenario file run against the target.
struct ScenarioResult {
  std::string name;  // scenario name from its file, e.g. "push: later write wins"
  std::string
      file;  // scenario file, relative to the scenarios root: "conformance/04-push/lww.yaml"
  std::string description;            // what the scenario does, from its file
  std::vector<std::string> tags;      // from its file, e.g. {"push", "conflict"}
  std::vector<std::string> sections;  // contract sections it covers, e.g. {"4.2", "7"}
  Verdict verdict =
      Verdict::error;  // worst of its checks' verdicts; error when setup failed or it was cut short
  double duration_ms = 0;           // wall time of the whole scenario
  std::vector<CheckResult> checks;  // in the order they were judged
  std::string
      error;  // why the scenario could not run or finish (setup failure, timeout); empty otherwise
  std::vector<Exchange> wirelog;  // every exchange the scenario made, in order
};

// One invocation of the suite.
struct RunResult {
  static constexpr int kSchemaVersion = 1;    // of the JSON report; bump on any incompatible change
  std::string generator = "syncsuite 0.1.0";  // tool name and version that produced the run
  std::string target;      // server URL under test, or "embedded reference server"
  std::string started_at;  // RFC 3339 UTC, e.g. "2026-11-24T10:00:00.123Z"
  double duration_ms = 0;  // wall time of the whole run
  std::uint64_t seed = 0;  // the run's random seed; rerunning with it repeats ids and choices
  std::vector<ScenarioResult> scenarios;  // in the order they ran
  std::vector<std::string>
      baseline_fixed;  // check ids listed in the baseline that now pass (time to drop them)
};

}  // namespace syncsuite::reports
