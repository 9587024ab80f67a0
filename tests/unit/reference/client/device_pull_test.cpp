#include <gtest/gtest.h>

#include "reference/client/device.hpp"
#include "tests/unit/reference/client/client_fixture.hpp"

namespace syncsuite::client {
namespace {

using nlohmann::json;
using test::FaultyTransport;

constexpr const char* kT1 = "2026-11-24T09:00:00.000Z";
constexpr const char* kT2 = "2026-11-24T10:00:00.000Z";
constexpr const char* kT3 = "2026-11-24T11:00:00.000Z";

class DevicePull : public test::OverStores<> {
 protected:
  // Writes a record as another device of the user and pushes it.
  void server_has(const std::string& table, const std::string& id, const json& data,
                  const char* updated_at) {
    if (!writer) writer = open_device("writer");
    ASSERT_TRUE(writer);
    ASSERT_TRUE(writer->put(table, id, data, std::string(updated_at)));
    auto report = push(*writer);
    ASSERT_TRUE(report.ok()) << report.error->message;
    ASSERT_EQ(report.accepted, 1u);
  }
  // Writes a record sealed with a keypair that is not the user's (a broken or foreign client).
  void server_has_unopenable(const std::string& id) {
    if (!stranger) stranger = open_device("stranger", {.keys = crypto::KeyPair::generate()});
    ASSERT_TRUE(stranger);
    ASSERT_TRUE(stranger->put("transactions", id, {{"x", 1}}));
    ASSERT_TRUE(push(*stranger).ok());
  }
  // The cursor a pull from the beginning with this limit ends its first page at.
  std::string first_page_cursor(int limit) {
    return server_get("/api/v1/sync/pull/?limit=" + std::to_string(limit))["cursor"];
  }

  std::unique_ptr<Device> writer;
  std::unique_ptr<Device> stranger;
};

TEST_P(DevicePull, NewRecordsAreInsertedAsSynced) {
  server_has("transactions", "t", {{"amount", 5}}, kT2);
  server_has("notes", "n", {{"text", "a table this device never had"}}, kT2);
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  auto report = pull(*d);
  ASSERT_TRUE(report.ok()) << report.error->message;
  EXPECT_EQ(report.pulled, 2u);
  auto t = find(*d, "transactions", "t");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->sync_status, RecordStatus::synced);
  EXPECT_EQ(t->data, json({{"amount", 5}}));
  EXPECT_EQ(t->updated_at, kT2);
  EXPECT_EQ(t->version, 1);
  ASSERT_TRUE(find(*d, "notes", "n"));
  const auto& request = wire->requests().back();
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.header("Authorization"), "Token " + token);
  EXPECT_EQ(*d->cursor(), server_get("/api/v1/sync/status/")["cursor"]);
}

TEST_P(DevicePull, EarlierLocalCopyTakesTheServers) {
  server_has("transactions", "t", {{"by", "writer"}}, kT2);
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->put("transactions", "t", {{"by", "phone"}}, std::string(kT1)));
  ASSERT_TRUE(pull(*d).ok());
  auto t = find(*d, "transactions", "t");
  EXPECT_EQ(t->sync_status, RecordStatus::synced);
  EXPECT_EQ(t->data, json({{"by", "writer"}}));
  EXPECT_EQ(t->updated_at, kT2);
  EXPECT_EQ(t->version, 1);
}

TEST_P(DevicePull, LaterLocalCopyBecomesAConflict) {
  server_has("transactions", "t", {{"by", "writer"}}, kT1);
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->put("transactions", "t", {{"by", "phone"}}, std::string(kT2)));
  auto report = pull(*d);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report.conflicts, 1u);
  auto conflicts = d->conflicts();
  ASSERT_TRUE(conflicts);
  ASSERT_EQ(conflicts->size(), 1u);
  EXPECT_EQ((*conflicts)[0].local.data, json({{"by", "phone"}}));
  EXPECT_EQ((*conflicts)[0].local.updated_at, kT2);
  EXPECT_EQ((*conflicts)[0].server.data, json({{"by", "writer"}}));
  EXPECT_EQ((*conflicts)[0].server.version, 1);
  EXPECT_EQ(d->state().conflict_count, 1u);
}

TEST_P(DevicePull, EqualTimeChangesNothing) {
  server_has("transactions", "t", {{"by", "writer"}}, kT2);
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->put("transactions", "t", {{"by", "phone"}}, std::string(kT2)));
  ASSERT_TRUE(pull(*d).ok());
  auto t = find(*d, "transactions", "t");
  EXPECT_EQ(t->sync_status, RecordStatus::pending);
  EXPECT_EQ(t->data, json({{"by", "phone"}}));
  EXPECT_FALSE(t->version);
}

TEST_P(DevicePull, AConflictStaysAConflictAndOnlyItsServerCopyIsRefreshed) {
  server_has("transactions", "t", {{"by", "writer"}, {"n", 1}}, kT2);
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->put("transactions", "t", {{"by", "phone"}}, std::string(kT1)));
  ASSERT_EQ(push(*d).conflicts, 1u);
  server_has("transactions", "t", {{"by", "writer"}, {"n", 2}}, kT3);  // version 2, later
  ASSERT_TRUE(pull(*d).ok());
  auto t = find(*d, "transactions", "t");
  EXPECT_EQ(t->sync_status, RecordStatus::conflict);
  EXPECT_EQ(t->data, json({{"by", "phone"}}));
  auto conflicts = d->conflicts();
  ASSERT_EQ(conflicts->size(), 1u);
  EXPECT_EQ((*conflicts)[0].server.data, json({{"by", "writer"}, {"n", 2}}));
  EXPECT_EQ((*conflicts)[0].server.version, 2);
  EXPECT_EQ((*conflicts)[0].server.updated_at, kT3);
  EXPECT_EQ((*conflicts)[0].local.updated_at, kT1);
}

TEST_P(DevicePull, TombstonesArrive) {
  server_has("receipts", "r", {{"file", "a.jpg"}}, kT1);
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(pull(*d).ok());
  ASSERT_TRUE(writer->remove("receipts", "r", std::string(kT2)));
  ASSERT_TRUE(push(*writer).ok());
  ASSERT_TRUE(pull(*d).ok());
  auto r = find(*d, "receipts", "r");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->deleted);
  EXPECT_EQ(r->data, json::object());
  EXPECT_EQ(r->version, 2);
  EXPECT_EQ(r->sync_status, RecordStatus::synced);
}

TEST_P(DevicePull, FollowsTheCursorPastOnePage) {
  for (int i = 0; i < 7; ++i) {
    server_has("transactions", "t" + std::to_string(i), {{"i", i}}, kT1);
  }
  auto d = open_device("phone", {.pull_limit = 3});
  ASSERT_TRUE(d);
  const auto before = wire->count();
  auto report = pull(*d);
  ASSERT_TRUE(report.ok()) << report.error->message;
  EXPECT_EQ(report.pulled, 7u);
  EXPECT_GE(wire->count() - before, 3u);
  for (std::size_t i = before; i < wire->count(); ++i) {
    EXPECT_NE(wire->requests()[i].target.find("limit=3"), std::string::npos);
  }
  for (int i = 0; i < 7; ++i) EXPECT_TRUE(find(*d, "transactions", "t" + std::to_string(i)));
  EXPECT_EQ(*d->cursor(), server_get("/api/v1/sync/status/")["cursor"]);
  // The next pull starts from the saved cursor: nothing comes twice.
  server_has("transactions", "late", {{"i", 99}}, kT1);
  auto next = pull(*d);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next.pulled, 1u);
}

TEST_P(DevicePull, ARecordThatDoesNotOpenStopsThePullBeforeItsPage) {
  server_has("transactions", "good1", {{"n", 1}}, kT1);
  server_has_unopenable("bad");
  server_has("transactions", "good2", {{"n", 2}}, kT1);
  auto d = open_device("phone", {.pull_limit = 1});
  ASSERT_TRUE(d);
  const std::string after_first_page = first_page_cursor(1);
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto report = pull(*d);
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error->code, "decrypt_failed");
    EXPECT_NE(report.error->message.find("transactions/bad"), std::string::npos);
    EXPECT_EQ(*d->cursor(), after_first_page) << "attempt " << attempt;
    EXPECT_TRUE(find(*d, "transactions", "good1"));
    EXPECT_FALSE(find(*d, "transactions", "bad"));
    EXPECT_FALSE(find(*d, "transactions", "good2"));  // nothing skipped past it
    EXPECT_EQ(d->state().status, SyncStatus::error);
  }
}

TEST_P(DevicePull, NothingOfAPageLandsWhenOneOfItsRecordsDoesNotOpen) {
  server_has("transactions", "good1", {{"n", 1}}, kT1);
  server_has_unopenable("bad");
  server_has("transactions", "good2", {{"n", 2}}, kT1);
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  auto report = pull(*d);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.pulled, 0u);
  EXPECT_EQ(*d->cursor(), "");
  auto all = d->records();
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->empty());
}

TEST_P(DevicePull, ALostOrMalformedPageLeavesTheCursorAfterTheLastAppliedPage) {
  for (int i = 0; i < 4; ++i) {
    server_has("transactions", "t" + std::to_string(i), {{"i", i}}, kT1);
  }
  auto d = open_device("phone", {.pull_limit = 2});
  ASSERT_TRUE(d);
  const std::string after_first_page = first_page_cursor(2);
  const auto base = wire->count();
  wire->rewrite(base + 2, [](const protocol::HttpRequest&, protocol::HttpResponse r) {
    auto body = json::parse(r.body);
    body["records"][1]["nonce"] = "AAAA";  // not 24 bytes
    r.body = body.dump();
    return r;
  });
  auto report = pull(*d);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error->code, "bad_response");
  EXPECT_EQ(report.pulled, 2u);
  EXPECT_EQ(*d->cursor(), after_first_page);
  EXPECT_FALSE(find(*d, "transactions", "t2"));

  wire->fail(wire->count() + 1, FaultyTransport::Fault::lose_answer);
  auto lost = pull(*d);
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error->code, "io");
  EXPECT_EQ(*d->cursor(), after_first_page);

  auto recovered = pull(*d);
  ASSERT_TRUE(recovered.ok()) << recovered.error->message;
  EXPECT_EQ(recovered.pulled, 2u);
  EXPECT_TRUE(find(*d, "transactions", "t3"));
  EXPECT_NE(wire->requests().back().target.find("since="), std::string::npos);
}

TEST_P(DevicePull, AStuckCursorIsAnErrorNotALoop) {
  server_has("transactions", "t", {{"n", 1}}, kT1);
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  wire->rewrite(wire->count() + 1, [](const protocol::HttpRequest&, protocol::HttpResponse r) {
    auto body = json::parse(r.body);
    body["has_more"] = true;
    body["cursor"] = "";  // the cursor the request was sent with
    r.body = body.dump();
    return r;
  });
  auto report = pull(*d);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error->code, "bad_response");
  EXPECT_EQ(*d->cursor(), "");
}

TEST_P(DevicePull, ServerErrorStatusIsReportedWithItsDetail) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  wire->fail(1, FaultyTransport::Fault::server_error);
  auto report = pull(*d);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error->code, "http_status");
  EXPECT_NE(report.error->message.find("503"), std::string::npos);
  EXPECT_EQ(d->state().last_error, report.error->message);
}

TEST_P(DevicePull, SyncPullsEvenWhenThePushHadConflicts) {
  server_has("transactions", "t1", {{"by", "writer"}}, kT2);
  server_has("transactions", "t2", {{"by", "writer"}}, kT2);
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->put("transactions", "t1", {{"by", "phone"}}, std::string(kT1)));
  ASSERT_TRUE(d->put("accounts", "a", {{"by", "phone"}}, std::string(kT1)));
  auto report = sync(*d);
  ASSERT_TRUE(report.ok()) << report.error->message;
  EXPECT_EQ(report.pushed, 2u);
  EXPECT_EQ(report.accepted, 1u);
  EXPECT_EQ(report.conflicts, 1u);
  EXPECT_GE(report.pulled, 2u);
  EXPECT_EQ(find(*d, "transactions", "t1")->sync_status, RecordStatus::conflict);
  EXPECT_EQ(find(*d, "transactions", "t2")->data, json({{"by", "writer"}}));
  EXPECT_EQ(find(*d, "accounts", "a")->sync_status, RecordStatus::synced);
  EXPECT_TRUE(d->state().last_sync_at);
}

TEST_P(DevicePull, SyncStopsWithoutPullingWhenThePushFails) {
  server_has("transactions", "theirs", {{"by", "writer"}}, kT2);
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->put("transactions", "mine", {{"by", "phone"}}));
  const auto before = wire->count();
  wire->fail(before + 1, FaultyTransport::Fault::refuse);
  auto report = sync(*d);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error->code, "connect");
  EXPECT_EQ(wire->count(), before + 1);  // no pull request followed
  EXPECT_FALSE(find(*d, "transactions", "theirs"));
  EXPECT_FALSE(d->state().last_sync_at);
  auto again = sync(*d);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(find(*d, "transactions", "theirs"));
  EXPECT_EQ(find(*d, "transactions", "mine")->sync_status, RecordStatus::synced);
}

TEST_P(DevicePull, TwoDevicesConvergeThroughSync) {
  auto a = open_device("a");
  auto b = open_device("b");
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(a->put("accounts", "x", {{"v", "a1"}}));
  ASSERT_TRUE(sync(*a).ok());
  ASSERT_TRUE(sync(*b).ok());
  now += 1000;
  ASSERT_TRUE(b->put("accounts", "x", {{"v", "b2"}}));
  ASSERT_TRUE(b->remove("accounts", "gone"));
  ASSERT_TRUE(sync(*b).ok());
  ASSERT_TRUE(sync(*a).ok());
  auto ra = a->records();
  auto rb = b->records();
  ASSERT_TRUE(ra && rb);
  ASSERT_EQ(ra->size(), rb->size());
  for (std::size_t i = 0; i < ra->size(); ++i) {
    EXPECT_EQ((*ra)[i].id, (*rb)[i].id);
    EXPECT_EQ((*ra)[i].data, (*rb)[i].data);
    EXPECT_EQ((*ra)[i].updated_at, (*rb)[i].updated_at);
    EXPECT_EQ((*ra)[i].deleted, (*rb)[i].deleted);
    EXPECT_EQ((*ra)[i].version, (*rb)[i].version);
    EXPECT_EQ((*ra)[i].sync_status, RecordStatus::synced);
  }
  EXPECT_EQ(find(*a, "accounts", "x")->data, json({{"v", "b2"}}));
}

INSTANTIATE_TEST_SUITE_P(Stores, DevicePull, test::all_stores(), test::store_name);

}  // namespace
}  // namespace syncsuite::client
