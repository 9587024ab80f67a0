#include "harness/driver/adapter_reply.hpp"

#include <gtest/gtest.h>

namespace syncsuite::driver {
namespace {

TEST(ParseAdapterReplyTest, AcceptsAnObjectWithBooleanOk) {
  auto ok = parse_adapter_reply(R"({"ok":true,"records":[]})");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ((*ok)["records"], Json::array());
  auto refused = parse_adapter_reply(R"( {"ok":false,"error":"unknown op clock"} )");
  ASSERT_TRUE(refused.ok()) << refused.error().message;
  EXPECT_EQ((*refused)["error"], "unknown op clock");
  EXPECT_TRUE(parse_adapter_reply("{\"ok\":false}\r").ok());
}

struct GarbageCase {
  std::string line;
  std::string message;
  friend std::ostream& operator<<(std::ostream& os, const GarbageCase& c) { return os << c.line; }
};

class ParseAdapterReplyGarbageTest : public ::testing::TestWithParam<GarbageCase> {};

TEST_P(ParseAdapterReplyGarbageTest, SaysWhatIsWrongAndQuotesTheLine) {
  auto reply = parse_adapter_reply(GetParam().line);
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, "garbage");
  EXPECT_EQ(reply.error().message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Lines, ParseAdapterReplyGarbageTest,
    ::testing::Values(GarbageCase{"", "not JSON (parse error at byte 1): ''"},
                      GarbageCase{"Starting adapter...",
                                  "not JSON (parse error at byte 1): 'Starting adapter...'"},
                      GarbageCase{
                          R"({"ok":true} {"ok":true})",
                          R"(not JSON (parse error at byte 13): '{"ok":true} {"ok":true}')"},
                      GarbageCase{"\"ok\"", R"(not a JSON object: '"ok"')"},
                      GarbageCase{"null", "not a JSON object: 'null'"},
                      GarbageCase{R"({"ok":1})", R"(no boolean "ok": '{"ok":1}')"},
                      GarbageCase{R"({"result":"ok"})", R"(no boolean "ok": '{"result":"ok"}')"},
                      GarbageCase{"{\"ok\":true,\"s\":\"\xFF\"}",
                                  "not JSON (parse error at byte 17): "
                                  "'{\"ok\":true,\"s\":\"\\xFF\"}'"}));

}  // namespace
}  // namespace syncsuite::driver
