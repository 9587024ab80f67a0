#include "harness/load/account_check.hpp"

#include <gtest/gtest.h>

namespace syncsuite::load {
namespace {

const SealedWrite kA{make_write_id(1, 1), 120, false};
const SealedWrite kB{make_write_id(2, 1), 120, false};

HeldCopy copy_of(const SealedWrite& w, timestamp::Millis at) {
  return HeldCopy{at, w.deleted, w.deleted ? nlohmann::json::object() : make_payload(w.w, w.bytes)};
}

DeviceHoldings device(const std::string& id, std::map<std::uint32_t, HeldCopy> copies) {
  DeviceHoldings d;
  d.device_id = id;
  d.copies = std::move(copies);
  return d;
}

struct AccountCheck : ::testing::Test {
  AccountCheck() {
    ledger.sent(1, 1000, kA);
    ledger.answered(1, 1000, kA, true);
    ledger.sent(1, 2000, kB);
    ledger.answered(1, 2000, kB, true);
  }
  reports::CorrectnessResult check(const std::vector<DeviceHoldings>& devices) {
    reports::CorrectnessResult out;
    check_account(3, ledger, devices, out);
    return out;
  }
  WriteLedger ledger;
};

TEST_F(AccountCheck, AgreeingDevicesHoldingTheNewestWritePass) {
  auto out = check({device("d1", {{1, copy_of(kB, 2000)}}), device("d2", {{1, copy_of(kB, 2000)}})});
  EXPECT_TRUE(out.passed());
  EXPECT_EQ(out.records_checked, 1u);
  EXPECT_EQ(out.acknowledged_writes, 2u);
  EXPECT_TRUE(out.problems.empty());
}

TEST_F(AccountCheck, AnOlderCopyIsALostWrite) {
  auto out = check({device("d1", {{1, copy_of(kA, 1000)}}), device("d2", {{1, copy_of(kA, 1000)}})});
  EXPECT_EQ(out.lost, 1u);
  EXPECT_FALSE(out.passed());
  ASSERT_EQ(out.problems.size(), 1u);
  EXPECT_NE(out.problems[0].find("account 3 record r1: lost"), std::string::npos) << out.problems[0];
}

TEST_F(AccountCheck, DevicesThatDisagreeFail) {
  auto out = check({device("d1", {{1, copy_of(kB, 2000)}}), device("d2", {})});
  EXPECT_EQ(out.disagreements, 1u);
  EXPECT_EQ(out.lost, 1u);  // d2 holds nothing of an acknowledged write
  bool named = false;
  for (const auto& p : out.problems) named = named || p.find("d2 holds no copy") != std::string::npos;
  EXPECT_TRUE(named);
}

TEST_F(AccountCheck, ABodyThatDiffersFromWhatWasSealedIsCorrupted) {
  auto bad = copy_of(kB, 2000);
  bad.data["p"] = "tampered";
  auto out = check({device("d1", {{1, bad}})});
  EXPECT_EQ(out.corrupted, 1u);
  EXPECT_FALSE(out.passed());
}

TEST_F(AccountCheck, ACopyNoDeviceSealedIsCorrupted) {
  const SealedWrite stranger{make_write_id(9, 9), 120, false};
  auto out = check({device("d1", {{1, copy_of(stranger, 2000)}})});
  EXPECT_EQ(out.corrupted, 1u);
}

TEST_F(AccountCheck, ADeviceWhoseFinalPullFailedCannotPass) {
  DeviceHoldings failed;
  failed.device_id = "d9";
  failed.failure = "timeout: pull took too long";
  auto out = check({device("d1", {{1, copy_of(kB, 2000)}}), failed});
  EXPECT_FALSE(out.passed());
  EXPECT_EQ(out.disagreements, 1u);
  failed.failure_is_decrypt = true;
  auto decrypt = check({failed});
  EXPECT_EQ(decrypt.corrupted, 1u);
}

TEST_F(AccountCheck, RecordsTheRunNeverWroteAreNotJudged) {
  const SealedWrite other{make_write_id(9, 9), 120, false};
  auto out = check({device("d1", {{1, copy_of(kB, 2000)}, {77, copy_of(other, 5)}})});
  EXPECT_TRUE(out.passed());
  EXPECT_EQ(out.records_checked, 1u);
}

}  // namespace
}  // namespace syncsuite::load
