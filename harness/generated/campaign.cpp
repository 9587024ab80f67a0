#include "harness/generated/campaign.hpp"

#include <algorithm>
#include <map>
#include <random>
#include <string>

namespace syncsuite::generated {
namespace {

// Fisher-Yates with the engine's raw output (distributions differ between standard libraries).
template <class T>
void shuffle(std::vector<T>& items, std::mt19937_64& rng) {
  for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[rng() % i]);
}

}  // namespace

std::size_t full_campaign_size() {
  std::size_t n = 0;
  for (Request r : kAllRequests) n += all_variants(r).size();
  return n;
}

std::size_t budget_share(Request request, std::size_t budget) {
  const std::size_t total = full_campaign_size();
  const std::size_t mine = all_variants(request).size();
  if (total == 0 || mine == 0) return 0;
  return std::max<std::size_t>(1, budget * mine / total);
}

std::vector<Variant> sample(const std::vector<Variant>& candidates, std::size_t count,
                            std::uint64_t seed) {
  if (count >= candidates.size()) return candidates;
  std::mt19937_64 rng(seed);
  std::map<std::string, std::vector<std::size_t>> groups;  // group -> candidate indexes
  for (std::size_t i = 0; i < candidates.size(); ++i) groups[candidates[i].group()].push_back(i);
  std::vector<std::size_t> firsts, rest;
  for (auto& [name, members] : groups) {
    shuffle(members, rng);
    firsts.push_back(members.front());
    rest.insert(rest.end(), members.begin() + 1, members.end());
  }
  shuffle(firsts, rng);
  shuffle(rest, rng);
  std::vector<std::size_t> chosen(firsts.begin(), firsts.begin() + std::min(count, firsts.size()));
  for (std::size_t i = 0; chosen.size() < count && i < rest.size(); ++i) chosen.push_back(rest[i]);
  std::sort(chosen.begin(), chosen.end());
  std::vector<Variant> out;
  for (std::size_t i : chosen) out.push_back(candidates[i]);
  return out;
}

std::vector<Variant> plan(Request request, std::uint64_t seed, std::optional<std::size_t> budget) {
  auto all = all_variants(request);
  if (!budget) return all;
  // Each request samples with its own stream, so selecting fewer scenarios changes nothing else.
  return sample(all, budget_share(request, *budget),
                seed ^ (0x9E3779B97F4A7C15ULL * (static_cast<std::uint64_t>(request) + 1)));
}

}  // namespace syncsuite::generated
