// Contract section 4 (push) through SyncService::handle().
#include "reference/server/push_handler.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "reference/core/timestamp.hpp"
#include "tests/unit/reference/server/server_fixture.hpp"

namespace syncsuite::server::fixture {
namespace {

using PushHandler = ServerTest;

TEST_F(PushHandler, NewRecordIsAcceptedAsVersion1) {
  const auto response = push({keys_.seal("transactions", "r1", at(0), {{"amount", 12}})});
  ASSERT_EQ(response.status, 200) << response.body;
  const auto body = body_of(response);
  ASSERT_EQ(body["results"].size(), 1u);
  EXPECT_EQ(body["results"][0],
            (json{{"table", "transactions"}, {"id", "r1"}, {"status", "accepted"}, {"version", 1}}));
  EXPECT_TRUE(timestamp::valid(body["server_time"].get<std::string>())) << body["server_time"];
}

TEST_F(PushHandler, ResultsFollowRequestOrder) {
  std::vector<Envelope> batch;
  for (const std::string id : {"z", "a", "m", "b"}) {
    batch.push_back(keys_.seal("transactions", id, at(0), {{"id", id}}));
  }
  batch.push_back(keys_.seal("accounts", "a", at(0), {{"same id, other table", true}}));
  const auto results = push_ok(batch);
  ASSERT_EQ(results.size(), batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    EXPECT_EQ(results[i]["table"], batch[i].table);
    EXPECT_EQ(results[i]["id"], batch[i].id);
    EXPECT_EQ(results[i]["status"], "accepted");
  }
}

TEST_F(PushHandler, IdenticalRetryKeepsVersionAndStoresNothing) {
  const auto record = keys_.seal("transactions", "r1", at(0), {{"amount", 12}});
  push_ok({record});
  const auto cursor = status_ok()["cursor"];
  const auto again = push_ok({record});
  EXPECT_EQ(again[0]["status"], "accepted");
  EXPECT_EQ(again[0]["version"], 1);
  EXPECT_EQ(status_ok()["cursor"], cursor) << "a retry must not count as a new write";
  EXPECT_EQ(pull_ok("?since=" + cursor.get<std::string>())["records"].size(), 0u);
}

TEST_F(PushHandler, LaterUpdatedAtWinsAsNextVersion) {
  push_ok({keys_.seal("transactions", "r1", at(0), {{"amount", 1}})});
  const auto newer = keys_.seal("transactions", "r1", at(1), {{"amount", 2}});
  const auto results = push_ok({newer});
  EXPECT_EQ(results[0]["status"], "accepted");
  EXPECT_EQ(results[0]["version"], 2);
  const auto records = pull_ok()["records"];
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["version"], 2);
  EXPECT_EQ(records[0]["ciphertext"], newer.ciphertext);
  EXPECT_EQ(keys_.box.open(records[0]["nonce"].get<std::string>(),
                           records[0]["ciphertext"].get<std::string>())
                .value(),
            R"({"amount":2})");
}

TEST_F(PushHandler, EarlierUpdatedAtConflictsWithFullServerCopy) {
  const auto stored = keys_.seal("transactions", "r1", at(1000), {{"amount", 1}});
  push_ok({stored});
  const auto results = push_ok({keys_.seal("transactions", "r1", at(999), {{"amount", 2}})});
  ASSERT_EQ(results[0]["status"], "conflict");
  auto expected = protocol::to_json(stored);
  expected["version"] = 1;
  EXPECT_EQ(results[0]["server"], expected);
  EXPECT_FALSE(results[0].contains("version"));
  const auto records = pull_ok()["records"];
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0], expected) << "a conflict stores nothing";
  EXPECT_EQ(status_ok()["conflict_count"], 1);
}

TEST_F(PushHandler, EqualUpdatedAtWithOtherContentConflicts) {
  push_ok({keys_.seal("transactions", "r1", at(0), {{"amount", 1}})});
  const auto results = push_ok({keys_.seal("transactions", "r1", at(0), {{"amount", 1}})});
  EXPECT_EQ(results[0]["status"], "conflict") << "same time, fresh nonce: not a retry";
  EXPECT_EQ(status_ok()["conflict_count"], 1);
}

TEST_F(PushHandler, LaterWriteClearsTheConflict) {
  make_conflict();
  EXPECT_EQ(status_ok()["conflict_count"], 1);
  const auto results = push_ok({keys_.seal("transactions", "r1", at(20'000), {{"amount", 3}})});
  EXPECT_EQ(results[0]["version"], 2);
  EXPECT_EQ(status_ok()["conflict_count"], 0);
}

TEST_F(PushHandler, TombstoneIsAcceptedAndPulled) {
  push_ok({keys_.seal("transactions", "r1", at(0), {{"amount", 1}})});
  const auto results = push_ok({keys_.seal("transactions", "r1", at(1), {}, true)});
  EXPECT_EQ(results[0]["version"], 2);
  const auto records = pull_ok()["records"];
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["deleted"], true);
}

TEST_F(PushHandler, FieldsAreStoredByteExactlyAndUnknownFieldsDropped) {
  const auto record = keys_.seal("transactions", "A-b_9", at(123), {{"x", "y"}});
  auto envelope = protocol::to_json(record);
  envelope["color"] = "blue";
  envelope["version"] = 99;
  envelope["server_note"] = {{"nested", true}};
  const auto response =
      push_raw(json{{"device_id", "d"}, {"records", json::array({envelope})}, {"extra", 1}},
               token_);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(body_of(response)["results"][0]["version"], 1) << "a pushed version is ignored";
  const auto pulled = pull_ok()["records"][0];
  auto expected = protocol::to_json(record);
  expected["version"] = 1;
  EXPECT_EQ(pulled, expected);
}

TEST_F(PushHandler, FiveHundredRecordsFitOneBatch) {
  std::vector<Envelope> batch;
  for (int i = 0; i < 500; ++i) {
    batch.push_back(keys_.seal("transactions", "r" + std::to_string(i), at(i), {{"i", i}}));
  }
  EXPECT_EQ(push_ok(batch).size(), 500u);
  EXPECT_EQ(status_ok()["record_count"], 500);
}

TEST_F(PushHandler, FiveHundredAndOneRecordsAre400AndNothingStored) {
  std::vector<Envelope> batch;
  for (int i = 0; i < 501; ++i) {
    batch.push_back(keys_.seal("transactions", "r" + std::to_string(i), at(i), {{"i", i}}));
  }
  expect_error(push(batch), 400, "records");
  EXPECT_EQ(status_ok()["record_count"], 0);
}

TEST_F(PushHandler, RepeatedRecordInBatchIs400AndNothingStored) {
  const auto response = push({keys_.seal("transactions", "r1", at(0), {{"a", 1}}),
                              keys_.seal("transactions", "r2", at(0), {{"a", 2}}),
                              keys_.seal("transactions", "r1", at(1), {{"a", 3}})});
  expect_error(response, 400, "records[2]");
  EXPECT_EQ(status_ok()["record_count"], 0);
}

TEST_F(PushHandler, BadRecordLateInBatchStoresNoneOfTheBatch) {
  std::vector<Envelope> batch;
  for (int i = 0; i < 4; ++i) {
    batch.push_back(keys_.seal("transactions", "r" + std::to_string(i), at(i), {{"i", i}}));
  }
  batch[3].nonce = "AAAA";  // 3 bytes
  expect_error(push(batch), 400, "records[3].nonce: must be standard base64 of exactly 24 bytes");
  EXPECT_EQ(status_ok()["record_count"], 0);
  EXPECT_EQ(status_ok()["cursor"], "c0");
}

TEST_F(PushHandler, StoredRecordsInABatchOfNewOnesTakeNoSeqAndLeaveNoGap) {
  // New records are tried as inserts first; one already stored gives its seq back.
  const auto a = keys_.seal("transactions", "a", at(0), {{"a", 1}});
  push_ok({a, keys_.seal("transactions", "b", at(0), {{"b", 1}})});
  const auto late = keys_.seal("transactions", "b", at(-1), {{"b", 2}});
  const auto results = push_ok({a, late, keys_.seal("transactions", "c", at(0), {{"c", 1}})});
  EXPECT_EQ(results[0]["status"], "accepted");
  EXPECT_EQ(results[0]["version"], 1) << "a retry keeps its version";
  EXPECT_EQ(results[1]["status"], "conflict");
  EXPECT_EQ(results[2]["version"], 1);
  EXPECT_EQ(status_ok()["cursor"], "c3") << "a, b, then c: three writes, three seqs";
}

TEST_F(PushHandler, AStoredRecordInALaterRunOfNewOnesKeepsEveryOutcomeAndTheSeqsWhole) {
  // New records go in as runs of up to 100 rows; the run that meets a stored record is taken
  // back and its records go one by one.
  const auto stored = keys_.seal("transactions", "r130", at(0), {{"v", 0}});
  push_ok({stored});
  std::vector<Envelope> batch;
  for (int i = 0; i < 150; ++i) {
    batch.push_back(
        i == 130 ? stored : keys_.seal("transactions", "r" + std::to_string(i), at(1), {{"v", i}}));
  }
  const auto results = push_ok(batch);
  ASSERT_EQ(results.size(), 150u);
  for (int i = 0; i < 150; ++i) {
    EXPECT_EQ(results[i]["status"], "accepted") << i;
    EXPECT_EQ(results[i]["version"], 1) << i;
    EXPECT_EQ(results[i]["id"], "r" + std::to_string(i)) << "results in batch order";
  }
  EXPECT_EQ(status_ok()["cursor"], "c150") << "1 stored before, 149 new: seqs 2..150, no gap";
  const auto all = pull_all();
  ASSERT_EQ(all.size(), 150u);
  for (const auto& r : all) {
    if (r["id"] == "r130") {
      EXPECT_EQ(r["ciphertext"], stored.ciphertext) << "the stored record is untouched";
    }
  }
}

TEST_F(PushHandler, AcceptedPushIsOnDiskForAnotherConnection) {
  // A 200 means durable: a connection of its own (as after a crash and restart) sees the record.
  push_ok({keys_.seal("transactions", "r1", at(0), {{"a", 1}})});
  auto other = SyncService::open({db_path(), "", shards()});
  ASSERT_TRUE(other.ok());
  const auto response = (*other)->handle(
      make_request("GET", std::string(protocol::kPullPath), token_));
  EXPECT_EQ(body_of(response)["records"].size(), 1u);
}

}  // namespace
}  // namespace syncsuite::server::fixture
