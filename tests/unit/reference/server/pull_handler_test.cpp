// Contract section 5 (pull) through SyncService::handle().
#include "reference/server/pull_handler.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "tests/unit/reference/server/server_fixture.hpp"

namespace syncsuite::server::fixture {
namespace {

using PullHandler = ServerTest;

std::vector<std::string> ids_of(const json& records) {
  std::vector<std::string> ids;
  for (const auto& r : records) ids.push_back(r["id"].get<std::string>());
  return ids;
}

TEST_F(PullHandler, EmptyStoreGivesEmptyPageAndAStartCursorThatWorks) {
  const auto body = pull_ok();
  EXPECT_EQ(body["records"], json::array());
  EXPECT_EQ(body["has_more"], false);
  EXPECT_TRUE(timestamp::valid(body["server_time"].get<std::string>()));
  const auto cursor = body["cursor"].get<std::string>();
  EXPECT_FALSE(cursor.empty());
  EXPECT_EQ(pull_ok("?since=" + cursor)["records"], json::array());
  EXPECT_EQ(pull_ok("?since=")["records"], json::array());
  EXPECT_EQ(pull_ok("?since=c0")["cursor"], "c0");
}

TEST_F(PullHandler, RecordsComeInCommitOrderOnceAtTheirLatestVersion) {
  push_ok({keys_.seal("t", "a", at(0), {{"v", 1}}), keys_.seal("t", "b", at(0), {{"v", 1}})});
  push_ok({keys_.seal("t", "c", at(0), {{"v", 1}})});
  push_ok({keys_.seal("t", "a", at(5), {{"v", 2}})});
  const auto records = pull_ok()["records"];
  EXPECT_EQ(ids_of(records), (std::vector<std::string>{"b", "c", "a"}));
  EXPECT_EQ(records[2]["version"], 2);
  for (const auto& r : records) {
    for (const char* field : {"table", "id", "updated_at", "deleted", "nonce", "ciphertext",
                              "version"}) {
      EXPECT_TRUE(r.contains(field)) << field;
    }
  }
}

TEST_F(PullHandler, PagesFollowTheCursorWithoutGapsOrRepeats) {
  std::vector<Envelope> batch;
  for (int i = 0; i < 5; ++i) {
    batch.push_back(keys_.seal("t", "r" + std::to_string(i), at(0), {{"i", i}}));
  }
  push_ok(batch);
  std::vector<std::string> seen;
  std::vector<bool> more;
  std::string since;
  for (int page = 0; page < 10; ++page) {
    const auto body = pull_ok("?limit=2&since=" + since);
    EXPECT_LE(body["records"].size(), 2u);
    for (const auto& id : ids_of(body["records"])) seen.push_back(id);
    since = body["cursor"].get<std::string>();
    more.push_back(body["has_more"].get<bool>());
    if (!more.back()) break;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"r0", "r1", "r2", "r3", "r4"}));
  EXPECT_EQ(more, (std::vector<bool>{true, true, false}));
  const auto after = pull_ok("?since=" + since);
  EXPECT_EQ(after["records"], json::array());
  EXPECT_EQ(after["cursor"], since) << "an empty page keeps the cursor";
}

TEST_F(PullHandler, LaterPullFromCursorGetsOnlyNewAndChangedRecords) {
  push_ok({keys_.seal("t", "a", at(0), {{"v", 1}}), keys_.seal("t", "b", at(0), {{"v", 1}})});
  const auto cursor = pull_ok()["cursor"].get<std::string>();
  push_ok({keys_.seal("t", "c", at(0), {{"v", 1}}), keys_.seal("t", "a", at(1), {{"v", 2}})});
  const auto body = pull_ok("?since=" + cursor);
  EXPECT_EQ(ids_of(body["records"]), (std::vector<std::string>{"c", "a"}));
}

TEST_F(PullHandler, DefaultLimitIs500AndMaximumIs1000) {
  for (int b = 0; b < 3; ++b) {
    std::vector<Envelope> batch;
    for (int i = 0; i < 400; ++i) {
      batch.push_back(keys_.seal("t", "r" + std::to_string(b * 400 + i), at(0), {{"i", i}}));
    }
    push_ok(batch);
  }
  const auto by_default = pull_ok();
  EXPECT_EQ(by_default["records"].size(), 500u);
  EXPECT_EQ(by_default["has_more"], true);
  const auto max = pull_ok("?limit=1000");
  EXPECT_EQ(max["records"].size(), 1000u);
  EXPECT_EQ(max["has_more"], true);
  const auto rest = pull_ok("?limit=1000&since=" + max["cursor"].get<std::string>());
  EXPECT_EQ(rest["records"].size(), 200u);
  EXPECT_EQ(rest["has_more"], false);
}

TEST_F(PullHandler, QueryValuesArePercentDecoded) {
  for (int i = 0; i < 6; ++i) push_ok({keys_.seal("t", "r" + std::to_string(i), at(0), {})});
  EXPECT_EQ(pull_ok("?limit=%35")["records"].size(), 5u);
  const auto first = pull_ok("?limit=2");
  const auto cursor = first["cursor"].get<std::string>();  // "c<digits>"
  const auto encoded = "%63" + cursor.substr(1);            // %63 is 'c'
  EXPECT_EQ(pull_ok("?since=" + encoded)["records"], pull_ok("?since=" + cursor)["records"]);
}

TEST_F(PullHandler, TombstonesArePulled) {
  push_ok({keys_.seal("t", "a", at(0), {{"v", 1}})});
  push_ok({keys_.seal("t", "a", at(1), {}, true)});
  const auto records = pull_ok()["records"];
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["deleted"], true);
  EXPECT_EQ(records[0]["version"], 2);
}

TEST_F(PullHandler, OtherUsersRecordsNeverMeet) {
  const auto other = new_account();
  Keys other_keys;
  push_ok({keys_.seal("t", "shared-id", at(0), {{"owner", "first"}})});
  EXPECT_EQ(pull_ok("", other)["records"], json::array());
  const auto results = push_ok({other_keys.seal("t", "shared-id", at(-5), {{"owner", "two"}})},
                               other);
  EXPECT_EQ(results[0]["status"], "accepted") << "no conflict with another user's record";
  EXPECT_EQ(results[0]["version"], 1);
  const auto mine = pull_ok()["records"];
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_TRUE(keys_.box.open(mine[0]["nonce"].get<std::string>(),
                             mine[0]["ciphertext"].get<std::string>())
                  .ok());
  const auto theirs = pull_ok("", other)["records"];
  ASSERT_EQ(theirs.size(), 1u);
  EXPECT_EQ(theirs[0]["updated_at"], at(-5));
}

struct BadQuery {
  std::string query;
  std::string field;
};
void PrintTo(const BadQuery& c, std::ostream* os) { *os << c.query; }

class PullBadQuery : public ServerTest, public ::testing::WithParamInterface<BadQuery> {};

TEST_P(PullBadQuery, Is400NamingTheParameter) {
  push_ok({keys_.seal("t", "a", at(0), {})});
  expect_error(pull(GetParam().query), 400, GetParam().field);
}

INSTANTIATE_TEST_SUITE_P(
    Table, PullBadQuery,
    ::testing::Values(BadQuery{"?limit=0", "limit"}, BadQuery{"?limit=1001", "limit"},
                      BadQuery{"?limit=-1", "limit"}, BadQuery{"?limit=abc", "limit"},
                      BadQuery{"?limit=1.5", "limit"}, BadQuery{"?limit=", "limit"},
                      BadQuery{"?limit=+5", "limit"}, BadQuery{"?limit=%205", "limit"},
                      BadQuery{"?limit=1e2", "limit"}, BadQuery{"?limit=99999999999", "limit"},
                      BadQuery{"?since=x", "since"}, BadQuery{"?since=c", "since"},
                      BadQuery{"?since=c-1", "since"}, BadQuery{"?since=c01", "since"},
                      BadQuery{"?since=12", "since"}, BadQuery{"?since=C1", "since"},
                      BadQuery{"?since=c99999", "since"},
                      BadQuery{"?since=c99999999999999999999", "since"},
                      BadQuery{"?since=2026-11-24T10:00:00.000Z", "since"},
                      BadQuery{"?since=%zz", "query"}, BadQuery{"?limit=%4", "query"}));

}  // namespace
}  // namespace syncsuite::server::fixture
