#include "harness/scenario/json_path.hpp"

#include <gtest/gtest.h>

namespace syncsuite::scenario {
namespace {

TEST(JsonPath, FindsMembersAndIndexes) {
  const auto doc = nlohmann::json::parse(R"({"results":[{"id":"a","server":{"version":2}},{"id":"b"}],"cursor":"c"})");
  ASSERT_NE(find_json(doc, "cursor"), nullptr);
  EXPECT_EQ(*find_json(doc, "cursor"), "c");
  EXPECT_EQ(*find_json(doc, "results[0].server.version"), 2);
  EXPECT_EQ(*find_json(doc, "results[-1].id"), "b");
  EXPECT_EQ(find_json(doc, "results[2]"), nullptr);
  EXPECT_EQ(find_json(doc, "results[-3]"), nullptr);
  EXPECT_EQ(find_json(doc, "cursor.x"), nullptr);
  EXPECT_EQ(find_json(doc, "missing"), nullptr);
  EXPECT_EQ(find_json(doc, ""), &doc);
}

TEST(JsonPath, NestedArrays) {
  const auto doc = nlohmann::json::parse(R"({"a":[[1,2],[3]]})");
  EXPECT_EQ(*find_json(doc, "a[0][1]"), 2);
  EXPECT_EQ(*find_json(doc, "a[1][0]"), 3);
}

class JsonPathRejects : public ::testing::TestWithParam<const char*> {};

TEST_P(JsonPathRejects, Malformed) { EXPECT_FALSE(valid_json_path(GetParam())) << GetParam(); }

INSTANTIATE_TEST_SUITE_P(Table, JsonPathRejects,
                         ::testing::Values("a..b", "a.", ".a", "a[x]", "a[", "a[]", "a[0]b", "a.[0]",
                                           "a[1234567890]"));

}  // namespace
}  // namespace syncsuite::scenario
