#include "harness/load/duration_text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace syncsuite::load {
namespace {

using std::chrono::milliseconds;

struct GoodDuration {
  const char* text;
  std::int64_t ms;
};

class ProfileDurationReads : public ::testing::TestWithParam<GoodDuration> {};

TEST_P(ProfileDurationReads, ToMilliseconds) {
  const auto parsed = parse_duration(GetParam().text);
  ASSERT_TRUE(parsed.value.has_value()) << GetParam().text << ": " << parsed.problem;
  EXPECT_TRUE(parsed.problem.empty());
  EXPECT_EQ(parsed.value->count(), GetParam().ms);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ProfileDurationReads,
    ::testing::Values(GoodDuration{"0", 0}, GoodDuration{"0s", 0}, GoodDuration{"250ms", 250},
                      GoodDuration{"30s", 30'000}, GoodDuration{"5m", 300'000},
                      GoodDuration{"2h", 7'200'000}, GoodDuration{"1m30s", 90'000},
                      GoodDuration{"1h30m", 5'400'000}, GoodDuration{"1h2m3s4ms", 3'723'004},
                      GoodDuration{"1500ms", 1500}));

struct BadDuration {
  const char* name;
  const char* text;
  const char* problem;  // a part of the message
};

class ProfileDurationRejects : public ::testing::TestWithParam<BadDuration> {};

TEST_P(ProfileDurationRejects, WithAClearProblem) {
  const auto parsed = parse_duration(GetParam().text);
  EXPECT_FALSE(parsed.value.has_value()) << GetParam().text;
  EXPECT_NE(parsed.problem.find(GetParam().problem), std::string::npos) << parsed.problem;
}

INSTANTIATE_TEST_SUITE_P(Table, ProfileDurationRejects,
                         ::testing::Values(BadDuration{"Empty", "", "is empty"},
                                           BadDuration{"Space", "10 s", "has a space; write 10s"},
                                           BadDuration{"Negative", "-1s", "is negative"},
                                           BadDuration{"Sign", "+5s", "takes no sign; write 5s"},
                                           BadDuration{"TrailingNumber", "1h30",
                                                       "the number 30 has no unit; write 1h30m"},
                                           BadDuration{"NoUnit", "30", "has no unit; write 30s"},
                                           BadDuration{"UnknownUnit", "30sec",
                                                       "unknown unit 'sec'"},
                                           BadDuration{"Days", "2d", "unknown unit 'd'"},
                                           BadDuration{"Fraction", "1.5s", "has a fraction"},
                                           BadDuration{"Words", "soon", "is not a duration"},
                                           BadDuration{"Order", "30s1m", "largest to smallest"},
                                           BadDuration{"Repeat", "1s1s", "largest to smallest"},
                                           BadDuration{"TooLong", "999999999h", "too long"}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ProfileDuration, FormatReadsBack) {
  for (std::int64_t ms : {0LL, 1LL, 999LL, 1000LL, 90'000LL, 3'723'004LL, 7'200'000LL}) {
    const std::string text = format_duration(milliseconds(ms));
    const auto parsed = parse_duration(text);
    ASSERT_TRUE(parsed.value.has_value()) << text << ": " << parsed.problem;
    EXPECT_EQ(parsed.value->count(), ms) << text;
  }
  EXPECT_EQ(format_duration(milliseconds(90'000)), "1m30s");
}

}  // namespace
}  // namespace syncsuite::load
