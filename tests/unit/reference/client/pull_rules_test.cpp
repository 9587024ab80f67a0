#include "reference/client/pull_rules.hpp"

#include <gtest/gtest.h>

#include <ostream>

namespace syncsuite::client {
namespace {

struct PullCase {
  const char* name;
  bool has_local;
  RecordStatus status;
  const char* local_updated_at;
  std::optional<std::int64_t> local_version;
  const char* server_updated_at;
  std::int64_t server_version;
  PullAction expected;
};
// Names the case in failure messages instead of dumping its bytes.
void PrintTo(const PullCase& c, std::ostream* os) { *os << c.name; }

class ClientPullRules : public ::testing::TestWithParam<PullCase> {};

TEST_P(ClientPullRules, DecidesAsSection8Says) {
  const auto& c = GetParam();
  StoredRecord local;
  local.envelope.updated_at = c.local_updated_at;
  local.envelope.version = c.local_version;
  local.status = c.status;
  protocol::Envelope server;
  server.updated_at = c.server_updated_at;
  server.version = c.server_version;
  EXPECT_EQ(decide_pull(c.has_local ? &local : nullptr, server), c.expected);
}

constexpr const char* kT1 = "2026-11-24T10:00:00.000Z";
constexpr const char* kT2 = "2026-11-24T10:00:00.001Z";
using S = RecordStatus;
using A = PullAction;

INSTANTIATE_TEST_SUITE_P(
    Section8, ClientPullRules,
    ::testing::Values(
        PullCase{"NoLocalCopyInserts", false, S::synced, kT1, std::nullopt, kT1, 1, A::insert},
        PullCase{"EarlierSyncedTakesServer", true, S::synced, kT1, 1, kT2, 2, A::take_server},
        PullCase{"EarlierPendingTakesServer", true, S::pending, kT1, std::nullopt, kT2, 1,
                 A::take_server},
        PullCase{"LaterPendingMarksConflict", true, S::pending, kT2, std::nullopt, kT1, 1,
                 A::mark_conflict},
        PullCase{"LaterPendingOnOlderBaseMarksConflict", true, S::pending, kT2, 1, kT1, 2,
                 A::mark_conflict},
        PullCase{"LaterSyncedMarksConflict", true, S::synced, kT2, 1, kT1, 2, A::mark_conflict},
        PullCase{"EqualDoesNothing", true, S::synced, kT1, 1, kT1, 1, A::keep_local},
        PullCase{"EqualPendingDoesNothing", true, S::pending, kT1, std::nullopt, kT1, 1,
                 A::keep_local},
        PullCase{"ConflictOnlyRefreshesEvenWhenLater", true, S::conflict, kT1, 1, kT2, 3,
                 A::refresh_conflict},
        PullCase{"ConflictOnlyRefreshesEvenWhenEarlier", true, S::conflict, kT2, 1, kT1, 3,
                 A::refresh_conflict},
        PullCase{"PendingEditOfThisVersionStaysPending", true, S::pending, kT2, 4, kT1, 4,
                 A::keep_local}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace syncsuite::client
