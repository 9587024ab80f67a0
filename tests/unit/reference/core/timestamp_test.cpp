#include "reference/core/timestamp.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <optional>
#include <string>

namespace syncsuite::timestamp {
namespace {

// One row: `millis` is the instant (computed independently, with Python's datetime) when
// `text` must be accepted, nullopt when it must be refused.
struct ParseCase {
  std::string name;
  std::string text;
  std::optional<Millis> millis;
};

void PrintTo(const ParseCase& c, std::ostream* os) { *os << c.name; }

class TimestampParseTable : public ::testing::TestWithParam<ParseCase> {};

TEST_P(TimestampParseTable, AcceptsExactlyTheContractShape) {
  const auto& c = GetParam();
  const auto got = parse(c.text);
  EXPECT_EQ(valid(c.text), c.millis.has_value()) << c.text;
  if (c.millis) {
    ASSERT_TRUE(got.has_value()) << "refused: " << c.text;
    EXPECT_EQ(*got, *c.millis) << c.text;
    // Accepted text is canonical: formatting the instant gives the same characters back.
    EXPECT_EQ(format(*got), c.text);
  } else {
    EXPECT_FALSE(got.has_value()) << "accepted: " << c.text;
  }
}

std::vector<ParseCase> parse_cases() {
  const auto ok = [](std::string n, std::string t, Millis ms) {
    return ParseCase{std::move(n), std::move(t), ms};
  };
  const auto bad = [](std::string n, std::string t) {
    return ParseCase{std::move(n), std::move(t), std::nullopt};
  };
  return {
      ok("Epoch", "1970-01-01T00:00:00.000Z", 0),
      ok("ContractExample", "2026-11-24T10:00:00.123Z", 1795514400123),
      ok("LeapDay2000", "2000-02-29T12:34:56.789Z", 951827696789),
      ok("LeapDay2024EndOfDay", "2024-02-29T23:59:59.999Z", 1709251199999),
      ok("JustBeforeEpoch", "1969-12-31T23:59:59.999Z", -1),
      ok("LastMillisecondOfYear9999", "9999-12-31T23:59:59.999Z", 253402300799999),
      ok("FirstDayOfYear1", "0001-01-01T00:00:00.000Z", -62135596800000),
      // Calendar.
      bad("NotALeapYear", "2023-02-29T00:00:00.000Z"),
      bad("CenturyNotLeap", "2100-02-29T00:00:00.000Z"),
      bad("MonthZero", "2026-00-10T00:00:00.000Z"),
      bad("MonthThirteen", "2026-13-01T00:00:00.000Z"),
      bad("DayZero", "2026-01-00T00:00:00.000Z"),
      bad("DayThirtyTwo", "2026-01-32T00:00:00.000Z"),
      bad("AprilThirtyOne", "2026-04-31T00:00:00.000Z"),
      // Clock.
      bad("Hour24", "2026-11-24T24:00:00.000Z"),
      bad("Minute60", "2026-11-24T10:60:00.000Z"),
      bad("LeapSecond", "2026-12-31T23:59:60.000Z"),
      // Precision must be exactly milliseconds.
      bad("NoFraction", "2026-11-24T10:00:00Z"),
      bad("Centiseconds", "2026-11-24T10:00:00.12Z"),
      bad("Deciseconds", "2026-11-24T10:00:00.1Z"),
      bad("Microseconds", "2026-11-24T10:00:00.123456Z"),
      bad("FourDigitFraction", "2026-11-24T10:00:00.1230Z"),
      bad("CommaFraction", "2026-11-24T10:00:00,123Z"),
      // UTC designator only.
      bad("OffsetZero", "2026-11-24T10:00:00.123+00:00"),
      bad("OffsetNegative", "2026-11-24T10:00:00.123-05:00"),
      bad("OffsetWithoutColon", "2026-11-24T10:00:00.123+0000"),
      bad("NoZone", "2026-11-24T10:00:00.123"),
      bad("LowercaseZ", "2026-11-24T10:00:00.123z"),
      bad("LowercaseT", "2026-11-24t10:00:00.123Z"),
      bad("SpaceSeparator", "2026-11-24 10:00:00.123Z"),
      // Shape.
      bad("Empty", ""),
      bad("DateOnly", "2026-11-24"),
      bad("LeadingSpace", " 2026-11-24T10:00:00.123Z"),
      bad("TrailingSpace", "2026-11-24T10:00:00.123Z "),
      bad("TrailingNewline", "2026-11-24T10:00:00.123Z\n"),
      bad("LetterInMonth", "2026-1a-24T10:00:00.123Z"),
      bad("SignInYear", "+026-11-24T10:00:00.123Z"),
      bad("SignInMillis", "2026-11-24T10:00:00.-12Z"),
      bad("SingleDigitMonth", "2026-1-024T10:00:00.123Z"),
      bad("FiveDigitYear", "12026-11-24T10:00:00.123Z"),
      bad("SlashDate", "2026/11/24T10:00:00.123Z"),
      bad("Epoch seconds", "1795514400123"),
  };
}

INSTANTIATE_TEST_SUITE_P(Rfc3339Millis, TimestampParseTable, ::testing::ValuesIn(parse_cases()),
                         [](const auto& info) {
                           std::string n = info.param.name;
                           std::erase(n, ' ');
                           return n;
                         });

TEST(Timestamp, FormatsKnownInstants) {
  EXPECT_EQ(format(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format(1795514400123), "2026-11-24T10:00:00.123Z");
  EXPECT_EQ(format(951782400000), "2000-02-29T00:00:00.000Z");
  EXPECT_EQ(format(5), "1970-01-01T00:00:00.005Z");
  EXPECT_EQ(format(50), "1970-01-01T00:00:00.050Z");
}

TEST(Timestamp, RoundTripsRandomInstantsAndKeepsTextOrderEqualToTimeOrder) {
  ASSERT_GE(sodium_init(), 0);
  const Millis lo = -62135596800000;  // 0001-01-01
  const Millis span = 253402300799999 - lo;
  Millis previous = 0;
  std::string previous_text = format(previous);
  for (int i = 0; i < 5000; ++i) {
    std::uint64_t r = 0;
    randombytes_buf(&r, sizeof r);
    const Millis ms = lo + static_cast<Millis>(r % static_cast<std::uint64_t>(span));
    const std::string text = format(ms);
    ASSERT_EQ(text.size(), 24u) << ms;
    const auto back = parse(text);
    ASSERT_TRUE(back.has_value()) << text;
    EXPECT_EQ(*back, ms) << text;
    // Servers may compare updated_at as text: that must agree with comparing instants.
    EXPECT_EQ(text < previous_text, ms < previous) << text << " vs " << previous_text;
    previous = ms;
    previous_text = text;
  }
}

TEST(Timestamp, RoundTripsEveryMillisecondAroundMidnight) {
  const Millis midnight = 1795564800000;  // 2026-11-25T00:00:00.000Z
  for (Millis ms = midnight - 1500; ms <= midnight + 1500; ++ms) {
    const auto back = parse(format(ms));
    ASSERT_TRUE(back.has_value()) << ms;
    EXPECT_EQ(*back, ms);
  }
  EXPECT_EQ(format(midnight), "2026-11-25T00:00:00.000Z");
}

TEST(Timestamp, SystemNowIsValidText) {
  const std::string text = system_now_text();
  EXPECT_TRUE(valid(text)) << text;
  const auto parsed = parse(text);
  ASSERT_TRUE(parsed.has_value());
  // Later than the day this suite was written, so a zeroed clock or a unit slip shows.
  EXPECT_GT(*parsed, parse("2025-01-01T00:00:00.000Z").value());
}

}  // namespace
}  // namespace syncsuite::timestamp
