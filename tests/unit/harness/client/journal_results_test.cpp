#include "harness/client/journal_results.hpp"

#include <gtest/gtest.h>

namespace syncsuite::client_checks {
namespace {

scenario::CheckRegistry registry() {
  std::vector<scenario::LoadError> errors;
  auto r = scenario::CheckRegistry::parse(R"(tags: [crypto]
checks:
  - {id: 3/client-nonce-fresh, section: "3", level: MUST, text: "A nonce MUST NOT repeat."}
  - {id: 8/client-soft, section: "8", level: SHOULD, text: "advice"}
  - {id: 3/no-plaintext-on-wire, section: "3", level: MUST, text: "never plaintext"}
)", "checks.yaml", errors);
  EXPECT_TRUE(errors.empty());
  return r;
}

mockserver::JournalEntry entry(std::uint64_t seq) {
  mockserver::JournalEntry e;
  e.seq = seq;
  e.method = "POST";
  e.target = "/api/v1/sync/push/";
  e.status = 200;
  e.request_body = "{}";
  e.headers = {{"Authorization", "Token abcd"}};
  return e;
}

TEST(JournalResultsTest, PassesOncePerCheckAndFailsPerFinding) {
  std::vector<Finding> findings = {
      {"3/client-nonce-fresh", true, "phone", "push #1", "fresh", "", 1},
      {"3/client-nonce-fresh", false, "phone", "push #2", "fresh", "reused", 2},
      {"8/client-soft", false, "phone", "x", "advice", "ignored", 2},
      {"8/client-soft", true, "phone", "y", "advice", "", 1},
  };
  const auto results = to_check_results(findings, {entry(1), entry(2)}, registry(), "http://127.0.0.1:1");
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].id, "3/client-nonce-fresh");
  EXPECT_EQ(results[0].verdict, reports::Verdict::fail);
  EXPECT_EQ(results[0].contract_text, "A nonce MUST NOT repeat.");
  ASSERT_EQ(results[0].exchanges.size(), 1u);
  EXPECT_EQ(results[0].exchanges[0].url, "http://127.0.0.1:1/api/v1/sync/push/");
  EXPECT_EQ(results[1].verdict, reports::Verdict::warn);  // a SHOULD only warns
}

TEST(JournalResultsTest, ACleanCheckPassesWithItsCount) {
  std::vector<Finding> findings = {{"3/client-nonce-fresh", true, "phone", "a", "fresh", "", 1},
                                   {"3/client-nonce-fresh", true, "phone", "b", "fresh", "", 1}};
  const auto results = to_check_results(findings, {entry(1)}, registry(), "");
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].verdict, reports::Verdict::pass);
  EXPECT_EQ(results[0].actual, "2 judged, none failed");
}

TEST(JournalResultsTest, ManyFailuresAreCappedAndCounted) {
  std::vector<Finding> findings;
  for (int i = 0; i < 8; ++i) findings.push_back({"3/client-nonce-fresh", false, "phone", "p", "fresh", "reused", 1});
  const auto results = to_check_results(findings, {entry(1)}, registry(), "");
  ASSERT_EQ(results.size(), kFailuresShownPerCheck + 1);
  EXPECT_NE(results.back().actual.find("3 more not shown"), std::string::npos) << results.back().actual;
}

TEST(JournalResultsTest, AnUnansweredExchangeSaysWhy) {
  auto e = entry(1);
  e.outcome = mockserver::Outcome::dropped_after_commit;
  e.fault = "drop-after-commit";
  const auto x = to_exchange(e, "http://h");
  EXPECT_EQ(x.status, 0);
  EXPECT_NE(x.transport_error.find("drop-after-commit"), std::string::npos);
}

}  // namespace
}  // namespace syncsuite::client_checks
