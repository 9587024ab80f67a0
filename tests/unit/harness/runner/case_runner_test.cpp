#include "harness/runner/case_runner.hpp"

#include <gtest/gtest.h>

namespace syncsuite::runner {
namespace {

scenario::CheckRegistry registry() {
  std::vector<scenario::LoadError> errors;
  return scenario::CheckRegistry::parse(
      "tags: [a]\nchecks:\n  - {id: 3/no-plaintext-on-wire, section: '3', level: MUST, text: never plaintext}\n",
      "checks.yaml", errors);
}

TEST(NoPlaintext, PassesWhenNoResponseHoldsTheCanary) {
  std::vector<reports::Exchange> log(2);
  log[0].response_body = R"({"records":[{"ciphertext":"AAAA"}]})";
  log[1].request_body = "syncsuite-canary-x";  // requests are the suite's own business
  const auto c = judge_no_plaintext(log, "syncsuite-canary-x", registry());
  EXPECT_EQ(c.verdict, reports::Verdict::pass);
  EXPECT_EQ(c.id, "3/no-plaintext-on-wire");
  EXPECT_EQ(c.section, "3");
}

TEST(NoPlaintext, FailsOnAnyResponseHoldingIt) {
  std::vector<reports::Exchange> log(2);
  log[1].method = "POST";
  log[1].target = "/api/v1/sync/push/";
  log[1].response_body = R"({"detail":"bad record {\"_canary\":\"syncsuite-canary-x\"}"})";
  const auto c = judge_no_plaintext(log, "syncsuite-canary-x", registry());
  EXPECT_EQ(c.verdict, reports::Verdict::fail);
  EXPECT_EQ(c.contract_text, "never plaintext");
  ASSERT_EQ(c.exchanges.size(), 1u);
  EXPECT_EQ(c.exchanges[0].target, "/api/v1/sync/push/");
}

}  // namespace
}  // namespace syncsuite::runner
