#include "reports/text/number_text.hpp"

#include <gtest/gtest.h>

namespace syncsuite::reports::text {
namespace {

TEST(NumberTextTest, FixedDecimals) {
  EXPECT_EQ(fixed(12.25, 1), "12.2");  // round half to even, as printf
  EXPECT_EQ(fixed(12.35, 1), "12.3");  // 12.35 is below .35 in binary
  EXPECT_EQ(fixed(0, 3), "0.000");
  EXPECT_EQ(fixed(1234.5 / 1000, 3), "1.234");
  EXPECT_EQ(fixed(5000, 1), "5000.0");
  EXPECT_EQ(fixed(-1.5, 0), "-2");
}

TEST(NumberTextTest, CompactDropsTrailingZeros) {
  EXPECT_EQ(compact(250, 3), "250");
  EXPECT_EQ(compact(0.1, 3), "0.1");
  EXPECT_EQ(compact(212.4567, 2), "212.46");
  EXPECT_EQ(compact(1000, 0), "1000");
  EXPECT_EQ(compact(-0.0001, 2), "0");
}

}  // namespace
}  // namespace syncsuite::reports::text
