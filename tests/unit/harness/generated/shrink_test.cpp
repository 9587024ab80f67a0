#include "harness/generated/shrink.hpp"

#include <gtest/gtest.h>

namespace syncsuite::generated {
namespace {

Variant table_case(std::string value) {
  Variant v;
  v.request = Request::push;
  v.field = "records[].table";
  v.rule = Rule::table;
  v.edit = Edit::set;
  v.value = std::move(value);
  v.neighbours = 0;
  return v;
}

TEST(Shrink, DropsTheNeighboursFirst) {
  auto v = table_case("notes\n");
  v.neighbours = 2;
  const auto c = shrink_candidates(v);
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c.front().neighbours, 0);
  EXPECT_EQ(c.front().value, "notes\n");
}

TEST(Shrink, ShorterTextsThatStillBreakTheRule) {
  const auto c = shrink_candidates(table_case("notes\n"));
  ASSERT_EQ(c.size(), 1u);  // "notes" would be valid: not a candidate
  EXPECT_EQ(c[0].value, "otes\n");
  EXPECT_TRUE(shrink_candidates(table_case(std::string(65, 'a'))).empty());  // 64 is valid
}

TEST(Shrink, KeepsUtf8SequencesWhole) {
  const auto c = shrink_candidates(table_case("not\xC3\xA9"));
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].value, "ot\xC3\xA9");
}

TEST(Shrink, HalvesTheNesting) {
  Variant v;
  v.edit = Edit::nest;
  v.depth = 5000;
  v.request = Request::resolve;
  const auto c = shrink_candidates(v);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].depth, 2500);
}

TEST(Shrink, LenientAndPlaceholderCasesKeepTheirText) {
  auto lenient = table_case("notes\n");
  lenient.expect = Expect::lenient;
  EXPECT_TRUE(shrink_candidates(lenient).empty());
  EXPECT_TRUE(shrink_candidates(table_case(std::string(kIdMark) + "\n")).empty());
}

TEST(Shrink, QueryTextsStayOutOfRange) {
  Variant v;
  v.request = Request::pull;
  v.rule = Rule::limit;
  v.edit = Edit::text;
  v.text = "10abc";
  const auto c = shrink_candidates(v);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].text, "0abc");
  EXPECT_EQ(c[1].text, "10ab");
}

}  // namespace
}  // namespace syncsuite::generated
