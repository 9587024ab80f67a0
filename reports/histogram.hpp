#pragma once
// A latency histogram in fixed memory with bounded relative error, after HdrHistogram: values in
// microseconds fall into log-linear buckets (each power of two split into 128 equal sub-buckets),
// so any recorded value is known to within 1/128 (< 0.79 %) of itself. Values 0..255 us are exact.
//
// Memory: kBucketCount (3,840) 64-bit counters = 30 KiB, allocated once by the constructor;
// record() never allocates, so it is safe on a per-request hot path. Moves are cheap (one vector).
// Merging adds counters: it is exact, merging two histograms equals recording both streams in one.
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace syncsuite::reports {

class Histogram {
 public:
  static constexpr std::uint32_t kSubBuckets = 128;  // linear steps per power of two
  static constexpr int kMaxBits = 36;                // values below 2^36 us (~19 h) are bucketed
  static constexpr std::uint64_t kMaxTrackable = (std::uint64_t{1} << kMaxBits) - 1;
  // 256 exact buckets for 0..255, then 128 per power of two from 2^8 to 2^35.
  static constexpr std::uint32_t kBucketCount = 2 * kSubBuckets + (kMaxBits - 8) * kSubBuckets;

  Histogram();

  // Adds `count` samples of `value_us`. Values above kMaxTrackable count in the top bucket; min(),
  // max() and mean() still use the true value.
  void record(std::uint64_t value_us, std::uint64_t count = 1);
  void merge(const Histogram& other);
  void reset();  // empty again; also revives a moved-from histogram

  std::uint64_t count() const { return count_; }
  std::uint64_t min() const { return min_; }  // 0 when empty
  std::uint64_t max() const { return max_; }  // 0 when empty
  std::uint64_t sum() const { return sum_; }  // of the true values, for the exact mean
  double mean() const;                        // 0 when empty

  // The smallest bucket such that at least p % of the samples are at or below it, given as the
  // highest value that bucket holds, but never above max(). p in [0, 100], clamped; 0 when empty.
  std::uint64_t percentile(double p) const;

  // The non-zero buckets as (bucket index, count), ascending: the compact form for files.
  std::vector<std::pair<std::uint32_t, std::uint64_t>> sparse() const;
  // The inverse of sparse() plus min/max/sum. nullopt for a bucket index >= kBucketCount, or when
  // min, max and the buckets disagree (min > max, or min/max not in the lowest/highest bucket).
  static std::optional<Histogram> from_sparse(
      const std::vector<std::pair<std::uint32_t, std::uint64_t>>& buckets, std::uint64_t min,
      std::uint64_t max, std::uint64_t sum);

  // The bucket a value falls in, and the lowest and highest values a bucket holds.
  static std::uint32_t bucket_of(std::uint64_t value_us);
  static std::uint64_t lowest_in(std::uint32_t bucket);
  static std::uint64_t highest_in(std::uint32_t bucket);

  friend bool operator==(const Histogram&, const Histogram&) = default;

 private:
  std::vector<std::uint64_t> counts_;  // kBucketCount entries, never resized
  std::uint64_t count_ = 0;            // sum of counts_
  std::uint64_t min_ = 0;              // smallest true value; 0 when count_ == 0
  std::uint64_t max_ = 0;              // largest true value; 0 when count_ == 0
  std::uint64_t sum_ = 0;              // of true values (wraps past 2^64 us, ~585,000 years)
};

}  // namespace syncsuite::reports
