// Contract section 7 (status) through SyncService::handle().
#include "reference/server/status_handler.hpp"

#include <gtest/gtest.h>

#include "tests/unit/reference/server/server_fixture.hpp"

namespace syncsuite::server::fixture {
namespace {

using StatusHandler = ServerTest;

TEST_F(StatusHandler, FreshAccountHasNothing) {
  const auto body = status_ok();
  EXPECT_TRUE(timestamp::valid(body["server_time"].get<std::string>()));
  EXPECT_EQ(body["record_count"], 0);
  EXPECT_EQ(body["conflict_count"], 0);
  EXPECT_TRUE(body["public_key"].is_null());
  EXPECT_EQ(body["cursor"], pull_ok()["cursor"]);
  EXPECT_EQ(pull_ok("?since=" + body["cursor"].get<std::string>())["records"], json::array());
}

TEST_F(StatusHandler, CountsIncludeTombstonesAndConflicts) {
  push_ok({keys_.seal("t", "a", at(0), {{"v", 1}}), keys_.seal("t", "b", at(0), {}, true),
           keys_.seal("u", "a", at(0), {{"v", 1}})});
  make_conflict();
  const auto body = status_ok();
  EXPECT_EQ(body["record_count"], 4);
  EXPECT_EQ(body["conflict_count"], 1);
}

TEST_F(StatusHandler, CursorIsWhereAFullPullEnds) {
  push_ok({keys_.seal("t", "a", at(0), {{"v", 1}}), keys_.seal("t", "b", at(0), {{"v", 1}})});
  push_ok({keys_.seal("t", "a", at(1), {{"v", 2}})});
  std::string since;
  json page;
  for (int i = 0; i < 10; ++i) {
    page = pull_ok("?limit=1&since=" + since);
    since = page["cursor"].get<std::string>();
    if (!page["has_more"].get<bool>()) break;
  }
  EXPECT_EQ(status_ok()["cursor"], since);
}

TEST_F(StatusHandler, CursorAndCountsArePerUser) {
  const auto other = new_account();
  push_ok({keys_.seal("t", "a", at(0), {{"v", 1}})});
  make_conflict();
  const auto theirs = status_ok(other);
  EXPECT_EQ(theirs["record_count"], 0);
  EXPECT_EQ(theirs["conflict_count"], 0);
  EXPECT_EQ(theirs["cursor"], pull_ok("", other)["cursor"]);
  EXPECT_EQ(pull_ok("?since=" + theirs["cursor"].get<std::string>(), other)["records"],
            json::array());
}

// Contract section 5: a cursor SHOULD NOT reveal other accounts' activity. Two accounts with the
// same history of their own get the same cursors, however much a third wrote in between.
TEST_F(StatusHandler, CursorMovesOnlyWithTheAccountsOwnWrites) {
  const auto quiet = new_account();
  const auto busy_between = new_account();
  const auto noisy = new_account();
  const Keys others;
  push_ok({keys_.seal("t", "a", at(0), {})}, quiet);
  push_ok({keys_.seal("t", "b", at(0), {})}, quiet);

  push_ok({keys_.seal("t", "a", at(0), {})}, busy_between);
  const auto before = status_ok(busy_between)["cursor"];
  push_ok({others.seal("t", "x", at(0), {}), others.seal("t", "y", at(0), {}),
           others.seal("t", "z", at(0), {})},
          noisy);
  EXPECT_EQ(status_ok(busy_between)["cursor"], before) << "moved by another account's writes";
  push_ok({keys_.seal("t", "b", at(0), {})}, busy_between);

  EXPECT_EQ(status_ok(busy_between)["cursor"], status_ok(quiet)["cursor"]);
  EXPECT_EQ(pull_ok("", busy_between)["cursor"], pull_ok("", quiet)["cursor"]);
  const auto first_page = pull_ok("?limit=1", busy_between);
  EXPECT_EQ(first_page["cursor"], pull_ok("?limit=1", quiet)["cursor"]);
  const auto rest = pull_ok("?since=" + first_page["cursor"].get<std::string>(), busy_between);
  ASSERT_EQ(rest["records"].size(), 1u) << "the cursor still finds the account's later write";
  EXPECT_EQ(rest["records"][0]["id"], "b");
}

}  // namespace
}  // namespace syncsuite::server::fixture
