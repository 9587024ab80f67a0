#include "reference/server/cursor.hpp"

#include <gtest/gtest.h>

namespace syncsuite::server {
namespace {

TEST(Cursor, RoundTrips) {
  for (std::int64_t seq : {std::int64_t{0}, std::int64_t{1}, std::int64_t{42},
                           std::int64_t{999'999'999'999}}) {
    EXPECT_EQ(parse_cursor(format_cursor(seq)), seq);
  }
  EXPECT_EQ(format_cursor(42), "c42");
}

TEST(Cursor, EmptyIsTheBeginning) { EXPECT_EQ(parse_cursor(""), 0); }

TEST(Cursor, RefusesAnythingElse) {
  for (const char* text : {"c", "42", "C42", "c-1", "c+1", "c01", "c00", "c4 2", " c4", "c4x",
                           "c1234567890123456789", "cursor"}) {
    EXPECT_FALSE(parse_cursor(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace syncsuite::server
