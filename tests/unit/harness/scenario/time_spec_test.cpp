#include "harness/scenario/time_spec.hpp"

#include <gtest/gtest.h>

namespace syncsuite::scenario {
namespace {

TEST(TimeSpec, RelativeOffsets) {
  EXPECT_EQ(parse_offset("+5s"), 5000);
  EXPECT_EQ(parse_offset("-1500ms"), -1500);
  EXPECT_EQ(parse_offset("+1m30s"), 90000);
  EXPECT_EQ(parse_offset("+2h"), 7200000);
  EXPECT_EQ(parse_offset("+1d"), 86400000);
  EXPECT_EQ(parse_offset("+0s"), 0);
}

TEST(TimeSpec, RejectsMalformedOffsets) {
  for (const char* bad : {"5s", "+5", "+s", "+5x", "+-5s", "", "+", "+5s3"}) {
    EXPECT_FALSE(parse_offset(bad).has_value()) << bad;
  }
}

TEST(TimeSpec, ResolvesAgainstBase) {
  const auto base = *timestamp::parse("2026-11-24T10:00:00.000Z");
  EXPECT_EQ(timestamp::format(*resolve_time("+5s", base)), "2026-11-24T10:00:05.000Z");
  EXPECT_EQ(timestamp::format(*resolve_time("-1ms", base)), "2026-11-24T09:59:59.999Z");
  EXPECT_EQ(*resolve_time("2020-01-01T00:00:00.000Z", base), *timestamp::parse("2020-01-01T00:00:00.000Z"));
  EXPECT_FALSE(resolve_time("2020-01-01T00:00:00Z", base));
  EXPECT_FALSE(valid_time_spec("soon"));
}

TEST(TimeSpec, ByteSizes) {
  EXPECT_EQ(parse_byte_size("17MiB"), 17u * 1024 * 1024);
  EXPECT_EQ(parse_byte_size("8KiB"), 8u * 1024);
  EXPECT_EQ(parse_byte_size("100B"), 100u);
  EXPECT_EQ(parse_byte_size("100"), 100u);
  EXPECT_FALSE(parse_byte_size("17MB"));
  EXPECT_FALSE(parse_byte_size("MiB"));
  EXPECT_FALSE(parse_byte_size("2048MiB"));
}

}  // namespace
}  // namespace syncsuite::scenario
