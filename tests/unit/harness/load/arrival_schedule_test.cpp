#include "harness/load/arrival_schedule.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace syncsuite::load {
namespace {

using namespace std::chrono_literals;

double at_s(const ArrivalSchedule& s, std::uint64_t k) {
  auto t = s.time_of(k);
  EXPECT_TRUE(t.has_value()) << "arrival " << k;
  return t ? std::chrono::duration<double>(*t).count() : -1;
}

LoadProfile open_constant(double rate, std::chrono::milliseconds warmup, std::chrono::milliseconds duration) {
  LoadProfile p;
  p.model = Model::open;
  p.rate = rate;
  p.warmup = warmup;
  p.duration = duration;
  return p;
}

TEST(ArrivalSchedule, ConstantRateIsEvenlySpacedAndEnds) {
  auto s = ArrivalSchedule::from_profile(open_constant(10, 0ms, 2s), 1.0);
  EXPECT_DOUBLE_EQ(s.total(), 20);
  EXPECT_NEAR(at_s(s, 1), 0.0, 1e-9);
  EXPECT_NEAR(at_s(s, 2), 0.1, 1e-9);
  EXPECT_NEAR(at_s(s, 20), 1.9, 1e-9);
  EXPECT_FALSE(s.time_of(21).has_value());  // exactly rate x duration arrivals
  EXPECT_FALSE(s.time_of(0).has_value());
}

TEST(ArrivalSchedule, WarmupRunsAtTheRateFirst) {
  auto s = ArrivalSchedule::from_profile(open_constant(4, 1s, 1s), 1.0);
  EXPECT_DOUBLE_EQ(s.total(), 8);
  EXPECT_NEAR(at_s(s, 4), 0.75, 1e-9);  // the last warm-up arrival
  EXPECT_NEAR(at_s(s, 5), 1.0, 1e-9);   // the first measured one
  EXPECT_FALSE(s.time_of(9).has_value());
}

TEST(ArrivalSchedule, ShareScalesTheRate) {
  auto s = ArrivalSchedule::from_profile(open_constant(100, 0ms, 1s), 0.25);
  EXPECT_DOUBLE_EQ(s.total(), 25);
  EXPECT_NEAR(at_s(s, 2), 0.04, 1e-9);
}

TEST(ArrivalSchedule, LinearRampFollowsTheIntegral) {
  LoadProfile p;
  p.model = Model::open;
  p.start_rate = 0;
  p.stages = {Stage{{}, 10s, 20}};  // rate 2t: arrivals by t = t^2
  auto s = ArrivalSchedule::from_profile(p, 1.0);
  EXPECT_DOUBLE_EQ(s.total(), 100);
  EXPECT_NEAR(at_s(s, 2), 1.0, 1e-9);
  EXPECT_NEAR(at_s(s, 5), 2.0, 1e-9);
  EXPECT_NEAR(at_s(s, 100), std::sqrt(99.0), 1e-9);
  EXPECT_FALSE(s.time_of(101).has_value());
  // Ramping down: 20 -> 0 over 10 s, 100 arrivals, denser first.
  p.start_rate = 20;
  p.stages = {Stage{{}, 10s, 0}};
  auto down = ArrivalSchedule::from_profile(p, 1.0);
  EXPECT_LT(at_s(down, 51), 5.0);
  EXPECT_LT(at_s(down, 100), 10.0);
  EXPECT_GT(at_s(down, 100), 8.0);
}

TEST(ArrivalSchedule, StepsAndHoldsChainFromThePreviousTarget) {
  LoadProfile p;
  p.model = Model::open;
  p.start_rate = 5;
  p.stages = {Stage{{}, 0ms, 10}, Stage{{}, 2s, 10}, Stage{{}, 1s, 0}};
  auto s = ArrivalSchedule::from_profile(p, 1.0);
  EXPECT_DOUBLE_EQ(s.total(), 20 + 5);
  EXPECT_NEAR(at_s(s, 2), 0.1, 1e-9);  // the 0 s step made it 10/s at once
  EXPECT_NEAR(at_s(s, 21), 2.0, 1e-9);  // the first of the ramp down
}

TEST(ArrivalSchedule, ClosedProfileHasNoArrivals) {
  LoadProfile p;
  p.model = Model::closed;
  p.duration = 1s;
  auto s = ArrivalSchedule::from_profile(p, 1.0);
  EXPECT_FALSE(s.time_of(1).has_value());
}

}  // namespace
}  // namespace syncsuite::load
