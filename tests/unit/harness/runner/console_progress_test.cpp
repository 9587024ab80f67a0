#include "harness/runner/console_progress.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace syncsuite::runner {
namespace {

reports::RunResult failing_run() {
  reports::RunResult run;
  run.scenarios.resize(2);
  auto& sc = run.scenarios[0];
  sc.name = "push/lww-later-wins";
  sc.file = "conformance/04-push/lww.yaml";
  sc.verdict = reports::Verdict::fail;
  reports::CheckResult c;
  c.id = "4.2/lww-later-wins";
  c.section = "4.2";
  c.contract_text = "later wins";
  c.verdict = reports::Verdict::fail;
  c.scenario_step = "step 2: push laptop";
  c.expected = "results[0].version equals 2";
  c.actual = "results[0].version is 1";
  c.message = "results[0].version equals 2, but results[0].version is 1";
  reports::Exchange e;
  e.method = "POST";
  e.target = "/api/v1/sync/push/";
  e.url = "http://127.0.0.1:1/api/v1/sync/push/";
  e.status = 200;
  e.curl = "curl --request 'POST' 'http://127.0.0.1:1/api/v1/sync/push/'";
  c.exchanges.push_back(e);
  sc.checks.push_back(c);
  auto& ok = run.scenarios[1];
  ok.name = "pull/shape";
  ok.verdict = reports::Verdict::pass;
  reports::CheckResult p;
  p.id = "5/shape";
  p.section = "5";
  p.verdict = reports::Verdict::pass;
  ok.checks.push_back(p);
  return run;
}

TEST(ConsoleProgress, OneLinePerScenarioWithItsFailingChecks) {
  std::ostringstream out;
  ConsoleProgress progress(out, false);
  const auto run = failing_run();
  progress.scenario_done(run.scenarios[0], 0, 12);
  progress.scenario_done(run.scenarios[1], 1, 12);
  const std::string text = out.str();
  EXPECT_NE(text.find("[ 1/12] FAIL    push/lww-later-wins"), std::string::npos) << text;
  EXPECT_NE(text.find("FAIL 4.2/lww-later-wins at step 2: push laptop"), std::string::npos) << text;
  EXPECT_NE(text.find("[ 2/12] PASS    pull/shape"), std::string::npos) << text;
}

TEST(ConsoleProgress, SummaryNamesEverythingAFailureNeeds) {
  std::ostringstream out;
  print_summary(out, failing_run(), false);
  const std::string text = out.str();
  for (const char* part : {"FAIL 4.2/lww-later-wins", "scenario: push/lww-later-wins", "step:     step 2: push laptop",
                           "contract: \"later wins\"", "results[0].version equals 2", "results[0].version is 1",
                           "POST http://127.0.0.1:1/api/v1/sync/push/", "$ curl", "4.2          0     1",
                           "5            1     0", "Result: FAIL"}) {
    EXPECT_NE(text.find(part), std::string::npos) << "missing '" << part << "' in\n" << text;
  }
}

}  // namespace
}  // namespace syncsuite::runner
