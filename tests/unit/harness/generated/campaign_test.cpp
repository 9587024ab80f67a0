#include "harness/generated/campaign.hpp"

#include <gtest/gtest.h>

#include <set>

namespace syncsuite::generated {
namespace {

std::vector<std::string> describe(const std::vector<Variant>& cases) {
  std::vector<std::string> out;
  for (const auto& v : cases) out.push_back(v.describe());
  return out;
}

TEST(Campaign, NoBudgetIsTheWholeCampaign) {
  EXPECT_EQ(plan(Request::push, 1, std::nullopt).size(), all_variants(Request::push).size());
  std::size_t sum = 0;
  for (Request r : kAllRequests) sum += plan(r, 1, std::nullopt).size();
  EXPECT_EQ(sum, full_campaign_size());
}

TEST(Campaign, SameSeedSameCasesOtherSeedOtherCases) {
  const auto a = describe(plan(Request::push, 42, 60));
  EXPECT_EQ(a, describe(plan(Request::push, 42, 60)));
  EXPECT_NE(a, describe(plan(Request::push, 43, 60)));
}

TEST(Campaign, BudgetSharedInProportionAndNeverZero) {
  const std::size_t budget = 100;
  std::size_t sum = 0;
  for (Request r : kAllRequests) {
    const auto share = budget_share(r, budget);
    EXPECT_GE(share, 1u);
    EXPECT_EQ(plan(r, 5, budget).size(), std::min(share, all_variants(r).size()));
    sum += share;
  }
  EXPECT_LE(sum, budget + 5);  // each request rounds down, then at least one
}

TEST(Campaign, ABudgetAsLargeAsTheGroupsCoversEveryGroup) {
  const auto all = all_variants(Request::push);
  std::set<std::string> groups;
  for (const auto& v : all) groups.insert(v.group());
  const auto cut = sample(all, groups.size(), 9);
  std::set<std::string> covered;
  for (const auto& v : cut) covered.insert(v.group());
  EXPECT_EQ(covered, groups);
  EXPECT_LT(cut.size(), all.size());
}

TEST(Campaign, SampleKeepsTheOriginalOrder) {
  const auto all = all_variants(Request::resolve);
  const auto cut = sample(all, 20, 3);
  ASSERT_EQ(cut.size(), 20u);
  std::size_t at = 0;
  for (const auto& v : cut) {
    while (at < all.size() && all[at].describe() != v.describe()) ++at;
    ASSERT_LT(at, all.size()) << "out of order: " << v.describe();
  }
}

}  // namespace
}  // namespace syncsuite::generated
