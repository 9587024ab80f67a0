#include <gtest/gtest.h>

#include <ostream>

#include "reference/client/device.hpp"
#include "tests/unit/reference/client/client_fixture.hpp"

namespace syncsuite::client {
namespace {

using nlohmann::json;
using test::FaultyTransport;

class DevicePush : public test::OverStores<> {};
class DevicePushQueued : public test::OverStores<test::QueuedClientFixture> {};
// A device reopened on its file (a memory device starts empty again).
class DevicePushQueuedFile : public test::QueuedClientFixture {};

TEST_P(DevicePushQueued, PendingBecomesSyncingThenSynced) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->put("transactions", "t", {{"amount", 1}}));
  EXPECT_EQ(find(*d, "transactions", "t")->sync_status, RecordStatus::pending);
  std::optional<SyncReport> report;
  d->push([&](const SyncReport& r) { report = r; });
  EXPECT_FALSE(report);  // the request is on the wire
  EXPECT_EQ(find(*d, "transactions", "t")->sync_status, RecordStatus::syncing);
  EXPECT_EQ(d->state().status, SyncStatus::syncing);
  EXPECT_EQ(d->state().pending_count, 1u);  // syncing counts as not yet synced
  memory->run();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok()) << report->error->message;
  EXPECT_EQ(report->pushed, 1u);
  EXPECT_EQ(report->accepted, 1u);
  auto r = find(*d, "transactions", "t");
  EXPECT_EQ(r->sync_status, RecordStatus::synced);
  EXPECT_EQ(r->version, 1);
  EXPECT_EQ(d->state().status, SyncStatus::idle);
  auto stored = server_record("transactions", "t");
  ASSERT_TRUE(stored);
  EXPECT_EQ((*stored)["version"], 1);
  EXPECT_EQ((*stored)["updated_at"], r->updated_at);
}

TEST_P(DevicePush, PushCarriesAuthorizationDeviceIdAndJson) {
  auto d = open_device("phone-7");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->put("accounts", "a", {{"n", 1}}));
  ASSERT_TRUE(push(*d).ok());
  const auto& request = wire->requests().at(0);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/api/v1/sync/push/");
  EXPECT_EQ(request.header("Authorization"), "Token " + token);
  EXPECT_EQ(request.header("Content-Type"), "application/json");
  EXPECT_EQ(json::parse(request.body)["device_id"], "phone-7");
}

TEST_P(DevicePush, NothingPendingSendsNothing) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  auto report = push(*d);
  EXPECT_TRUE(report.ok());
  EXPECT_EQ(report.pushed, 0u);
  EXPECT_EQ(wire->count(), 0u);
}

TEST_P(DevicePush, ConflictKeepsBothCopiesDecrypted) {
  auto a = open_device("a");
  auto b = open_device("b");
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(a->put("transactions", "t", {{"by", "a"}}, "2026-11-24T10:00:00.000Z"));
  ASSERT_TRUE(push(*a).ok());
  ASSERT_TRUE(b->put("transactions", "t", {{"by", "b"}}, "2026-11-24T09:00:00.000Z"));
  auto report = push(*b);
  EXPECT_TRUE(report.ok());  // a conflict is an outcome, not an error
  EXPECT_EQ(report.conflicts, 1u);
  EXPECT_EQ(report.accepted, 0u);
  auto r = find(*b, "transactions", "t");
  EXPECT_EQ(r->sync_status, RecordStatus::conflict);
  EXPECT_EQ(r->data, json({{"by", "b"}}));  // the local copy is kept as it was
  auto conflicts = b->conflicts();
  ASSERT_TRUE(conflicts);
  ASSERT_EQ(conflicts->size(), 1u);
  const auto& c = (*conflicts)[0];
  EXPECT_EQ(c.table, "transactions");
  EXPECT_EQ(c.id, "t");
  EXPECT_EQ(c.local.data, json({{"by", "b"}}));
  EXPECT_EQ(c.local.updated_at, "2026-11-24T09:00:00.000Z");
  EXPECT_EQ(c.server.data, json({{"by", "a"}}));
  EXPECT_EQ(c.server.updated_at, "2026-11-24T10:00:00.000Z");
  EXPECT_EQ(c.server.version, 1);
  EXPECT_EQ(b->state().conflict_count, 1u);
  EXPECT_EQ(b->state().pending_count, 0u);
  // A conflict is not pushed again by the next push.
  const auto sends = wire->count();
  EXPECT_TRUE(push(*b).ok());
  EXPECT_EQ(wire->count(), sends);
}

struct FaultCase {
  const char* name;
  FaultyTransport::Fault fault;
  const char* code;
};
// Names the case in failure messages instead of dumping its bytes.
void PrintTo(const FaultCase& c, std::ostream* os) { *os << c.name; }

class DevicePushFault : public test::OverStoresWith<FaultCase> {};

TEST_P(DevicePushFault, FailedRequestGoesBackToPendingAndIsResentByteForByte) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->put("transactions", "t1", {{"amount", 1}}));
  ASSERT_TRUE(d->remove("accounts", "a1"));
  wire->fail(1, param().fault);
  auto failed = push(*d);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error->code, param().code) << failed.error->message;
  EXPECT_EQ(failed.accepted, 0u);
  EXPECT_EQ(find(*d, "transactions", "t1")->sync_status, RecordStatus::pending);
  EXPECT_EQ(find(*d, "accounts", "a1")->sync_status, RecordStatus::pending);
  EXPECT_EQ(d->state().status, SyncStatus::error);
  EXPECT_EQ(d->state().pending_count, 2u);

  auto retried = push(*d);
  ASSERT_TRUE(retried.ok()) << retried.error->message;
  EXPECT_EQ(retried.accepted, 2u);
  EXPECT_EQ(retried.conflicts, 0u);  // never a conflict with itself, even if the first arrived
  EXPECT_EQ(pushed(1), pushed(2));   // same updated_at, deleted, nonce and ciphertext
  EXPECT_EQ(find(*d, "transactions", "t1")->version, 1);
  EXPECT_EQ(find(*d, "accounts", "a1")->version, 1);
  auto status = server_get("/api/v1/sync/status/");
  EXPECT_EQ(status["record_count"], 2);
  EXPECT_EQ(status["conflict_count"], 0);
  EXPECT_EQ(d->state().status, SyncStatus::idle);
}

INSTANTIATE_TEST_SUITE_P(
    Faults, DevicePushFault,
    ::testing::Combine(
        ::testing::Values(FaultCase{"Refused", FaultyTransport::Fault::refuse, "connect"},
                          FaultCase{"LostAnswer", FaultyTransport::Fault::lose_answer, "io"},
                          FaultCase{"ServerError", FaultyTransport::Fault::server_error,
                                    "http_status"}),
        test::all_stores()),
    [](const auto& info) {
      return std::get<0>(info.param).name + test::store_suffix(std::get<1>(info.param));
    });

struct Malformed {
  const char* name;
  std::function<json(json)> rewrite;
};
// Names the case in failure messages instead of dumping its bytes.
void PrintTo(const Malformed& c, std::ostream* os) { *os << c.name; }

class DevicePushMalformed : public test::OverStoresWith<Malformed> {};

TEST_P(DevicePushMalformed, AnswerIsAnErrorAndRecordsGoBackToPending) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->put("transactions", "t1", {{"n", 1}}));
  ASSERT_TRUE(d->put("transactions", "t2", {{"n", 2}}));
  auto rewrite = param().rewrite;
  wire->rewrite(1, [rewrite](const protocol::HttpRequest&, protocol::HttpResponse r) {
    r.body = rewrite(json::parse(r.body)).dump();
    return r;
  });
  auto report = push(*d);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error->code, "bad_response") << report.error->message;
  EXPECT_EQ(report.accepted, 0u);
  EXPECT_EQ(find(*d, "transactions", "t1")->sync_status, RecordStatus::pending);
  EXPECT_EQ(find(*d, "transactions", "t2")->sync_status, RecordStatus::pending);
  // The server did store them; the byte-identical retry is accepted at the same versions.
  auto retried = push(*d);
  ASSERT_TRUE(retried.ok()) << retried.error->message;
  EXPECT_EQ(retried.accepted, 2u);
  EXPECT_EQ(find(*d, "transactions", "t2")->version, 1);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, DevicePushMalformed,
    ::testing::Combine(::testing::Values(Malformed{"OneResultMissing",
                                                   [](json b) {
                                                     b["results"].erase(1);
                                                     return b;
                                                   }},
                                         Malformed{"ResultsSwapped",
                                                   [](json b) {
                                                     std::swap(b["results"][0], b["results"][1]);
                                                     return b;
                                                   }},
                                         Malformed{"VersionAsText",
                                                   [](json b) {
                                                     b["results"][1]["version"] = "1";
                                                     return b;
                                                   }},
                                         Malformed{"NoResults",
                                                   [](json) {
                                                     return json{{"ok", true}};
                                                   }}),
                       test::all_stores()),
    [](const auto& info) {
      return std::get<0>(info.param).name + test::store_suffix(std::get<1>(info.param));
    });

TEST_P(DevicePush, ConflictCopyThatDoesNotOpenFailsThePushWhole) {
  auto stranger = open_device("stranger", {.keys = crypto::KeyPair::generate()});
  auto d = open_device("phone");
  ASSERT_TRUE(stranger && d);
  ASSERT_TRUE(stranger->put("transactions", "t", {{"secret", 1}}, "2026-11-24T12:00:00.000Z"));
  ASSERT_TRUE(push(*stranger).ok());
  ASSERT_TRUE(d->put("transactions", "t", {{"mine", 1}}, "2026-11-24T11:00:00.000Z"));
  auto report = push(*d);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error->code, "decrypt_failed");
  EXPECT_NE(report.error->message.find("transactions/t"), std::string::npos);
  EXPECT_EQ(find(*d, "transactions", "t")->sync_status, RecordStatus::pending);
}

TEST_P(DevicePush, BatchesHoldAtMost500Records) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  for (int i = 0; i < 1001; ++i) {
    ASSERT_TRUE(d->put("transactions", "t" + std::to_string(i), {{"i", i}}));
  }
  auto report = push(*d);
  ASSERT_TRUE(report.ok()) << report.error->message;
  EXPECT_EQ(report.pushed, 1001u);
  EXPECT_EQ(report.accepted, 1001u);
  ASSERT_EQ(wire->count(), 3u);
  EXPECT_EQ(pushed(1).size(), 500u);
  EXPECT_EQ(pushed(2).size(), 500u);
  EXPECT_EQ(pushed(3).size(), 1u);
  EXPECT_EQ(d->state().pending_count, 0u);
}

TEST_P(DevicePush, FailedSecondBatchKeepsTheFirstSyncedAndTheRestPending) {
  auto d = open_device("phone", {.push_batch = 2});
  ASSERT_TRUE(d);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(d->put("transactions", "t" + std::to_string(i), {{"i", i}}));
  }
  wire->fail(2, FaultyTransport::Fault::refuse);
  auto report = push(*d);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.pushed, 2u);
  EXPECT_EQ(report.accepted, 2u);
  EXPECT_EQ(wire->count(), 2u);  // the push stops at the failure
  EXPECT_EQ(find(*d, "transactions", "t1")->sync_status, RecordStatus::synced);
  for (const char* id : {"t2", "t3", "t4"}) {
    EXPECT_EQ(find(*d, "transactions", id)->sync_status, RecordStatus::pending) << id;
  }
  auto retried = push(*d);
  ASSERT_TRUE(retried.ok());
  EXPECT_EQ(retried.pushed, 3u);
  EXPECT_EQ(wire->count(), 4u);
  EXPECT_EQ(pushed(2), pushed(3));  // the failed batch again, byte for byte
}

TEST_P(DevicePushQueued, EditWhileSyncingStaysPending) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->put("transactions", "t", {{"v", 1}}));
  std::optional<SyncReport> report;
  d->push([&](const SyncReport& r) { report = r; });
  ASSERT_EQ(find(*d, "transactions", "t")->sync_status, RecordStatus::syncing);
  now += 1000;
  ASSERT_TRUE(d->put("transactions", "t", {{"v", 2}}));  // while its push is on the wire
  EXPECT_EQ(find(*d, "transactions", "t")->sync_status, RecordStatus::pending);
  memory->run();
  ASSERT_TRUE(report && report->ok());
  EXPECT_EQ(report->accepted, 1u);
  auto r = find(*d, "transactions", "t");
  EXPECT_EQ(r->sync_status, RecordStatus::pending);  // the edit is not lost to "synced"
  EXPECT_EQ(r->data, json({{"v", 2}}));
  EXPECT_EQ(r->version, 1);
  // Pulling its own accepted write (version 1) does not turn the edit into a conflict.
  auto pulled = pull(*d);
  ASSERT_TRUE(pulled.ok());
  EXPECT_EQ(find(*d, "transactions", "t")->sync_status, RecordStatus::pending);
  auto second = push(*d);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second.accepted, 1u);
  EXPECT_EQ(find(*d, "transactions", "t")->version, 2);
  EXPECT_EQ(find(*d, "transactions", "t")->sync_status, RecordStatus::synced);
}

TEST_P(DevicePushQueued, EditBeforeItsBatchIsSentWaitsForTheNextPush) {
  auto d = open_device("phone", {.push_batch = 1});
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->put("transactions", "t1", {{"v", 1}}));
  ASSERT_TRUE(d->put("transactions", "t2", {{"v", 1}}));
  std::optional<SyncReport> report;
  d->push([&](const SyncReport& r) { report = r; });
  ASSERT_TRUE(d->put("transactions", "t2", {{"v", 2}}));  // before its batch goes out
  memory->run();
  ASSERT_TRUE(report && report->ok());
  EXPECT_EQ(report->pushed, 1u);
  EXPECT_EQ(wire->count(), 1u);
  EXPECT_EQ(find(*d, "transactions", "t2")->sync_status, RecordStatus::pending);
}

TEST_P(DevicePushQueued, ASecondSyncWhileOneRunsIsRefused) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->put("transactions", "t", {{"v", 1}}));
  std::optional<SyncReport> first;
  d->sync([&](const SyncReport& r) { first = r; });
  std::optional<SyncReport> second;
  d->sync([&](const SyncReport& r) { second = r; });
  ASSERT_TRUE(second);  // refused at once
  ASSERT_FALSE(second->ok());
  EXPECT_EQ(second->error->code, "busy");
  EXPECT_EQ(second->error->message, "sync already running");
  std::optional<Status> resolved;
  d->resolve("transactions", "t", Resolution::server, std::nullopt,
             [&](Status st) { resolved = std::move(st); });
  ASSERT_TRUE(resolved && !*resolved);
  EXPECT_EQ(resolved->error().code, "busy");
  memory->run();
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->ok());
  EXPECT_EQ(find(*d, "transactions", "t")->sync_status, RecordStatus::synced);
}

TEST_F(DevicePushQueuedFile, ClosingTheDeviceMidPushCancelsAndTheRecordStaysUnsent) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->put("transactions", "t", {{"v", 1}}));
  std::optional<SyncReport> report;
  d->push([&](const SyncReport& r) { report = r; });
  d.reset();
  memory->run();  // the server stores it; the answer finds no device
  ASSERT_TRUE(report);
  ASSERT_FALSE(report->ok());
  EXPECT_EQ(report->error->code, "cancelled");
  auto reopened = open_device("phone");
  ASSERT_TRUE(reopened);
  EXPECT_EQ(find(*reopened, "transactions", "t")->sync_status, RecordStatus::pending);
  auto retried = push(*reopened);
  ASSERT_TRUE(retried.ok());
  EXPECT_EQ(retried.accepted, 1u);  // the same bytes: an idempotent retry
  EXPECT_EQ(find(*reopened, "transactions", "t")->version, 1);
}

TEST_P(DevicePush, CompletionMayCloseTheDevice) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->put("transactions", "t", {{"v", 1}}));
  bool called = false;
  d->sync([&](const SyncReport& r) {
    called = true;
    EXPECT_TRUE(r.ok());
    d.reset();  // inline completion: the device is closed inside its own call
  });
  EXPECT_TRUE(called);
  EXPECT_FALSE(d);
}

INSTANTIATE_TEST_SUITE_P(Stores, DevicePush, test::all_stores(), test::store_name);
INSTANTIATE_TEST_SUITE_P(Stores, DevicePushQueued, test::all_stores(), test::store_name);

}  // namespace
}  // namespace syncsuite::client
