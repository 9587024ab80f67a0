#include "reports/histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace syncsuite::reports {
namespace {

// The sample a percentile names: the smallest value with at least p % of samples at or below it.
std::uint64_t true_percentile(std::vector<std::uint64_t> sorted, double p) {
  std::sort(sorted.begin(), sorted.end());
  const double exact = p / 100.0 * static_cast<double>(sorted.size());
  auto rank = static_cast<std::size_t>(std::ceil(exact - exact * 1e-12));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

// Log-uniform samples between 1 us and ~2^35 us: every power of two gets its share.
std::vector<std::uint64_t> samples(std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> exponent(0.0, 35.0);
  std::vector<std::uint64_t> out;
  for (std::size_t i = 0; i < n; ++i)
    out.push_back(static_cast<std::uint64_t>(std::pow(2.0, exponent(rng))));
  return out;
}

TEST(HistogramTest, EmptyReportsZeros) {
  const Histogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.min(), 0u);
  EXPECT_EQ(h.max(), 0u);
  EXPECT_EQ(h.mean(), 0.0);
  EXPECT_EQ(h.percentile(50), 0u);
  EXPECT_TRUE(h.sparse().empty());
}

TEST(HistogramTest, MemoryIsAtMost64KiB) {
  EXPECT_LE(Histogram::kBucketCount * sizeof(std::uint64_t), 64u * 1024u);
}

TEST(HistogramTest, SmallValuesAreExact) {
  for (std::uint64_t v = 0; v < 256; ++v) {
    EXPECT_EQ(Histogram::lowest_in(Histogram::bucket_of(v)), v);
    EXPECT_EQ(Histogram::highest_in(Histogram::bucket_of(v)), v);
  }
}

TEST(HistogramTest, BucketsTileTheRangeWithoutGaps) {
  EXPECT_EQ(Histogram::lowest_in(0), 0u);
  for (std::uint32_t b = 1; b < Histogram::kBucketCount; ++b) {
    ASSERT_EQ(Histogram::lowest_in(b), Histogram::highest_in(b - 1) + 1) << "bucket " << b;
    ASSERT_EQ(Histogram::bucket_of(Histogram::lowest_in(b)), b);
    ASSERT_EQ(Histogram::bucket_of(Histogram::highest_in(b)), b);
  }
  EXPECT_EQ(Histogram::highest_in(Histogram::kBucketCount - 1), Histogram::kMaxTrackable);
}

TEST(HistogramTest, RelativeErrorIsBelowOnePercentOverTheWholeRange) {
  // Every bucket boundary and midpoint, over 0..2^36: the bucket's width relative to its lowest
  // value bounds the error of any value reported from it.
  for (std::uint32_t b = 1; b < Histogram::kBucketCount; ++b) {
    const double low = static_cast<double>(Histogram::lowest_in(b));
    const double high = static_cast<double>(Histogram::highest_in(b));
    ASSERT_LE((high - low) / low, 0.01) << "bucket " << b;
  }
  for (std::uint64_t v : samples(20000, 7)) {
    Histogram h;
    h.record(v);
    h.record(v + v / 2 + 1);  // so that the percentile is not clamped by max()
    const double reported = static_cast<double>(h.percentile(50));
    ASSERT_GE(reported, static_cast<double>(v));
    ASSERT_LE((reported - static_cast<double>(v)) / std::max<double>(1.0, static_cast<double>(v)),
              0.01)
        << v;
  }
}

TEST(HistogramTest, PercentilesMatchASortedArrayWithinTheBound) {
  const std::vector<std::uint64_t> values = samples(10001, 11);
  Histogram h;
  for (std::uint64_t v : values) h.record(v);
  for (double p : {0.0, 1.0, 25.0, 50.0, 90.0, 95.0, 99.0, 99.9, 99.99, 100.0}) {
    const auto want = static_cast<double>(true_percentile(values, p));
    const auto got = static_cast<double>(h.percentile(p));
    EXPECT_GE(got, want) << "p" << p;
    EXPECT_LE(got, want * 1.01) << "p" << p;
  }
  EXPECT_EQ(h.percentile(100), *std::max_element(values.begin(), values.end()));
  EXPECT_EQ(h.min(), *std::min_element(values.begin(), values.end()));
  EXPECT_EQ(h.count(), values.size());
}

TEST(HistogramTest, PercentileNeverExceedsMax) {
  Histogram h;
  h.record(1000);  // bucket holds 1000..1003
  EXPECT_EQ(h.percentile(50), 1000u);
  EXPECT_EQ(h.percentile(100), 1000u);
}

TEST(HistogramTest, MeanIsExact) {
  Histogram h;
  h.record(1'000'003);
  h.record(10, 3);
  EXPECT_DOUBLE_EQ(h.mean(), (1'000'003.0 + 30.0) / 4.0);
  EXPECT_EQ(h.sum(), 1'000'033u);
  EXPECT_EQ(h.count(), 4u);
}

TEST(HistogramTest, HugeValuesClampIntoTheTopBucketButKeepTheirMax) {
  Histogram h;
  const std::uint64_t huge = std::uint64_t{1} << 50;
  h.record(huge);
  EXPECT_EQ(h.max(), huge);
  EXPECT_EQ(h.percentile(99), Histogram::kMaxTrackable);
  EXPECT_EQ(h.sparse().front().first, Histogram::kBucketCount - 1);
}

TEST(HistogramTest, MergeEqualsRecordingBothStreams) {
  const std::vector<std::uint64_t> a = samples(5000, 1);
  const std::vector<std::uint64_t> b = samples(7000, 2);
  Histogram ha, hb, both;
  for (std::uint64_t v : a) {
    ha.record(v);
    both.record(v);
  }
  for (std::uint64_t v : b) {
    hb.record(v);
    both.record(v);
  }
  Histogram merged = ha;
  merged.merge(hb);
  EXPECT_EQ(merged, both);
  Histogram reversed = hb;
  reversed.merge(ha);
  EXPECT_EQ(reversed, both);
  EXPECT_NE(ha, both);
}

TEST(HistogramTest, MergeWithEmptyKeepsMinAndMax) {
  Histogram a, empty;
  a.record(500);
  a.record(900);
  Histogram into_empty;
  into_empty.merge(a);
  EXPECT_EQ(into_empty, a);
  a.merge(empty);
  EXPECT_EQ(a.min(), 500u);
  EXPECT_EQ(a.max(), 900u);
}

TEST(HistogramTest, ResetEmpties) {
  Histogram h;
  h.record(42, 5);
  h.reset();
  EXPECT_EQ(h, Histogram());
}

TEST(HistogramTest, ResetMakesAMovedFromHistogramUsable) {
  Histogram a;
  a.record(7);
  Histogram b = std::move(a);
  a.reset();  // NOLINT(bugprone-use-after-move): reset is documented to revive it
  a.record(9);
  EXPECT_EQ(a.count(), 1u);
  EXPECT_EQ(a.percentile(50), 9u);
  EXPECT_EQ(b.max(), 7u);
}

TEST(HistogramTest, SparseRoundTrips) {
  Histogram h;
  for (std::uint64_t v : samples(3000, 5)) h.record(v);
  const auto back = Histogram::from_sparse(h.sparse(), h.min(), h.max(), h.sum());
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, h);
  const auto empty = Histogram::from_sparse({}, 0, 0, 0);
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(*empty, Histogram());
}

TEST(HistogramTest, FromSparseRefusesInconsistentInput) {
  EXPECT_FALSE(Histogram::from_sparse({{Histogram::kBucketCount, 1}}, 0, 0, 0).has_value());
  EXPECT_FALSE(Histogram::from_sparse({{10, 1}}, 11, 10, 10).has_value()) << "min > max";
  EXPECT_FALSE(Histogram::from_sparse({{10, 1}}, 10, 500, 10).has_value()) << "max elsewhere";
  EXPECT_FALSE(Histogram::from_sparse({{10, 1}}, 3, 10, 10).has_value()) << "min elsewhere";
  EXPECT_FALSE(Histogram::from_sparse({}, 0, 5, 0).has_value()) << "empty with a max";
  EXPECT_TRUE(Histogram::from_sparse({{10, 2}}, 10, 10, 20).has_value());
}

}  // namespace
}  // namespace syncsuite::reports
