#include "harness/generated/variants.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace syncsuite::generated {
namespace {

class EveryRequest : public ::testing::TestWithParam<Request> {};

TEST_P(EveryRequest, HasCasesAndEachFieldOfTheGrammarIsCovered) {
  const auto cases = all_variants(GetParam());
  ASSERT_FALSE(cases.empty());
  std::set<std::string> fields;
  for (const auto& v : cases) fields.insert(v.field);
  for (const auto& f : grammar()) {
    if (f.request == GetParam()) {
      EXPECT_TRUE(fields.count(f.name)) << f.name;
    }
  }
}

TEST_P(EveryRequest, CasesAreDistinctAndNamed) {
  std::set<std::string> seen;
  for (const auto& v : all_variants(GetParam())) {
    EXPECT_FALSE(v.check.empty()) << v.describe();
    EXPECT_NE(v.klass.find(':'), std::string::npos) << v.klass;
    EXPECT_TRUE(seen.insert(v.field + " " + v.klass + " " + v.pointer).second) << v.describe();
  }
}

INSTANTIATE_TEST_SUITE_P(Requests, EveryRequest,
                         ::testing::Values(Request::push, Request::pull, Request::resolve,
                                           Request::key, Request::headers),
                         [](const auto& info) { return std::string(request_name(info.param)); });

const Variant* find(Request r, const std::string& field, const std::string& klass) {
  static std::map<Request, std::vector<Variant>> all;
  if (!all.count(r)) all[r] = all_variants(r);
  for (const auto& v : all[r]) {
    if (v.field == field && v.klass == klass) return &v;
  }
  return nullptr;
}

TEST(Variants, EachWrongTypeOfAStringFieldButNotString) {
  for (const char* klass :
       {"type:null", "type:number", "type:float", "type:bool", "type:array", "type:object"}) {
    const auto* v = find(Request::push, "records[].nonce", klass);
    ASSERT_NE(v, nullptr) << klass;
    EXPECT_EQ(v->expect, Expect::refuse);
    EXPECT_EQ(v->check, "2/nonce-rule");
  }
  EXPECT_EQ(find(Request::push, "records[].nonce", "type:string"), nullptr);
  EXPECT_NE(find(Request::push, "records[].deleted", "type:string"), nullptr);
}

TEST(Variants, WhatTheContractLeavesOpenIsLenient) {
  EXPECT_EQ(find(Request::push, "device_id", "edge:trailing-newline")->expect, Expect::lenient);
  EXPECT_EQ(find(Request::headers, "Authorization", "auth:scheme-lower-case")->expect,
            Expect::lenient);
  EXPECT_EQ(find(Request::push, "body", "structure:bom")->expect, Expect::lenient);
  EXPECT_EQ(find(Request::push, "records[].table", "edge:trailing-newline")->expect,
            Expect::refuse);
  EXPECT_EQ(find(Request::push, "device_id", "edge:over-max-length")->expect, Expect::refuse);
}

TEST(Variants, DuplicateKeysAreASHouldAndTrailingBytesAMust) {
  const auto* dup = find(Request::push, "body", "structure:duplicate-key-bad-last");
  ASSERT_NE(dup, nullptr);
  EXPECT_EQ(dup->expect, Expect::refuse_should);
  EXPECT_EQ(dup->check, "1/duplicate-keys-400");
  EXPECT_EQ(dup->bad_value, "BAD TABLE");
  const auto* nul = find(Request::push, "body", "structure:trailing-nul");
  ASSERT_NE(nul, nullptr);
  EXPECT_EQ(nul->expect, Expect::refuse);
  EXPECT_EQ(nul->check, "1/one-json-value");
  EXPECT_EQ(nul->text, std::string(1, '\0'));
}

TEST(Variants, TimestampsThatLookRight) {
  EXPECT_EQ(find(Request::push, "records[].updated_at", "time:leap-second")->value,
            "2026-12-31T23:59:60.000Z");
  EXPECT_EQ(find(Request::push, "records[].updated_at", "time:february-30")->value,
            "2026-02-30T10:00:00.000Z");
  EXPECT_EQ(find(Request::push, "records[].updated_at", "edge:trailing-newline")->value,
            "2026-11-24T10:00:00.123Z\n");
}

TEST(Variants, DescribeShowsPlaceholdersAndEscapes) {
  const auto* v = find(Request::push, "records[].id", "edge:trailing-newline");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->describe(),
            "records[].id edge:trailing-newline: = \"<id>\\n\" (beside 2 valid records)");
  EXPECT_EQ(printable(std::string("a\0\xff", 3)), "a\\x00\\xFF");
}

}  // namespace
}  // namespace syncsuite::generated
