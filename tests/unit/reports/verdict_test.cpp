#include "reports/verdict.hpp"

#include <gtest/gtest.h>

#include <tuple>

namespace syncsuite::reports {
namespace {

class VerdictNameTest : public ::testing::TestWithParam<std::tuple<Verdict, const char*>> {};

TEST_P(VerdictNameTest, NameRoundTrips) {
  const auto [verdict, name] = GetParam();
  EXPECT_EQ(to_string(verdict), name);
  ASSERT_TRUE(parse_verdict(name).has_value());
  EXPECT_EQ(*parse_verdict(name), verdict);
}

INSTANTIATE_TEST_SUITE_P(All, VerdictNameTest,
                         ::testing::Values(std::make_tuple(Verdict::pass, "pass"),
                                           std::make_tuple(Verdict::fail, "fail"),
                                           std::make_tuple(Verdict::warn, "warn"),
                                           std::make_tuple(Verdict::error, "error"),
                                           std::make_tuple(Verdict::skipped, "skipped")));

TEST(VerdictTest, ParseRejectsOtherSpellings) {
  for (const char* text : {"", "PASS", "Pass", "ok", "failed", "skip", "known", " pass"}) {
    EXPECT_FALSE(parse_verdict(text).has_value()) << text;
  }
}

// Gating order: fail > error > warn > skipped > pass.
class VerdictWorstTest : public ::testing::TestWithParam<std::tuple<Verdict, Verdict>> {};

TEST_P(VerdictWorstTest, WorseWinsEitherWay) {
  const auto [worse, better] = GetParam();
  EXPECT_GT(severity(worse), severity(better));
  EXPECT_EQ(worst(worse, better), worse);
  EXPECT_EQ(worst(better, worse), worse);
}

INSTANTIATE_TEST_SUITE_P(Order, VerdictWorstTest,
                         ::testing::Values(std::make_tuple(Verdict::fail, Verdict::error),
                                           std::make_tuple(Verdict::error, Verdict::warn),
                                           std::make_tuple(Verdict::warn, Verdict::skipped),
                                           std::make_tuple(Verdict::skipped, Verdict::pass),
                                           std::make_tuple(Verdict::fail, Verdict::pass),
                                           std::make_tuple(Verdict::error, Verdict::pass)));

TEST(VerdictTest, WorstOfEqualIsItself) {
  for (Verdict v :
       {Verdict::pass, Verdict::fail, Verdict::warn, Verdict::error, Verdict::skipped}) {
    EXPECT_EQ(worst(v, v), v);
  }
}

}  // namespace
}  // namespace syncsuite::reports
