#include "reports/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace syncsuite::reports {
namespace {

constexpr std::uint32_t kExact = 2 * Histogram::kSubBuckets;  // values below this have own buckets

}  // namespace

Histogram::Histogram() : counts_(kBucketCount, 0) {}

std::uint32_t Histogram::bucket_of(std::uint64_t value_us) {
  const std::uint64_t v = std::min(value_us, kMaxTrackable);
  if (v < kExact) return static_cast<std::uint32_t>(v);
  // v lies in [2^msb, 2^(msb+1)) = [128 << shift, 256 << shift): step 2^shift within it.
  const int msb = static_cast<int>(std::bit_width(v)) - 1;
  const int shift = msb - 7;
  const auto sub = static_cast<std::uint32_t>(v >> shift) - kSubBuckets;
  return kExact + static_cast<std::uint32_t>(shift - 1) * kSubBuckets + sub;
}

std::uint64_t Histogram::lowest_in(std::uint32_t bucket) {
  if (bucket < kExact) return bucket;
  const std::uint32_t shift = (bucket - kExact) / kSubBuckets + 1;
  const std::uint64_t sub = (bucket - kExact) % kSubBuckets + kSubBuckets;
  return sub << shift;
}

std::uint64_t Histogram::highest_in(std::uint32_t bucket) {
  if (bucket < kExact) return bucket;
  const std::uint32_t shift = (bucket - kExact) / kSubBuckets + 1;
  return lowest_in(bucket) + (std::uint64_t{1} << shift) - 1;
}

void Histogram::record(std::uint64_t value_us, std::uint64_t count) {
  if (count == 0) return;
  counts_[bucket_of(value_us)] += count;
  min_ = count_ == 0 ? value_us : std::min(min_, value_us);
  max_ = count_ == 0 ? value_us : std::max(max_, value_us);
  count_ += count;
  sum_ += value_us * count;
}

void Histogram::merge(const Histogram& other) {
  if (other.count_ == 0) return;
  for (std::uint32_t i = 0; i < kBucketCount; ++i) counts_[i] += other.counts_[i];
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  max_ = count_ == 0 ? other.max_ : std::max(max_, other.max_);
  count_ += other.count_;
  sum_ += other.sum_;
}

void Histogram::reset() {
  counts_.assign(kBucketCount, 0);  // also makes a moved-from histogram usable again
  count_ = min_ = max_ = sum_ = 0;
}

double Histogram::mean() const {
  return count_ == 0 ? 0.0 : static_cast<double>(sum_) / static_cast<double>(count_);
}

std::uint64_t Histogram::percentile(double p) const {
  if (count_ == 0) return 0;
  const double clamped = std::isnan(p) ? 100.0 : std::clamp(p, 0.0, 100.0);
  // rank = ceil(p% of count), at least 1; the small slack keeps 99.9 % of 1000 at rank 999.
  const double exact = clamped / 100.0 * static_cast<double>(count_);
  auto rank = static_cast<std::uint64_t>(std::ceil(exact - exact * 1e-12));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  std::uint64_t seen = 0;
  for (std::uint32_t i = 0; i < kBucketCount; ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::min(highest_in(i), max_);
  }
  return max_;
}

std::vector<std::pair<std::uint32_t, std::uint64_t>> Histogram::sparse() const {
  std::vector<std::pair<std::uint32_t, std::uint64_t>> out;
  for (std::uint32_t i = 0; i < kBucketCount; ++i) {
    if (counts_[i] != 0) out.emplace_back(i, counts_[i]);
  }
  return out;
}

std::optional<Histogram> Histogram::from_sparse(
    const std::vector<std::pair<std::uint32_t, std::uint64_t>>& buckets, std::uint64_t min,
    std::uint64_t max, std::uint64_t sum) {
  Histogram h;
  for (const auto& [bucket, count] : buckets) {
    if (bucket >= kBucketCount) return std::nullopt;
    h.counts_[bucket] += count;
    h.count_ += count;
  }
  if (h.count_ == 0) {
    if (min != 0 || max != 0 || sum != 0) return std::nullopt;
    return h;
  }
  const auto first = std::find_if(h.counts_.begin(), h.counts_.end(), [](auto c) { return c; });
  const auto last = std::find_if(h.counts_.rbegin(), h.counts_.rend(), [](auto c) { return c; });
  const auto lowest = static_cast<std::uint32_t>(first - h.counts_.begin());
  const auto highest = static_cast<std::uint32_t>(h.counts_.rend() - last - 1);
  if (min > max || bucket_of(min) != lowest || bucket_of(max) != highest) return std::nullopt;
  h.min_ = min;
  h.max_ = max;
  h.sum_ = sum;
  return h;
}

}  // namespace syncsuite::reports
