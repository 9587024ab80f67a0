#include "harness/load/write_ledger.hpp"

#include <gtest/gtest.h>

namespace syncsuite::load {
namespace {

using Kind = WriteLedger::Verdict::Kind;

const SealedWrite kA{make_write_id(1, 1), 100, false};
const SealedWrite kB{make_write_id(2, 1), 100, false};
const SealedWrite kTomb{0, 0, true};

TEST(WriteLedger, TheNewestAcknowledgedWriteMustBeHeld) {
  WriteLedger ledger;
  ledger.sent(5, 1000, kA);
  ledger.answered(5, 1000, kA, true);
  ledger.sent(5, 2000, kB);
  ledger.answered(5, 2000, kB, true);
  EXPECT_EQ(ledger.acknowledged(), 2u);
  EXPECT_EQ(ledger.judge(5, 2000, false, kB.w).kind, Kind::fine);
  // The older acknowledged write, or no copy at all: lost.
  EXPECT_EQ(ledger.judge(5, 1000, false, kA.w).kind, Kind::lost);
  EXPECT_EQ(ledger.judge(5, std::nullopt, false, 0).kind, Kind::lost);
  // A copy with the right time but another body: not a write of the run.
  EXPECT_EQ(ledger.judge(5, 2000, false, kA.w).kind, Kind::unknown_copy);
  EXPECT_EQ(ledger.judge(6, 2000, false, kA.w).kind, Kind::unwritten);
}

TEST(WriteLedger, AnUnansweredWriteMayOrMayNotHaveLanded) {
  WriteLedger ledger;
  ledger.sent(1, 1000, kA);
  ledger.answered(1, 1000, kA, true);
  ledger.sent(1, 3000, kB);  // the answer never came
  EXPECT_EQ(ledger.unknown_outcome(), 1u);
  EXPECT_EQ(ledger.judge(1, 3000, false, kB.w).kind, Kind::fine);
  EXPECT_EQ(ledger.judge(1, 1000, false, kA.w).kind, Kind::fine);
  // Sent again unchanged and answered: one write, no longer unknown.
  ledger.sent(1, 3000, kB);
  ledger.answered(1, 3000, kB, true);
  EXPECT_EQ(ledger.unknown_outcome(), 0u);
  EXPECT_EQ(ledger.acknowledged(), 2u);
  EXPECT_EQ(ledger.judge(1, 1000, false, kA.w).kind, Kind::lost);
}

TEST(WriteLedger, ARefusedWriteIsNeverTheServerCopy) {
  WriteLedger ledger;
  ledger.sent(2, 2000, kA);
  ledger.answered(2, 2000, kA, true);
  ledger.sent(2, 1999, kB);
  ledger.answered(2, 1999, kB, false);  // conflict
  EXPECT_EQ(ledger.judge(2, 1999, false, kB.w).kind, Kind::lost);
  EXPECT_EQ(ledger.acknowledged(), 1u);
}

TEST(WriteLedger, TombstonesMatchByTime) {
  WriteLedger ledger;
  ledger.sent(3, 1000, kA);
  ledger.answered(3, 1000, kA, true);
  ledger.sent(3, 1500, kTomb);
  ledger.answered(3, 1500, kTomb, true);
  EXPECT_EQ(ledger.judge(3, 1500, true, 0).kind, Kind::fine);
  EXPECT_EQ(ledger.judge(3, 1500, false, kA.w).kind, Kind::unknown_copy);
  EXPECT_EQ(ledger.judge(3, 1000, false, kA.w).kind, Kind::lost);
}

TEST(WriteLedger, NothingAcknowledgedNothingHeldIsFine) {
  WriteLedger ledger;
  ledger.sent(4, 1000, kA);
  ledger.answered(4, 1000, kA, false);
  EXPECT_EQ(ledger.judge(4, std::nullopt, false, 0).kind, Kind::fine);
  EXPECT_EQ(ledger.records(), std::vector<std::uint32_t>{4});
}

}  // namespace
}  // namespace syncsuite::load
