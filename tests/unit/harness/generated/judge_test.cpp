#include "harness/generated/judge.hpp"

#include <gtest/gtest.h>

namespace syncsuite::generated {
namespace {

Variant push_case(Expect expect) {
  Variant v;
  v.request = Request::push;
  v.field = "records[].table";
  v.klass = "edge:empty";
  v.check = "2/table-rule";
  v.expect = expect;
  v.value = "";
  return v;
}

Observed answer(int status, std::string body = R"({"detail":"bad"})",
                std::string type = "application/json") {
  Observed o;
  o.status = status;
  o.body = std::move(body);
  o.content_type = std::move(type);
  o.stored = "";
  return o;
}

const CaseVerdict* verdict_of(const std::vector<CaseVerdict>& all, const std::string& check) {
  for (const auto& v : all) {
    if (v.check == check) return &v;
  }
  return nullptr;
}

TEST(Judge, A400WithDetailAndNothingStoredPassesEverything) {
  const auto all = judge_case(push_case(Expect::refuse), answer(400));
  ASSERT_EQ(all.size(), 4u);
  for (const auto& v : all) EXPECT_EQ(v.kind, CaseVerdict::Kind::pass) << v.check;
  EXPECT_FALSE(must_failed(all));
}

TEST(Judge, AcceptedBadValueFailsTheRuleAndTheStore) {
  auto o = answer(200, R"({"results":[]})");
  o.stored = "notes/x stored as version 1";
  const auto all = judge_case(push_case(Expect::refuse), o);
  EXPECT_EQ(verdict_of(all, "2/table-rule")->kind, CaseVerdict::Kind::fail);
  EXPECT_EQ(verdict_of(all, "4.1/invalid-batch-stores-nothing")->kind, CaseVerdict::Kind::fail);
  EXPECT_EQ(verdict_of(all, "1/errors-json-detail"), nullptr);
  EXPECT_TRUE(must_failed(all));
}

TEST(Judge, A500HtmlPageFailsMalformedAndDetail) {
  const auto all = judge_case(push_case(Expect::refuse), answer(500, "<html>", "text/html"));
  EXPECT_EQ(verdict_of(all, "1/malformed-4xx-not-5xx")->kind, CaseVerdict::Kind::fail);
  EXPECT_EQ(verdict_of(all, "1/errors-json-detail")->kind, CaseVerdict::Kind::fail);
}

TEST(Judge, ADroppedConnectionFails) {
  Observed o;
  o.transport_error = "connection reset";
  o.stored = "";
  const auto all = judge_case(push_case(Expect::refuse), o);
  EXPECT_EQ(verdict_of(all, "1/malformed-4xx-not-5xx")->kind, CaseVerdict::Kind::fail);
  EXPECT_NE(verdict_of(all, "1/malformed-4xx-not-5xx")->actual.find("connection reset"),
            std::string::npos);
}

TEST(Judge, LenientTakesAnAnswerThatIsNotBroken) {
  auto lenient = push_case(Expect::lenient);
  lenient.check = "4.1/device-id-rule";
  auto accepted = answer(200, "{}");
  accepted.stored = "stored";
  EXPECT_FALSE(must_failed(judge_case(lenient, accepted)));
  EXPECT_FALSE(must_failed(judge_case(lenient, answer(400))));
  EXPECT_TRUE(must_failed(judge_case(lenient, answer(502))));
  auto refused_but_stored = answer(400);
  refused_but_stored.stored = "record_count went from 1 to 2";
  EXPECT_TRUE(must_failed(judge_case(lenient, refused_but_stored)));
}

TEST(Judge, DuplicateKeysWarnButTheBadCopyMustNotBeStored) {
  auto dup = push_case(Expect::refuse_should);
  dup.check = "1/duplicate-keys-400";
  dup.bad_value = "BAD TABLE";
  auto accepted = answer(200, "{}");
  accepted.stored = "stored";
  auto all = judge_case(dup, accepted);
  EXPECT_EQ(verdict_of(all, "1/duplicate-keys-400")->kind, CaseVerdict::Kind::fail);
  EXPECT_TRUE(verdict_of(all, "1/duplicate-keys-400")->should);
  EXPECT_FALSE(must_failed(all));
  accepted.bad_value_stored = true;
  EXPECT_TRUE(must_failed(judge_case(dup, accepted)));
}

TEST(Judge, UnknownStateIsUnjudgeable) {
  auto o = answer(400);
  o.stored.reset();
  o.probe_error = "status answered 500";
  const auto all = judge_case(push_case(Expect::refuse), o);
  EXPECT_EQ(verdict_of(all, "4.1/invalid-batch-stores-nothing")->kind,
            CaseVerdict::Kind::unjudgeable);
}

TEST(Judge, AuthorizationNeeds401) {
  Variant v;
  v.request = Request::headers;
  v.check = "1/auth-unknown-401";
  v.expect = Expect::unauthorized;
  EXPECT_TRUE(must_failed(judge_case(v, answer(400))));
  EXPECT_FALSE(must_failed(judge_case(v, answer(401))));
  EXPECT_EQ(store_check(Request::headers), "1/auth-nothing-written");
  EXPECT_EQ(store_check(Request::pull), "");
}

}  // namespace
}  // namespace syncsuite::generated
