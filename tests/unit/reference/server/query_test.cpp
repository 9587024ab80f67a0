#include "reference/server/query.hpp"

#include <gtest/gtest.h>

namespace syncsuite::server {
namespace {

TEST(Query, PathStopsAtQueryOrFragment) {
  EXPECT_EQ(target_path("/a/b/?x=1"), "/a/b/");
  EXPECT_EQ(target_path("/a/b/#f"), "/a/b/");
  EXPECT_EQ(target_path("/a/b/"), "/a/b/");
  EXPECT_EQ(target_path(""), "");
}

TEST(Query, PairsArePercentDecodedInOrder) {
  const auto params = parse_query("/p/?since=c%31&limit=5&note=a+b%20c&flag&&x=");
  ASSERT_TRUE(params.ok());
  const QueryParams expected = {
      {"since", "c1"}, {"limit", "5"}, {"note", "a b c"}, {"flag", ""}, {"x", ""}};
  EXPECT_EQ(*params, expected);
}

TEST(Query, LastValueWins) {
  const auto params = parse_query("/p/?limit=1&limit=7").value();
  EXPECT_EQ(query_value(params, "limit"), "7");
  EXPECT_EQ(query_value(params, "since"), std::nullopt);
}

TEST(Query, BadEscapesAreErrors) {
  for (const char* target : {"/p/?a=%", "/p/?a=%4", "/p/?a=%zz", "/p/?%g1=1"}) {
    EXPECT_FALSE(parse_query(target).ok()) << target;
  }
}

TEST(Query, NoQueryIsEmpty) { EXPECT_TRUE(parse_query("/p/").value().empty()); }

}  // namespace
}  // namespace syncsuite::server
