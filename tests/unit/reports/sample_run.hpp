#pragma once
// A fixed RunResult with one scenario of every outcome (pass, fail, error, skipped, warn, known),
// markup-hostile text, a body longer than the cut limit, a control character and invalid UTF-8.
// The golden files in tests/golden/reports/ are the writers' output for exactly this run.
#include <string>
#include <utility>

#include "reports/run_result.hpp"

namespace syncsuite::reports::testing {

// 5000 bytes: '{"data":"', then "é" repeated (2 bytes each, starting at odd offsets) so that
// byte 4096 falls inside one, then '!"}'.
inline std::string long_body() {
  std::string body = "{\"data\":\"";
  while (body.size() < 4997) body += "\xC3\xA9";
  body += "!\"}";
  return body;
}

inline Exchange push_exchange() {
  return Exchange{
      .method = "POST",
      .target = "/api/v1/sync/push/",
      .url = "http://127.0.0.1:8080/api/v1/sync/push/",
      .request_headers = {{"Authorization", "Token [redacted]"},
                          {"Content-Type", "application/json"}},
      .request_body =
          R"({"device_id":"d-1","records":[{"table":"notes","id":"a<1>&'x'","updated_at":"2026-11-24T10:00:01.000Z"}]})",
      .status = 200,
      .response_headers = {{"Content-Type", "application/json"},
                           {"X-Note", "a \"quoted\" <value> & more"}},
      .response_body = long_body(),
      .transport_error = "",
      .elapsed_ms = 12.25,
      .curl =
          "curl -sS -X POST -H \"Authorization: Token $SYNCSUITE_TOKEN\" -H 'Content-Type: "
          "application/json' "
          "--data-binary @body.json 'http://127.0.0.1:8080/api/v1/sync/push/'",
  };
}

inline Exchange status_exchange(std::string response_body) {
  return Exchange{
      .method = "GET",
      .target = "/api/v1/sync/status/",
      .url = "http://127.0.0.1:8080/api/v1/sync/status/",
      .request_headers = {{"Authorization", "Token [redacted]"}},
      .request_body = "",
      .status = 200,
      .response_headers = {{"Content-Type", "application/json"}},
      .response_body = std::move(response_body),
      .transport_error = "",
      .elapsed_ms = 3.5,
      .curl =
          "curl -sS -H \"Authorization: Token $SYNCSUITE_TOKEN\" "
          "'http://127.0.0.1:8080/api/v1/sync/status/'",
  };
}

inline RunResult sample_run() {
  RunResult run;
  run.target = "http://127.0.0.1:8080";
  run.started_at = "2026-11-24T10:00:00.123Z";
  run.duration_ms = 1234.5;
  run.seed = 18446744073709551557ull;  // above 2^63: must survive every writer exactly
  run.baseline_fixed = {"5/limit-out-of-range"};

  // 1. pass, with checks in sections 4.2 and 10 (sections sort by number: 10 after 7).
  run.scenarios.push_back(ScenarioResult{
      .name = "push: first write gets version 1",
      .file = "conformance/04-push/first-write.yaml",
      .description = "A new record is accepted with version 1.",
      .tags = {"push"},
      .sections = {"4.2", "10"},
      .verdict = Verdict::pass,
      .duration_ms = 15.75,
      .checks = {CheckResult{.id = "4.2/new-record-version-1",
                             .section = "4.2",
                             .contract_text = "no S: store it, version 1 → accepted;",
                             .verdict = Verdict::pass,
                             .scenario_step = "step 1: push a",
                             .expected = "status accepted, version 1",
                             .actual = "status accepted, version 1",
                             .message = "",
                             .exchanges = {},
                             .baseline_known = false},
                 CheckResult{
                     .id = "10/fresh-record-ids",
                     .section = "10",
                     .contract_text = "a run uses fresh record ids and judges only what it wrote.",
                     .verdict = Verdict::pass,
                     .scenario_step = "setup",
                     .expected = "",
                     .actual = "",
                     .message = "",
                     .exchanges = {},
                     .baseline_known = false}},
      .error = "",
      .wirelog = {status_exchange(R"({"record_count":1,"conflict_count":0})")},
  });

  // 2. fail: markup-hostile text, a long body, a control character and invalid UTF-8.
  Exchange odd = status_exchange("");
  odd.response_body = "{\"detail\":\"bell\x07 and bad byte \xFF end ]]>\"}";
  run.scenarios.push_back(ScenarioResult{
      .name = "push: later write <wins> & \"earlier\" loses",
      .file = "conformance/04-push/lww.yaml",
      .description = "Two devices push the same record; the later updated_at must win.",
      .tags = {"push", "conflict"},
      .sections = {"4.2", "7"},
      .verdict = Verdict::fail,
      .duration_ms = 48.125,
      .checks =
          {CheckResult{.id = "4.2/lww-earlier-conflicts",
                       .section = "4.2",
                       .contract_text = "otherwise (updated_at earlier than or equal to "
                                        "S.updated_at, content differs): store nothing → conflict",
                       .verdict = Verdict::pass,
                       .scenario_step = "step 2: push b (earlier)",
                       .expected = "status conflict",
                       .actual = "status conflict",
                       .message = "",
                       .exchanges = {},
                       .baseline_known = false},
           CheckResult{.id = "4.2/lww-later-wins",
                       .section = "4.2",
                       .contract_text = "updated_at later than S.updated_at: store it (last write "
                                        "wins), version S.version + 1 → accepted;",
                       .verdict = Verdict::fail,
                       .scenario_step = "step 3: push a",
                       .expected = "results[0] = {\"status\": \"accepted\", \"version\": 2}",
                       .actual = "results[0] = {\"status\": \"conflict\"} & <no version>",
                       .message = "the later write was refused as a conflict",
                       .exchanges = {push_exchange()},
                       .baseline_known = false},
           CheckResult{
               .id = "7/conflict-count",
               .section = "7",
               .contract_text =
                   "conflict_count: <records conflicted and not since resolved or overwritten>",
               .verdict = Verdict::pass,
               .scenario_step = "step 4: status",
               .expected = "conflict_count 1",
               .actual = "conflict_count 1",
               .message = "",
               .exchanges = {odd},
               .baseline_known = false}},
      .error = "",
      .wirelog = {push_exchange(), odd},
  });

  // 3. error: the target stopped answering.
  Exchange lost{.method = "GET",
                .target = "/api/v1/sync/pull/?since=&limit=2",
                .url = "http://127.0.0.1:8080/api/v1/sync/pull/?since=&limit=2",
                .request_headers = {{"Authorization", "Token [redacted]"}},
                .request_body = "",
                .status = 0,
                .response_headers = {},
                .response_body = "",
                .transport_error = "timeout after 5000 ms",
                .elapsed_ms = 5000,
                .curl =
                    "curl -sS -H \"Authorization: Token $SYNCSUITE_TOKEN\" "
                    "'http://127.0.0.1:8080/api/v1/sync/pull/?since=&limit=2'"};
  run.scenarios.push_back(ScenarioResult{
      .name = "pull: cursor follows commits",
      .file = "conformance/05-pull/cursor.yaml",
      .description = "Follow the cursor while has_more; nothing is skipped.",
      .tags = {"pull"},
      .sections = {"5"},
      .verdict = Verdict::error,
      .duration_ms = 5003.0,
      .checks = {CheckResult{
          .id = "5/cursor-no-skips",
          .section = "5",
          .contract_text = "nothing is ever skipped, also while other devices push concurrently.",
          .verdict = Verdict::error,
          .scenario_step = "step 2: pull page 1",
          .expected = "a response within 5000 ms",
          .actual = "no response",
          .message = "timeout after 5000 ms",
          .exchanges = {lost},
          .baseline_known = false}},
      .error = "timeout after 5000 ms waiting for GET /api/v1/sync/pull/",
      .wirelog = {lost},
  });

  // 4. skipped.
  run.scenarios.push_back(ScenarioResult{
      .name = "transport: TLS certificate verified",
      .file = "conformance/01-transport/tls.yaml",
      .description = "Only for https targets.",
      .tags = {"tls"},
      .sections = {"1"},
      .verdict = Verdict::skipped,
      .duration_ms = 0,
      .checks = {CheckResult{.id = "1/tls-verified",
                             .section = "1",
                             .contract_text = "HTTP/1.1 over TCP or TLS.",
                             .verdict = Verdict::skipped,
                             .scenario_step = "",
                             .expected = "",
                             .actual = "",
                             .message = "target is plain http",
                             .exchanges = {},
                             .baseline_known = false}},
      .error = "",
      .wirelog = {},
  });

  // 5. warn: only a SHOULD missed.
  Exchange html_error = status_exchange(R"({"record_count":0,"conflict_count":0})");
  html_error.response_headers = {{"Content-Type", "text/plain"}};
  run.scenarios.push_back(ScenarioResult{
      .name = "transport: JSON content type",
      .file = "conformance/01-transport/content-type.yaml",
      .description = "Responses should say application/json.",
      .tags = {},
      .sections = {"1"},
      .verdict = Verdict::warn,
      .duration_ms = 4.5,
      .checks = {CheckResult{
          .id = "1/json-content-type",
          .section = "1",
          .contract_text =
              "Request and response bodies are UTF-8 JSON, Content-Type: application/json.",
          .verdict = Verdict::warn,
          .scenario_step = "step 1: status",
          .expected = "Content-Type: application/json",
          .actual = "Content-Type: text/plain",
          .message = "response body is JSON but labelled text/plain",
          .exchanges = {html_error},
          .baseline_known = false}},
      .error = "",
      .wirelog = {html_error},
  });

  // 6. known: a failure listed in the baseline.
  run.scenarios.push_back(ScenarioResult{
      .name = "status: tombstones counted",
      .file = "conformance/07-status/record-count.yaml",
      .description = "record_count includes tombstones.",
      .tags = {"status"},
      .sections = {"7"},
      .verdict = Verdict::fail,
      .duration_ms = 9.0,
      .checks = {CheckResult{
          .id = "7/record-count-tombstones",
          .section = "7",
          .contract_text = "record_count: <records of this user, tombstones included>",
          .verdict = Verdict::fail,
          .scenario_step = "step 3: status",
          .expected = "record_count 2",
          .actual = "record_count 1",
          .message = "the tombstone was not counted",
          .exchanges = {status_exchange(R"({"record_count":1,"conflict_count":0})")},
          .baseline_known = true}},
      .error = "",
      .wirelog = {status_exchange(R"({"record_count":1,"conflict_count":0})")},
  });
  return run;
}

}  // namespace syncsuite::reports::testing
