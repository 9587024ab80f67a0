// Contract section 6 (resolve) through SyncService::handle().
#include "reference/server/resolve_handler.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tests/unit/reference/server/server_fixture.hpp"

namespace syncsuite::server::fixture {
namespace {

using ResolveHandler = ServerTest;

json with_version(const Envelope& e, std::int64_t version) {
  auto j = protocol::to_json(e);
  j["version"] = version;
  return j;
}

TEST_F(ResolveHandler, ServerKeepsTheCopyAndClearsTheConflict) {
  const auto stored = make_conflict();
  const auto cursor = status_ok()["cursor"];
  const auto response = resolve(stored, "server", 1, std::nullopt);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(body_of(response), (json{{"record", with_version(stored, 1)}}));
  EXPECT_EQ(status_ok()["conflict_count"], 0);
  EXPECT_EQ(status_ok()["cursor"], cursor) << "keeping the server copy is no new write";
  EXPECT_EQ(pull_all()[0], with_version(stored, 1));
}

TEST_F(ResolveHandler, LocalIsStoredAsNextVersionWhateverItsTime) {
  const auto stored = make_conflict();
  const auto cursor = status_ok()["cursor"].get<std::string>();
  const auto local = keys_.seal("transactions", "r1", at(1), {{"amount", 2}});  // earlier than S
  const auto response = resolve(stored, "local", 1, local);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(body_of(response), (json{{"record", with_version(local, 2)}}));
  EXPECT_EQ(status_ok()["conflict_count"], 0);
  const auto page = pull_ok("?since=" + cursor)["records"];
  ASSERT_EQ(page.size(), 1u) << "the resolved write is new to other devices";
  EXPECT_EQ(page[0], with_version(local, 2));
}

TEST_F(ResolveHandler, MergedIsStoredAsNextVersion) {
  const auto stored = make_conflict();
  const auto merged = keys_.seal("transactions", "r1", at(10'001), {{"amount", 3}});
  const auto response = resolve(stored, "merged", 1, merged);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(body_of(response)["record"], with_version(merged, 2));
  EXPECT_EQ(pull_all()[0], with_version(merged, 2));
  EXPECT_EQ(status_ok()["conflict_count"], 0);
}

TEST_F(ResolveHandler, StaleExpectedVersionIs409WithCurrentCopyAndStoresNothing) {
  const auto stored = make_conflict();
  const auto newer = keys_.seal("transactions", "r1", at(20'000), {{"amount", 9}});
  push_ok({newer});  // version 2 arrives meanwhile
  const auto local = keys_.seal("transactions", "r1", at(30'000), {{"amount", 4}});
  for (const std::int64_t expected : {std::int64_t{1}, std::int64_t{3}, std::int64_t{0},
                                      std::int64_t{-2}}) {
    const auto response = resolve(stored, "local", expected, local);
    expect_error(response, 409, "version");
    EXPECT_EQ(body_of(response)["server"], with_version(newer, 2));
  }
  EXPECT_EQ(pull_all()[0], with_version(newer, 2));
}

TEST_F(ResolveHandler, HugeExpectedVersionIs409) {
  const auto stored = make_conflict();
  auto response = resolve_raw(json{{"table", "transactions"},
                                   {"id", "r1"},
                                   {"resolution", "server"},
                                   {"expected_version", std::uint64_t{18446744073709551615u}}},
                              token_);
  expect_error(response, 409);
  EXPECT_EQ(status_ok()["conflict_count"], 1);
  (void)stored;
}

TEST_F(ResolveHandler, UnknownRecordIs404) {
  const auto ghost = keys_.seal("transactions", "ghost", at(0), {});
  expect_error(resolve(ghost, "server", 1, std::nullopt), 404);
  expect_error(resolve(ghost, "local", 1, ghost), 404);
  EXPECT_EQ(status_ok()["record_count"], 0);
}

TEST_F(ResolveHandler, AnotherUsersRecordIs404) {
  const auto stored = make_conflict();
  const auto other = new_account();
  expect_error(resolve(stored, "server", 1, std::nullopt, other), 404);
  EXPECT_EQ(status_ok()["conflict_count"], 1);
}

TEST_F(ResolveHandler, ServerResolutionIgnoresASentRecord) {
  const auto stored = make_conflict();
  auto body = json{{"table", "transactions"},
                   {"id", "r1"},
                   {"resolution", "server"},
                   {"expected_version", 1},
                   {"record", {{"garbage", true}}}};
  const auto response = resolve_raw(body, token_);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(body_of(response)["record"], with_version(stored, 1));
}

TEST_F(ResolveHandler, RecordOfAnotherTableOrIdIs400) {
  const auto stored = make_conflict();
  expect_error(resolve(stored, "local", 1, keys_.seal("accounts", "r1", at(0), {})), 400,
               "record.table");
  expect_error(resolve(stored, "merged", 1, keys_.seal("transactions", "r2", at(0), {})), 400,
               "record.id");
  EXPECT_EQ(status_ok()["conflict_count"], 1);
  EXPECT_EQ(status_ok()["record_count"], 1);
}

TEST_F(ResolveHandler, MissingRecordForLocalOrMergedIs400) {
  const auto stored = make_conflict();
  expect_error(resolve(stored, "local", 1, std::nullopt), 400, "record");
  expect_error(resolve(stored, "merged", 1, std::nullopt), 400, "record");
  EXPECT_EQ(status_ok()["conflict_count"], 1);
}

}  // namespace
}  // namespace syncsuite::server::fixture
