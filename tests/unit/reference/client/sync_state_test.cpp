#include "reference/client/sync_state.hpp"

#include <gtest/gtest.h>

#include <ostream>

namespace syncsuite::client {
namespace {

constexpr timestamp::Millis kNow = 1'800'000'000'000;

struct AutoCase {
  const char* name;
  bool foreground;
  std::optional<timestamp::Millis> last;
  bool expected;
};
// Names the case in failure messages instead of dumping its bytes.
void PrintTo(const AutoCase& c, std::ostream* os) { *os << c.name; }

class ClientAutoSync : public ::testing::TestWithParam<AutoCase> {};

TEST_P(ClientAutoSync, FollowsTheFiveMinuteRule) {
  const auto& c = GetParam();
  EXPECT_EQ(auto_sync_due(c.foreground, c.last, kNow), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Section8, ClientAutoSync,
    ::testing::Values(AutoCase{"NeverSyncedForeground", true, std::nullopt, true},
                      AutoCase{"NeverSyncedBackground", false, std::nullopt, false},
                      AutoCase{"JustSynced", true, kNow, false},
                      AutoCase{"ExactlyFiveMinutes", true, kNow - kAutoSyncAfterMs, false},
                      AutoCase{"OverFiveMinutes", true, kNow - kAutoSyncAfterMs - 1, true},
                      AutoCase{"OverFiveMinutesBackground", false, kNow - kAutoSyncAfterMs - 1,
                               false}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ClientSyncState, StatusNames) {
  EXPECT_EQ(to_string(SyncStatus::idle), "idle");
  EXPECT_EQ(to_string(SyncStatus::syncing), "syncing");
  EXPECT_EQ(to_string(SyncStatus::error), "error");
}

TEST(ClientSyncState, ReportIsOkWithoutError) {
  SyncReport report;
  EXPECT_TRUE(report.ok());
  report.error = make_error("io", "reset");
  EXPECT_FALSE(report.ok());
}

}  // namespace
}  // namespace syncsuite::client
