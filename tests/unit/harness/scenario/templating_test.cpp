#include "harness/scenario/templating.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "reference/core/base64.hpp"

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
                         ::testing::Values("${nope}", "${id}", "${id:a b}", "${time:+5x}",
                                           "${run:x}", "${i:2}", "${last:a..b}", "${saved:x}",
                                           "${repeat:a:b}", "${repeat:100000000:abcdefgh}",
                                           "${start_cursor:x}", "open ${run", "${id:t1:}",
                                           "${id:t1:x}", "${id:t1:129}", "${id::64}"));

TEST_F(Templating, FilledIdsHaveTheExactLengthAndKeepTheRunPrefix) {
  const std::string id = text("${id:big:64}");
  EXPECT_EQ(id.size(), 64u);
  EXPECT_EQ(id.rfind("rabc-big", 0), 0u) << id;
  EXPECT_EQ(text("${id:big:8}"), "rabc-big");  // already 8: nothing to fill
  const auto too_short = expand_text("${id:big:7}", ctx_, {});
  ASSERT_FALSE(too_short.ok());
  EXPECT_NE(too_short.error().message.find("already has 8 characters"), std::string::npos)
      << too_short.error().message;
}

TEST_F(Templating, ARunIdIsNeverMappedTwice) {
  EXPECT_EQ(run_id(ctx_, "t1"), "rabc-t1");
  EXPECT_EQ(run_id(ctx_, "rabc-t1"), "rabc-t1");
  EXPECT_EQ(run_id(ctx_, "rabcd-t1"), "rabc-rabcd-t1");  // another prefix is just a name
  const Json env = value(Json::parse(R"({"$envelope":{"device":"phone","id":"${id:big:20}"}})"));
  EXPECT_EQ(env["id"], "rabc-big____________");
}

class SealedSizes : public Templating, public ::testing::WithParamInterface<std::size_t> {};

TEST_P(SealedSizes, CiphertextDecodesToExactlyTheAskedBytes) {
  const std::size_t bytes = GetParam();
  Json spec = {{"$envelope",
                {{"device", "phone"},
                 {"id", "t1"},
                 {"data", {{"text", "hi"}}},
                 {"ciphertext_bytes", bytes}}}};
  const Json env = value(spec);
  const auto decoded = base64::decode(env["ciphertext"].get<std::string>());
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->size(), bytes);
  auto plain = box_->open(env["nonce"].get<std::string>(), env["ciphertext"].get<std::string>());
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->size(), bytes - 16);
  if (bytes == 16) return;  // the MAC alone opens to nothing
  const auto data = Json::parse(*plain);
  EXPECT_EQ(without_canary(data), Json({{"text", "hi"}}));
  EXPECT_EQ(data.contains("_canary"), bytes >= 64) << "the canary fits from some size on";
}

INSTANTIATE_TEST_SUITE_P(Sizes, SealedSizes,
                         ::testing::Values(16u, 29u, 40u, 64u, 1000u, 65536u, 65537u, 1048576u));

TEST_F(Templating, CiphertextBytesTooSmallForTheDataIsAnError) {
  const auto r = expand_value(
      Json::parse(
          R"({"$envelope":{"device":"phone","id":"t1","data":{"text":"hi"},"ciphertext_bytes":20}})"),
      ctx_, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("ciphertext_bytes"), std::string::npos) << r.error().message;
  const Json sized = value(
      Json::parse(R"({"$envelope":{"device":"phone","id":"t1","ciphertext_bytes":"64KiB"}})"));
  EXPECT_EQ(base64::decode(sized["ciphertext"].get<std::string>())->size(), 65536u);
}

TEST_F(Templating, PaddedBodiesHaveTheExactSizeAndPadTheLastEnvelope) {
  const Json body = {{"device_id", "d"}, {"records", {{{"id", "a"}}, {{"id", "b"}}}}};
  auto padded = dump_padded(body, 1000);
  ASSERT_TRUE(padded.ok());
  EXPECT_EQ(padded->size(), 1000u);
  const auto parsed = Json::parse(*padded);
  EXPECT_FALSE(parsed["records"][0].contains("_pad"));
  EXPECT_TRUE(parsed["records"][1].contains("_pad"));
  auto flat = dump_padded(Json{{"x", 1}}, 100);
  ASSERT_TRUE(flat.ok());
  EXPECT_EQ(flat->size(), 100u);
  EXPECT_TRUE(Json::parse(*flat).contains("_pad"));
  EXPECT_FALSE(dump_padded(body, 20).ok());            // already larger
  EXPECT_FALSE(dump_padded(Json::array(), 100).ok());  // nowhere to pad
}

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
  EXPECT_TRUE(
      validate_envelope_spec(Json::parse(R"({"device":"p","id":"t1","ciphertext_bytes":"1MiB"})"))
          .ok());
  EXPECT_TRUE(
      validate_envelope_spec(Json::parse(R"({"device":"p","id":"t1","ciphertext_bytes":16})"))
          .ok());
  EXPECT_FALSE(
      validate_envelope_spec(Json::parse(R"({"device":"p","id":"t1","ciphertext_bytes":15})"))
          .ok());
  EXPECT_FALSE(
      validate_envelope_spec(Json::parse(R"({"device":"p","id":"t1","ciphertext_bytes":"17MiB"})"))
          .ok());
  EXPECT_FALSE(
      validate_envelope_spec(Json::parse(R"({"device":"p","id":"t1","ciphertext_bytes":"big"})"))
          .ok());
  EXPECT_FALSE(
      validate_envelope_spec(Json::parse(R"({"same_as":"e1","ciphertext_bytes":16})")).ok());
  EXPECT_TRUE(validate_repeat_spec(Json::parse(R"({"count":501,"item":1})")).ok());
  EXPECT_FALSE(validate_repeat_spec(Json::parse(R"({"count":501})")).ok());
  EXPECT_FALSE(validate_repeat_spec(Json::parse(R"({"count":1,"item":1,"x":2})")).ok());
}

}  // namespace
}  // namespace syncsuite::scenario
