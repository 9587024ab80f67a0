#include <gtest/gtest.h>

#include "reference/client/device.hpp"
#include "tests/unit/reference/client/client_fixture.hpp"

namespace syncsuite::client {
namespace {

using test::FaultyTransport;

class DeviceState : public test::OverStores<> {};
// What only a device with its own file does: keep its state across a reopen.
class DeviceStateFile : public test::ClientFixture {};

TEST_P(DeviceState, CountsFollowTheRecords) {
  auto other = open_device("other");
  auto d = open_device("phone");
  ASSERT_TRUE(other && d);
  auto fresh = d->state();
  EXPECT_EQ(fresh.status, SyncStatus::idle);
  EXPECT_EQ(fresh.pending_count, 0u);
  EXPECT_EQ(fresh.conflict_count, 0u);
  EXPECT_FALSE(fresh.last_sync_at);
  EXPECT_EQ(fresh.last_error, "");

  ASSERT_TRUE(other->put("accounts", "c", {{"by", "other"}}, "2026-11-24T12:00:00.000Z"));
  ASSERT_TRUE(sync(*other).ok());
  ASSERT_TRUE(d->put("accounts", "a", {{"n", 1}}));
  ASSERT_TRUE(d->put("accounts", "b", {{"n", 2}}));
  ASSERT_TRUE(d->remove("accounts", "b"));  // same record: still one pending
  ASSERT_TRUE(d->put("accounts", "c", {{"by", "phone"}}, "2026-11-24T11:00:00.000Z"));
  EXPECT_EQ(d->state().pending_count, 3u);
  ASSERT_TRUE(sync(*d).ok());
  auto after = d->state();
  EXPECT_EQ(after.pending_count, 0u);
  EXPECT_EQ(after.conflict_count, 1u);
  EXPECT_EQ(after.status, SyncStatus::idle);
  ASSERT_TRUE(after.last_sync_at);
  EXPECT_EQ(*after.last_sync_at, now);
}

TEST_P(DeviceState, ErrorIsShownUntilTheNextSuccess) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->put("accounts", "a", {{"n", 1}}));
  wire->fail(1, FaultyTransport::Fault::refuse);
  auto failed = sync(*d);
  ASSERT_FALSE(failed.ok());
  auto s = d->state();
  EXPECT_EQ(s.status, SyncStatus::error);
  EXPECT_EQ(s.last_error, failed.error->message);
  EXPECT_EQ(s.pending_count, 1u);
  EXPECT_FALSE(s.last_sync_at);
  ASSERT_TRUE(sync(*d).ok());
  EXPECT_EQ(d->state().status, SyncStatus::idle);
  EXPECT_EQ(d->state().last_error, "");
}

TEST_P(DeviceState, ErrorMessagesCarryNoRecordData) {
  auto stranger = open_device("stranger", {.keys = crypto::KeyPair::generate()});
  auto d = open_device("phone");
  ASSERT_TRUE(stranger && d);
  ASSERT_TRUE(stranger->put("transactions", "t", {{"iban", "DE-SECRET-NUMBER"}}));
  ASSERT_TRUE(sync(*stranger).ok());
  ASSERT_TRUE(d->put("transactions", "mine", {{"iban", "MY-SECRET-NUMBER"}}));
  auto report = sync(*d);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error->code, "decrypt_failed");
  EXPECT_EQ(report.error->message.find("SECRET"), std::string::npos);
  EXPECT_EQ(d->state().last_error.find("SECRET"), std::string::npos);
  EXPECT_EQ(report.error->message.find(keys.public_key.to_base64()), std::string::npos);
}

TEST_P(DeviceState, AutoSyncFollowsTheDrivenClock) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->should_auto_sync(true));  // never synced
  EXPECT_FALSE(d->should_auto_sync(false));
  ASSERT_TRUE(sync(*d).ok());
  EXPECT_FALSE(d->should_auto_sync(true));
  now += 5 * 60 * 1000;
  EXPECT_FALSE(d->should_auto_sync(true));  // exactly 5 minutes is not over 5 minutes
  now += 1;
  EXPECT_TRUE(d->should_auto_sync(true));
  EXPECT_FALSE(d->should_auto_sync(false));
  // A failed sync does not count as a sync.
  wire->fail(wire->count() + 1, FaultyTransport::Fault::refuse);
  ASSERT_FALSE(sync(*d).ok());
  EXPECT_TRUE(d->should_auto_sync(true));
}

TEST_F(DeviceStateFile, LastSyncTimeSurvivesReopen) {
  {
    auto d = open_device("phone");
    ASSERT_TRUE(d);
    ASSERT_TRUE(sync(*d).ok());
  }
  now += 60'000;
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->state().last_sync_at);
  EXPECT_EQ(*d->state().last_sync_at, now - 60'000);
  EXPECT_FALSE(d->should_auto_sync(true));
}

TEST_P(DeviceState, PullAloneIsNotASync) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(pull(*d).ok());
  EXPECT_FALSE(d->state().last_sync_at);
  EXPECT_TRUE(d->should_auto_sync(true));
}

TEST_P(DeviceState, UploadKeyPutsThePublicKey) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  std::optional<Status> result;
  d->upload_key([&](Status st) { result = std::move(st); });
  memory->run();
  ASSERT_TRUE(result);
  EXPECT_TRUE(*result) << result->error().message;
  EXPECT_EQ(wire->requests().back().method, "PUT");
  EXPECT_EQ(server_get("/api/v1/sync/status/")["public_key"], keys.public_key.to_base64());
  wire->fail(wire->count() + 1, FaultyTransport::Fault::server_error);
  std::optional<Status> failed;
  d->upload_key([&](Status st) { failed = std::move(st); });
  ASSERT_TRUE(failed && !*failed);
  EXPECT_EQ(failed->error().code, "http_status");
}

class DeviceStateQueued : public test::OverStores<test::QueuedClientFixture> {};

TEST_P(DeviceStateQueued, SyncingWhileAnOperationRunsAndNoAutoSyncThen) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  std::optional<SyncReport> report;
  d->sync([&](const SyncReport& r) { report = r; });
  EXPECT_EQ(d->state().status, SyncStatus::syncing);
  EXPECT_FALSE(d->should_auto_sync(true));
  memory->run();
  ASSERT_TRUE(report && report->ok());
  EXPECT_EQ(d->state().status, SyncStatus::idle);
}

INSTANTIATE_TEST_SUITE_P(Stores, DeviceState, test::all_stores(), test::store_name);
INSTANTIATE_TEST_SUITE_P(Stores, DeviceStateQueued, test::all_stores(), test::store_name);

}  // namespace
}  // namespace syncsuite::client
