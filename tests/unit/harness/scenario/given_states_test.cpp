#include "harness/scenario/given_states.hpp"

#include <gtest/gtest.h>

namespace syncsuite::scenario {
namespace {

TEST(GivenStates, TableHasTheRequiredStates) {
  for (const char* name : {"records-from-another-device", "pending-conflict", "tombstone", "synced-record"}) {
    EXPECT_NE(find_given_state(name), nullptr) << name;
  }
  EXPECT_EQ(find_given_state("nope"), nullptr);
}

TEST(GivenStates, PendingConflictWritesTheServerCopyLater) {
  GivenUse use;
  use.state = "pending-conflict";
  const auto steps = given_steps(*find_given_state("pending-conflict"), use);
  ASSERT_EQ(steps.size(), 4u);
  const auto& first = std::get<PutStep>(steps[0].action);
  const auto& second = std::get<PutStep>(steps[2].action);
  EXPECT_EQ(first.device, "phone");
  EXPECT_EQ(second.device, "laptop");
  EXPECT_EQ(first.id, "g1");
  // The other device's edit is older: its push must be a conflict.
  EXPECT_EQ(first.updated_at, "+10s");
  EXPECT_EQ(second.updated_at, "+5s");
  EXPECT_EQ(std::get<SyncStep>(steps[3].action).device, "laptop");
}

TEST(GivenStates, UsesOverridesForDevicesTableAndId) {
  GivenUse use;
  use.state = "records-from-another-device";
  use.other = "tablet";
  use.table = "budgets";
  use.id = "b";
  const auto steps = given_steps(*find_given_state(use.state), use);
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(std::get<PutStep>(steps[2].action).id, "b3");
  EXPECT_EQ(std::get<PutStep>(steps[0].action).table, "budgets");
  EXPECT_EQ(std::get<SyncStep>(steps[3].action).device, "tablet");
}

TEST(GivenStates, TombstoneDeletesAfterTheSync) {
  GivenUse use;
  use.state = "tombstone";
  const auto steps = given_steps(*find_given_state("tombstone"), use);
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[2].kind, "delete");
  EXPECT_EQ(std::get<DeleteStep>(steps[2].action).updated_at, "+1s");
}

}  // namespace
}  // namespace syncsuite::scenario
