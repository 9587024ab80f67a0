#include <gtest/gtest.h>

#include "reference/client/device.hpp"
#include "reference/crypto/record_box.hpp"
#include "tests/unit/reference/client/client_fixture.hpp"

namespace syncsuite::client {
namespace {

using nlohmann::json;

constexpr const char* kLocalTime = "2026-11-24T09:00:00.000Z";
constexpr const char* kServerTime = "2026-11-24T10:00:00.000Z";

// `phone` holds a conflict on transactions/t: local {"by":"phone"} at 09:00, server
// {"by":"laptop"} at 10:00, version 1.
class DeviceResolve : public test::OverStores<> {
 protected:
  void SetUp() override {
    ClientFixture::SetUp();
    laptop = open_device("laptop");
    phone = open_device("phone");
    ASSERT_TRUE(laptop && phone);
    ASSERT_TRUE(laptop->put("transactions", "t", {{"by", "laptop"}}, std::string(kServerTime)));
    ASSERT_TRUE(sync(*laptop).ok());
    ASSERT_TRUE(phone->put("transactions", "t", {{"by", "phone"}}, std::string(kLocalTime)));
    ASSERT_EQ(sync(*phone).conflicts, 1u);
    ASSERT_EQ(server_get("/api/v1/sync/status/")["conflict_count"], 1);
  }

  json last_request() const { return json::parse(wire->requests().back().body); }

  std::unique_ptr<Device> laptop;
  std::unique_ptr<Device> phone;
};

TEST_P(DeviceResolve, KeepLocalSendsAFreshRecordLaterThanBothCopies) {
  now = test::at("2026-11-24T08:00:00.000Z");  // the device clock lags both copies
  ASSERT_TRUE(resolve(*phone, "transactions", "t", Resolution::local));
  auto request = last_request();
  EXPECT_EQ(wire->requests().back().target, "/api/v1/sync/resolve/");
  EXPECT_EQ(request["resolution"], "local");
  EXPECT_EQ(request["expected_version"], 1);
  EXPECT_EQ(request["record"]["updated_at"], "2026-11-24T10:00:00.001Z");  // later copy + 1 ms
  EXPECT_EQ(request["record"]["deleted"], false);
  EXPECT_NE(request["record"]["nonce"], pushed(3)[0]["nonce"]);  // sealed afresh (3: phone push)
  auto plain = crypto::open_easy(request["record"]["nonce"].get<std::string>(),
                                 request["record"]["ciphertext"].get<std::string>(),
                                 keys.public_key, keys.secret_key);
  ASSERT_TRUE(plain);
  EXPECT_EQ(json::parse(*plain), json({{"by", "phone"}}));

  auto t = find(*phone, "transactions", "t");
  EXPECT_EQ(t->sync_status, RecordStatus::synced);
  EXPECT_EQ(t->version, 2);
  EXPECT_EQ(t->data, json({{"by", "phone"}}));
  EXPECT_EQ(t->updated_at, "2026-11-24T10:00:00.001Z");
  EXPECT_TRUE(phone->conflicts()->empty());
  EXPECT_EQ(server_get("/api/v1/sync/status/")["conflict_count"], 0);
  // The user's other device takes it under last-write-wins.
  ASSERT_TRUE(sync(*laptop).ok());
  EXPECT_EQ(find(*laptop, "transactions", "t")->data, json({{"by", "phone"}}));
  EXPECT_EQ(find(*laptop, "transactions", "t")->version, 2);
}

TEST_P(DeviceResolve, AClockAheadOfBothCopiesIsUsedAsIs) {
  now = test::at("2026-11-24T12:34:56.789Z");
  ASSERT_TRUE(resolve(*phone, "transactions", "t", Resolution::local));
  EXPECT_EQ(last_request()["record"]["updated_at"], "2026-11-24T12:34:56.789Z");
}

TEST_P(DeviceResolve, KeepServerTakesTheServerCopy) {
  ASSERT_TRUE(resolve(*phone, "transactions", "t", Resolution::server));
  auto request = last_request();
  EXPECT_EQ(request["resolution"], "server");
  EXPECT_EQ(request["expected_version"], 1);
  EXPECT_FALSE(request.contains("record"));
  auto t = find(*phone, "transactions", "t");
  EXPECT_EQ(t->sync_status, RecordStatus::synced);
  EXPECT_EQ(t->version, 1);
  EXPECT_EQ(t->data, json({{"by", "laptop"}}));
  EXPECT_EQ(t->updated_at, kServerTime);
  EXPECT_EQ(phone->state().conflict_count, 0u);
  EXPECT_EQ(server_get("/api/v1/sync/status/")["conflict_count"], 0);
  // Nothing is left to push, and the next sync leaves it synced.
  ASSERT_TRUE(sync(*phone).ok());
  EXPECT_EQ(find(*phone, "transactions", "t")->sync_status, RecordStatus::synced);
}

TEST_P(DeviceResolve, MergedSendsTheMergedData) {
  ASSERT_TRUE(resolve(*phone, "transactions", "t", Resolution::merged,
                      json{{"by", "both"}, {"merged", true}}));
  EXPECT_EQ(last_request()["resolution"], "merged");
  auto t = find(*phone, "transactions", "t");
  EXPECT_EQ(t->sync_status, RecordStatus::synced);
  EXPECT_EQ(t->data, json({{"by", "both"}, {"merged", true}}));
  EXPECT_EQ(t->version, 2);
  ASSERT_TRUE(sync(*laptop).ok());
  EXPECT_EQ(find(*laptop, "transactions", "t")->data, json({{"by", "both"}, {"merged", true}}));
}

TEST_P(DeviceResolve, MergedNeedsAnObject) {
  const auto sends = wire->count();
  auto missing = resolve(*phone, "transactions", "t", Resolution::merged);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "bad_argument");
  auto array = resolve(*phone, "transactions", "t", Resolution::merged, json::array());
  ASSERT_FALSE(array);
  EXPECT_EQ(array.error().code, "bad_argument");
  EXPECT_EQ(wire->count(), sends);
  EXPECT_EQ(find(*phone, "transactions", "t")->sync_status, RecordStatus::conflict);
}

TEST_P(DeviceResolve, AStaleChoiceGets409RefreshesTheServerCopyAndStaysInConflict) {
  ASSERT_TRUE(laptop->put("transactions", "t", {{"by", "laptop"}, {"n", 2}},
                          std::string("2026-11-24T11:00:00.000Z")));
  ASSERT_TRUE(sync(*laptop).ok());  // version 2 arrives while the phone shows version 1
  auto stale = resolve(*phone, "transactions", "t", Resolution::local);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, "conflict");
  EXPECT_EQ(phone->state().status, SyncStatus::error);
  auto conflicts = phone->conflicts();
  ASSERT_EQ(conflicts->size(), 1u);
  EXPECT_EQ((*conflicts)[0].server.version, 2);
  EXPECT_EQ((*conflicts)[0].server.data, json({{"by", "laptop"}, {"n", 2}}));
  EXPECT_EQ((*conflicts)[0].local.data, json({{"by", "phone"}}));
  // Resolving again uses the refreshed version and succeeds.
  ASSERT_TRUE(resolve(*phone, "transactions", "t", Resolution::local));
  EXPECT_EQ(last_request()["expected_version"], 2);
  EXPECT_EQ(last_request()["record"]["updated_at"], "2026-11-24T11:00:00.001Z");
  EXPECT_EQ(find(*phone, "transactions", "t")->version, 3);
  EXPECT_EQ(phone->state().status, SyncStatus::idle);
}

TEST_P(DeviceResolve, ARecordNotInConflictIsRefusedWithoutARequest) {
  ASSERT_TRUE(phone->put("accounts", "a", {{"n", 1}}));
  const auto sends = wire->count();
  for (const char* id : {"a", "missing"}) {
    auto st = resolve(*phone, "accounts", id, Resolution::server);
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code, "not_in_conflict");
  }
  auto bad = resolve(*phone, "Accounts", "a", Resolution::server);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, "bad_argument");
  EXPECT_EQ(wire->count(), sends);
}

TEST_P(DeviceResolve, KeepLocalOfATombstoneDeletesOnTheServer) {
  ASSERT_TRUE(laptop->put("accounts", "a", {{"n", 1}}, std::string(kServerTime)));
  ASSERT_TRUE(sync(*laptop).ok());
  ASSERT_TRUE(phone->remove("accounts", "a", std::string(kLocalTime)));
  ASSERT_EQ(sync(*phone).conflicts, 1u);
  auto conflicts = phone->conflicts();
  ASSERT_EQ(conflicts->size(), 2u);
  ASSERT_TRUE(resolve(*phone, "accounts", "a", Resolution::local));
  EXPECT_EQ(last_request()["record"]["deleted"], true);
  auto stored = server_record("accounts", "a");
  ASSERT_TRUE(stored);
  EXPECT_EQ((*stored)["deleted"], true);
  EXPECT_EQ((*stored)["version"], 2);
  ASSERT_TRUE(sync(*laptop).ok());
  EXPECT_TRUE(find(*laptop, "accounts", "a")->deleted);
}

TEST_P(DeviceResolve, ALostAnswerLeavesTheConflictAndAFreshChoiceThenGets409) {
  wire->fail(wire->count() + 1, test::FaultyTransport::Fault::lose_answer);
  auto lost = resolve(*phone, "transactions", "t", Resolution::local);
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, "io");
  EXPECT_EQ(find(*phone, "transactions", "t")->sync_status, RecordStatus::conflict);
  // The server did apply it (version 2); the phone's expected_version 1 is now stale.
  auto again = resolve(*phone, "transactions", "t", Resolution::server);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "conflict");
  EXPECT_EQ((*phone->conflicts())[0].server.version, 2);
  ASSERT_TRUE(resolve(*phone, "transactions", "t", Resolution::server));
  auto t = find(*phone, "transactions", "t");
  EXPECT_EQ(t->sync_status, RecordStatus::synced);
  EXPECT_EQ(t->version, 2);
  EXPECT_EQ(t->data, json({{"by", "phone"}}));  // what the lost answer had stored
}

TEST_P(DeviceResolve, AnEditOfAConflictedRecordIsPushedLikeAnyEdit) {
  now = test::at("2026-11-24T12:00:00.000Z");
  ASSERT_TRUE(phone->put("transactions", "t", {{"by", "phone"}, {"edited", true}}));
  EXPECT_EQ(find(*phone, "transactions", "t")->sync_status, RecordStatus::pending);
  EXPECT_TRUE(phone->conflicts()->empty());
  auto report = sync(*phone);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report.accepted, 1u);  // later than the server's copy: last write wins
  EXPECT_EQ(find(*phone, "transactions", "t")->version, 2);
  EXPECT_EQ(server_get("/api/v1/sync/status/")["conflict_count"], 0);
}

INSTANTIATE_TEST_SUITE_P(Stores, DeviceResolve, test::all_stores(), test::store_name);

}  // namespace
}  // namespace syncsuite::client
