#include <gtest/gtest.h>

#include <ostream>

#include "reference/client/device.hpp"
#include "reference/crypto/record_box.hpp"
#include "tests/unit/reference/client/client_fixture.hpp"

namespace syncsuite::client {
namespace {

using nlohmann::json;

class DeviceLocal : public test::OverStores<> {};
// What only a device with its own file does: a file belongs to one device and outlives it.
class DeviceLocalFile : public test::ClientFixture {};

TEST_P(DeviceLocal, PutStoresAPendingRecordWithTheClockTime) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->put("transactions", "t-1", {{"amount", 12.5}, {"note", "caf\xc3\xa9"}}));
  auto r = find(*d, "transactions", "t-1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->sync_status, RecordStatus::pending);
  EXPECT_EQ(r->data, json({{"amount", 12.5}, {"note", "caf\xc3\xa9"}}));
  EXPECT_EQ(r->updated_at, "2026-11-24T10:00:00.000Z");
  EXPECT_FALSE(r->deleted);
  EXPECT_FALSE(r->version);
}

TEST_P(DeviceLocal, PushedEnvelopeOpensWithTheUserKeypairToTheData) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->put("accounts", "a-1", {{"name", "Cash"}}, "2026-01-02T03:04:05.678Z"));
  ASSERT_TRUE(push(*d).ok());
  auto records = pushed(1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["updated_at"], "2026-01-02T03:04:05.678Z");
  auto plain = crypto::open_easy(records[0]["nonce"].get<std::string>(),
                                 records[0]["ciphertext"].get<std::string>(), keys.public_key,
                                 keys.secret_key);
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_EQ(json::parse(*plain), json({{"name", "Cash"}}));
}

TEST_P(DeviceLocal, EveryEditIsSealedUnderAFreshNonce) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->put("accounts", "a", {{"v", 1}}));
  ASSERT_TRUE(push(*d).ok());
  ASSERT_TRUE(d->put("accounts", "a", {{"v", 1}}));  // same data, still a new seal
  ASSERT_TRUE(push(*d).ok());
  EXPECT_NE(pushed(1)[0]["nonce"], pushed(2)[0]["nonce"]);
  EXPECT_NE(pushed(1)[0]["ciphertext"], pushed(2)[0]["ciphertext"]);
}

TEST_P(DeviceLocal, EditWithoutTimeIsLaterThanTheCopyItReplaces) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->put("budgets", "b", {{"limit", 1}}));
  ASSERT_TRUE(d->put("budgets", "b", {{"limit", 2}}));  // the clock has not moved
  EXPECT_EQ(find(*d, "budgets", "b")->updated_at, "2026-11-24T10:00:00.001Z");
  now += 60'000;
  ASSERT_TRUE(d->put("budgets", "b", {{"limit", 3}}));
  EXPECT_EQ(find(*d, "budgets", "b")->updated_at, "2026-11-24T10:01:00.000Z");
}

TEST_P(DeviceLocal, RemoveMakesAPendingTombstoneSealingAnEmptyObject) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->put("receipts", "r", {{"file", "x.jpg"}}));
  ASSERT_TRUE(d->remove("receipts", "r"));
  auto r = find(*d, "receipts", "r");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->deleted);
  EXPECT_EQ(r->data, json::object());
  EXPECT_EQ(r->sync_status, RecordStatus::pending);
  ASSERT_TRUE(push(*d).ok());
  auto records = pushed(1);
  EXPECT_EQ(records[0]["deleted"], true);
  auto plain = crypto::open_easy(records[0]["nonce"].get<std::string>(),
                                 records[0]["ciphertext"].get<std::string>(), keys.public_key,
                                 keys.secret_key);
  ASSERT_TRUE(plain);
  EXPECT_EQ(*plain, "{}");
}

TEST_P(DeviceLocal, RemoveOfAnUnseenRecordStillMakesATombstone) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->remove("transactions", "never-seen", "2026-11-24T09:00:00.000Z"));
  auto r = find(*d, "transactions", "never-seen");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->deleted);
}

TEST_P(DeviceLocal, AnyValidTableIsCreatedOnDemand) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->put("notes", "n-1", {{"text", "hi"}}));
  ASSERT_TRUE(d->put("sqlite_master", "m", {{"x", 1}}));  // valid per contract; SQLite-reserved
  ASSERT_TRUE(find(*d, "notes", "n-1"));
  ASSERT_TRUE(find(*d, "sqlite_master", "m"));
}

TEST_F(DeviceLocalFile, TablesCreatedOnDemandAreKept) {
  {
    auto d = open_device("phone");
    ASSERT_TRUE(d);
    ASSERT_TRUE(d->put("notes", "n-1", {{"text", "hi"}}));
    ASSERT_TRUE(d->put("sqlite_master", "m", {{"x", 1}}));
  }
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  ASSERT_TRUE(find(*d, "notes", "n-1"));
  ASSERT_TRUE(find(*d, "sqlite_master", "m"));
}

struct BadPut {
  const char* name;
  std::string table;
  std::string id;
  json data;
  std::optional<std::string> updated_at;
};
// Names the case in failure messages instead of dumping its bytes.
void PrintTo(const BadPut& c, std::ostream* os) { *os << c.name; }

class DeviceLocalBadPut : public test::OverStoresWith<BadPut> {};

TEST_P(DeviceLocalBadPut, IsRefusedAndStoresNothing) {
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  const auto& c = param();
  auto st = d->put(c.table, c.id, c.data, c.updated_at);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, "bad_argument");
  auto all = d->records();
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->empty());
  EXPECT_EQ(d->state().pending_count, 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Arguments, DeviceLocalBadPut,
    ::testing::Combine(
        ::testing::Values(
            BadPut{"UpperCaseTable", "Transactions", "a", json::object(), std::nullopt},
            BadPut{"InjectionTable", "t\"; DROP TABLE accounts; --", "a", json::object(),
                   std::nullopt},
            BadPut{"EmptyId", "transactions", "", json::object(), std::nullopt},
            BadPut{"SlashInId", "transactions", "a/b", json::object(), std::nullopt},
            BadPut{"LongId", "transactions", std::string(65, 'a'), json::object(), std::nullopt},
            BadPut{"ArrayData", "transactions", "a", json::array({1, 2}), std::nullopt},
            BadPut{"StringData", "transactions", "a", json("text"), std::nullopt},
            BadPut{"InvalidUtf8", "transactions", "a", json{{"t", "\xff\xfe"}}, std::nullopt},
            BadPut{"SecondsOnlyTime", "transactions", "a", json::object(), "2026-11-24T10:00:00Z"},
            BadPut{"OffsetTime", "transactions", "a", json::object(),
                   "2026-11-24T10:00:00.000+01:00"}),
        test::all_stores()),
    [](const auto& info) {
      return std::get<0>(info.param).name + test::store_suffix(std::get<1>(info.param));
    });

TEST_P(DeviceLocal, BadOptionsAreRefused) {
  DeviceOptions options;
  options.store = store_kind();
  options.db_path = dir.path() / "x.db";
  options.device_id = "";
  options.keys = crypto::KeyPair::generate();
  auto d = Device::open(*wire, std::move(options));
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, "bad_argument");

  DeviceOptions limit;
  limit.store = store_kind();
  limit.db_path = dir.path() / "y.db";
  limit.device_id = "dev";
  limit.keys = crypto::KeyPair::generate();
  limit.pull_limit = 1001;
  auto d2 = Device::open(*wire, std::move(limit));
  ASSERT_FALSE(d2);
  EXPECT_EQ(d2.error().code, "bad_argument");

  DeviceOptions header;
  header.store = store_kind();
  header.db_path = dir.path() / "z.db";
  header.device_id = "dev";
  header.token = "abc\r\nX-Injected: 1";
  header.keys = crypto::KeyPair::generate();
  auto d3 = Device::open(*wire, std::move(header));
  ASSERT_FALSE(d3);
  EXPECT_EQ(d3.error().code, "bad_argument");
}

TEST_F(DeviceLocalFile, ADeviceFileBelongsToOneDevice) {
  ASSERT_TRUE(open_device("phone"));
  client::DeviceOptions options;
  options.db_path = dir.path() / "phone.db";
  options.device_id = "tablet";
  options.keys = test::copy_keys(keys);
  auto other = Device::open(*wire, std::move(options));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, "store");
}

TEST_F(DeviceLocalFile, RecordsSurviveReopen) {
  {
    auto d = open_device("phone");
    ASSERT_TRUE(d);
    ASSERT_TRUE(d->put("categories", "c", {{"name", "Food"}}));
    ASSERT_TRUE(sync(*d).ok());
  }
  auto d = open_device("phone");
  ASSERT_TRUE(d);
  auto r = find(*d, "categories", "c");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->sync_status, RecordStatus::synced);
  EXPECT_EQ(r->version, 1);
  EXPECT_EQ(r->data, json({{"name", "Food"}}));
}

INSTANTIATE_TEST_SUITE_P(Stores, DeviceLocal, test::all_stores(), test::store_name);

}  // namespace
}  // namespace syncsuite::client
