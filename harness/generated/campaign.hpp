#pragma once
// Which generated cases a run sends: the whole campaign, or under a budget (`run --budget N`) a
// sample chosen by the seed that still covers every field and class (Variant::group) at least
// once while the budget allows. Deterministic: the same seed and budget give the same cases.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "harness/generated/variants.hpp"

namespace syncsuite::generated {

// The full campaign's size over all requests.
std::size_t full_campaign_size();

// A request's share of a budget over the whole campaign: in proportion to its full size, at
// least one case.
std::size_t budget_share(Request request, std::size_t budget);

// `candidates` cut to `count` cases (all of them when count >= their number): first one case of
// each group (groups in a seeded order), then the rest by seed; the result keeps the original
// order.
std::vector<Variant> sample(const std::vector<Variant>& candidates, std::size_t count,
                            std::uint64_t seed);

// The cases of a request for a run: all_variants(request), sampled to its share of `budget`.
std::vector<Variant> plan(Request request, std::uint64_t seed, std::optional<std::size_t> budget);

}  // namespace syncsuite::generated
