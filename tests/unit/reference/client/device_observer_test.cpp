// DeviceOptions::observer: what a load run's ledger learns from a device, every write sent and
// what the server answered for it, without reading the wire.
#include <gtest/gtest.h>

#include "tests/unit/reference/client/client_fixture.hpp"

namespace syncsuite::client {
namespace {

using nlohmann::json;

struct Event {
  std::string what;  // "sent", "stored", "refused"
  std::string id;
  std::string updated_at;
  bool deleted = false;
};

class Recorder : public WriteObserver {
 public:
  void sent(const protocol::Envelope& r) override { events.push_back({"sent", r.id, r.updated_at, r.deleted}); }
  void answered(const protocol::Envelope& r, bool stored) override {
    events.push_back({stored ? "stored" : "refused", r.id, r.updated_at, r.deleted});
  }
  std::vector<Event> events;
};

class DeviceObserver : public test::OverStores<> {};

TEST_P(DeviceObserver, SeesEachPushedRecordSentAndAnswered) {
  Recorder seen;
  auto phone = open_device("phone", {.observer = &seen});
  ASSERT_TRUE(phone);
  ASSERT_TRUE(phone->put("transactions", "t1", {{"n", 1}}));
  ASSERT_TRUE(phone->remove("transactions", "t2"));
  ASSERT_TRUE(push(*phone).ok());
  ASSERT_EQ(seen.events.size(), 4u);
  EXPECT_EQ(seen.events[0].what, "sent");
  EXPECT_EQ(seen.events[1].what, "sent");
  EXPECT_EQ(seen.events[2].what, "stored");
  EXPECT_EQ(seen.events[3].what, "stored");
  EXPECT_TRUE(seen.events[3].deleted || seen.events[2].deleted);
}

TEST_P(DeviceObserver, AFailedPushReportsNoAnswerAndTheRetryIsTheSameWrite) {
  Recorder seen;
  auto phone = open_device("phone", {.observer = &seen});
  ASSERT_TRUE(phone->put("transactions", "t1", {{"n", 1}}));
  wire->fail(1, test::FaultyTransport::Fault::lose_answer);
  EXPECT_FALSE(push(*phone).ok());
  ASSERT_EQ(seen.events.size(), 1u);
  EXPECT_EQ(seen.events[0].what, "sent");
  ASSERT_TRUE(push(*phone).ok());
  ASSERT_EQ(seen.events.size(), 3u);
  EXPECT_EQ(seen.events[1].what, "sent");
  EXPECT_EQ(seen.events[1].updated_at, seen.events[0].updated_at);
  EXPECT_EQ(seen.events[2].what, "stored");
}

TEST_P(DeviceObserver, SeesAConflictRefusedAndTheResolvedRecordStored) {
  Recorder seen;
  auto phone = open_device("phone");
  auto laptop = open_device("laptop", {.observer = &seen});
  ASSERT_TRUE(phone->put("transactions", "t1", {{"n", 1}}, "2026-11-24T10:00:05.000Z"));
  ASSERT_TRUE(push(*phone).ok());
  ASSERT_TRUE(laptop->put("transactions", "t1", {{"n", 2}}, "2026-11-24T10:00:01.000Z"));
  ASSERT_TRUE(push(*laptop).ok());
  ASSERT_EQ(seen.events.size(), 2u);
  EXPECT_EQ(seen.events[1].what, "refused");
  ASSERT_TRUE(resolve(*laptop, "transactions", "t1", Resolution::merged, json{{"n", 3}}));
  ASSERT_EQ(seen.events.size(), 4u);
  EXPECT_EQ(seen.events[2].what, "sent");
  EXPECT_EQ(seen.events[3].what, "stored");
  EXPECT_GT(seen.events[3].updated_at, "2026-11-24T10:00:05.000Z");
  // Keeping the server's copy sends no record: nothing to observe.
  ASSERT_TRUE(laptop->put("transactions", "t1", {{"n", 4}}, "2026-11-24T09:00:00.000Z"));
  ASSERT_TRUE(push(*laptop).ok());
  const auto before = seen.events.size();
  ASSERT_TRUE(resolve(*laptop, "transactions", "t1", Resolution::server));
  EXPECT_EQ(seen.events.size(), before);
}

TEST_P(DeviceObserver, SetPullLimitChangesThePageSize) {
  auto phone = open_device("phone");
  auto laptop = open_device("laptop");
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(phone->put("transactions", "t" + std::to_string(i), {{"n", i}}));
  ASSERT_TRUE(push(*phone).ok());
  EXPECT_FALSE(laptop->set_pull_limit(0));
  EXPECT_FALSE(laptop->set_pull_limit(1001));
  ASSERT_TRUE(laptop->set_pull_limit(2));
  const auto sends = wire->count();
  auto report = pull(*laptop);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report.pulled, 5u);
  EXPECT_EQ(wire->count() - sends, 3u);  // pages of 2, 2, 1
  EXPECT_NE(wire->requests().back().target.find("limit=2"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Stores, DeviceObserver, test::all_stores(), test::store_name);

}  // namespace
}  // namespace syncsuite::client
