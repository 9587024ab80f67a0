#include "harness/scenario/templating.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace syncsuite::scenario {
namespace {

class Templating : public ::testing::Test {
 protected:
  void SetUp() override {
    box_ = std::make_unique<crypto::RecordBox>(keys_.public_key, keys_.secret_key);
    foreign_ = std::make_unique<crypto::RecordBox>(other_.public_key, other_.secret_key);
    ctx_.run_prefix = "rabc";
    ctx_.base_time = *timestamp::parse("2026-11-24T10:00:00.000Z");
    ctx_.canary = "CANARY";
    ctx_.device_ids = {{"phone", "rabc-phone"}};
    ctx_.device_accounts = {{"phone", 0}};
    ctx_.public_keys = {keys_.public_key.to_base64()};
    ctx_.start_cursors = {"c 1/2"};
    ctx_.sealer = [this](int account, std::string_view plain) -> Result<crypto::Sealed> {
      return account < 0 ? foreign_->seal(plain) : box_->seal(plain);
    };
  }

  std::string text(std::string_view t, Locals locals = {}, bool encode = false) {
    auto r = expand_text(t, ctx_, locals, encode);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : "";
  }
  Json value(const Json& v, Locals locals = {}) {
    auto r = expand_value(v, ctx_, locals);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : Json();
  }

  crypto::KeyPair keys_ = crypto::KeyPair::generate();
  crypto::KeyPair other_ = crypto::KeyPair::generate();
  std::unique_ptr<crypto::RecordBox> box_, foreign_;
  TemplateContext ctx_;
};

TEST_F(Templating, ExpandsEachTemplate) {
  EXPECT_EQ(text("${run}"), "rabc");
  EXPECT_EQ(text("/x/${id:t1}/"), "/x/rabc-t1/");
  EXPECT_EQ(text("${time}"), "2026-11-24T10:00:00.000Z");
  EXPECT_EQ(text("${time:+1m30s}"), "2026-11-24T10:01:30.000Z");
  EXPECT_EQ(text("${canary}"), "CANARY");
  EXPECT_EQ(text("${device_id:phone}"), "rabc-phone");
  EXPECT_EQ(text("${public_key:phone}"), keys_.public_key.to_base64());
  EXPECT_EQ(text("${public_key:0}"), keys_.public_key.to_base64());
  EXPECT_EQ(text("${start_cursor}"), "c 1/2");
  EXPECT_EQ(text("n${i}", Locals{7}), "n7");
  EXPECT_EQ(text("${repeat:3:ab}"), "ababab");
  EXPECT_EQ(text("cost $${x}"), "cost ${x}");
}

TEST_F(Templating, PathValuesArePercentEncoded) {
  EXPECT_EQ(text("/pull/?since=${start_cursor}&limit=2", {}, true), "/pull/?since=c%201%2F2&limit=2");
}

TEST_F(Templating, LastAndSavedResponses) {
  ctx_.last = Json::parse(R"({"results":[{"server":{"version":3}}]})");
  ctx_.saved["first"] = Json::parse(R"({"cursor":"abc"})");
  EXPECT_EQ(text("v${last:results[0].server.version}"), "v3");
  EXPECT_EQ(value("${last:results[0].server.version}"), Json(3));  // keeps its JSON type
  EXPECT_EQ(value("${saved:first:cursor}"), Json("abc"));
  EXPECT_FALSE(expand_text("${last:results[1]}", ctx_, {}).ok());
  EXPECT_FALSE(expand_text("${saved:second:cursor}", ctx_, {}).ok());
}

TEST_F(Templating, ErrorsNameTheExpression) {
  const auto r = expand_text("${i}", ctx_, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("outside a repeat"), std::string::npos);
  EXPECT_FALSE(expand_text("${device_id:tablet}", ctx_, {}).ok());
}

class TemplateRejects : public ::testing::TestWithParam<const char*> {};

TEST_P(TemplateRejects, AtParseTime) { EXPECT_FALSE(parse_templates(GetParam()).ok()) << GetParam(); }

INSTANTIATE_TEST_SUITE_P(Table, TemplateRejects,
                         ::testing::Values("${nope}", "${id}", "${id:a b}", "${time:+5x}", "${run:x}",
                                           "${i:2}", "${last:a..b}", "${saved:x}", "${repeat:a:b}",
                                           "${repeat:100000000:abcdefgh}", "${start_cursor:x}", "open ${run"));

TEST_F(Templating, EnvelopeIsSealedForTheDevicesAccount) {
  const Json env = value(Json::parse(
      R"({"$envelope":{"device":"phone","id":"t1","data":{"text":"hi"},"updated_at":"+5s"}})"));
  EXPECT_EQ(env["table"], "notes");
  EXPECT_EQ(env["id"], "rabc-t1");
  EXPECT_EQ(env["updated_at"], "2026-11-24T10:00:05.000Z");
  EXPECT_EQ(env["deleted"], false);
  EXPECT_FALSE(env.contains("version"));
  auto plain = box_->open(env["nonce"].get<std::string>(), env["ciphertext"].get<std::string>());
  ASSERT_TRUE(plain.ok());
  const auto data = Json::parse(*plain);
  EXPECT_EQ(data["_canary"], "CANARY");  // every record carries the canary
  EXPECT_EQ(without_canary(data), Json({{"text", "hi"}}));
}

TEST_F(Templating, ForeignKeyDoesNotOpenForTheAccount) {
  const Json env = value(Json::parse(R"({"$envelope":{"account":0,"id":"t1","key":"foreign"}})"));
  EXPECT_FALSE(box_->open(env["nonce"].get<std::string>(), env["ciphertext"].get<std::string>()).ok());
}

TEST_F(Templating, SameAsRepeatsNonceAndCiphertext) {
  const Json first = value(Json::parse(R"({"$envelope":{"device":"phone","id":"t1","save_as":"e1"}})"));
  const Json again = value(Json::parse(R"({"$envelope":{"same_as":"e1"}})"));
  EXPECT_EQ(first, again);
  const Json later = value(Json::parse(R"({"$envelope":{"same_as":"e1","updated_at":"+1s"}})"));
  EXPECT_EQ(later["nonce"], first["nonce"]);
  EXPECT_EQ(later["ciphertext"], first["ciphertext"]);
  EXPECT_EQ(later["updated_at"], "2026-11-24T10:00:01.000Z");
  const Json fresh = value(Json::parse(R"({"$envelope":{"device":"phone","id":"t1"}})"));
  EXPECT_NE(fresh["nonce"], first["nonce"]);  // a fresh nonce for every seal
}

TEST_F(Templating, OmitAndSetMakeMalformedEnvelopes) {
  const Json env = value(Json::parse(
      R"({"$envelope":{"device":"phone","raw_id":"x y","omit":["nonce"],"set":{"deleted":"yes"},"version":7}})"));
  EXPECT_EQ(env["id"], "x y");
  EXPECT_FALSE(env.contains("nonce"));
  EXPECT_EQ(env["deleted"], "yes");
  EXPECT_EQ(env["version"], 7);
}

TEST_F(Templating, RepeatUnrollsWithIndex) {
  const Json list = value(Json::parse(R"({"$repeat":{"count":3,"item":{"n":"${i}","id":"${id:t${i}}"}}})"));
  ASSERT_TRUE(list.is_array());
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[2]["n"], 3);
  EXPECT_EQ(list[0]["id"], "rabc-t1");
}

TEST(EnvelopeSpec, Validation) {
  EXPECT_TRUE(validate_envelope_spec(Json::parse(R"({"device":"p","id":"t1"})")).ok());
  EXPECT_FALSE(validate_envelope_spec(Json::parse(R"({"device":"p"})")).ok());
  EXPECT_FALSE(validate_envelope_spec(Json::parse(R"({"id":"t1"})")).ok());
  EXPECT_FALSE(validate_envelope_spec(Json::parse(R"({"device":"p","id":"t1","colour":1})")).ok());
  EXPECT_FALSE(validate_envelope_spec(Json::parse(R"({"device":"p","id":"t1","key":"mine"})")).ok());
  EXPECT_FALSE(validate_envelope_spec(Json::parse(R"({"device":"p","id":"t1","updated_at":"soon"})")).ok());
  EXPECT_FALSE(validate_envelope_spec(Json::parse(R"({"same_as":"e1","data":{}})")).ok());
  EXPECT_FALSE(validate_envelope_spec(Json::parse(R"({"device":"p","id":"t1","omit":"nonce"})")).ok());
  EXPECT_TRUE(validate_repeat_spec(Json::parse(R"({"count":501,"item":1})")).ok());
  EXPECT_FALSE(validate_repeat_spec(Json::parse(R"({"count":501})")).ok());
  EXPECT_FALSE(validate_repeat_spec(Json::parse(R"({"count":1,"item":1,"x":2})")).ok());
}

}  // namespace
}  // namespace syncsuite::scenario
