// Devices of one account sharing one precomputed box (DeviceOptions::box), and what a device with
// the memory store (DeviceOptions::store) does differently from one with its own file.
#include <gtest/gtest.h>
#include <malloc.h>

#include <iostream>
#include <set>

#include "reference/client/device.hpp"
#include "reference/crypto/record_box.hpp"
#include "tests/unit/reference/client/client_fixture.hpp"

namespace syncsuite::client {
namespace {

using nlohmann::json;

class DeviceSharedBox : public test::OverStores<> {
 protected:
  std::shared_ptr<const crypto::RecordBox> account_box =
      std::make_shared<const crypto::RecordBox>(keys.public_key, keys.secret_key);
};

TEST_P(DeviceSharedBox, WhatOneDevicePushesTheOtherPullsAndOpens) {
  auto phone = open_device("phone", {.box = account_box});
  auto laptop = open_device("laptop", {.box = account_box});
  ASSERT_TRUE(phone && laptop);
  ASSERT_TRUE(phone->put("transactions", "t1", {{"amount", 5}}));
  ASSERT_TRUE(phone->put("categories", "c1", {{"name", "Food"}}));
  ASSERT_TRUE(phone->remove("accounts", "a1"));
  auto pushed_by_phone = sync(*phone);
  ASSERT_TRUE(pushed_by_phone.ok()) << pushed_by_phone.error->message;
  EXPECT_EQ(pushed_by_phone.accepted, 3u);

  auto pulled = sync(*laptop);
  ASSERT_TRUE(pulled.ok()) << pulled.error->message;
  EXPECT_EQ(pulled.pulled, 3u);
  EXPECT_EQ(find(*laptop, "transactions", "t1")->data, json({{"amount", 5}}));
  EXPECT_EQ(find(*laptop, "categories", "c1")->data, json({{"name", "Food"}}));
  EXPECT_TRUE(find(*laptop, "accounts", "a1")->deleted);

  // And back, an edit of the laptop's.
  ASSERT_TRUE(laptop->put("transactions", "t1", {{"amount", 6}}));
  ASSERT_TRUE(sync(*laptop).ok());
  ASSERT_TRUE(sync(*phone).ok());
  EXPECT_EQ(find(*phone, "transactions", "t1")->data, json({{"amount", 6}}));
  EXPECT_EQ(find(*phone, "transactions", "t1")->sync_status, RecordStatus::synced);
}

TEST_P(DeviceSharedBox, ItSealsToTheAccountKeypairUnderAFreshNoncePerSeal) {
  auto phone = open_device("phone", {.box = account_box});
  auto laptop = open_device("laptop", {.box = account_box});
  ASSERT_TRUE(phone && laptop);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(phone->put("transactions", "p" + std::to_string(i), {{"n", i}}));
    ASSERT_TRUE(laptop->put("transactions", "l" + std::to_string(i), {{"n", i}}));
  }
  ASSERT_TRUE(push(*phone).ok());
  ASSERT_TRUE(push(*laptop).ok());
  std::set<std::string> nonces;
  for (std::size_t request = 1; request <= 2; ++request) {
    for (const auto& e : pushed(request)) {
      nonces.insert(e["nonce"].get<std::string>());
      // Opens with the user's keypair, without any box of ours.
      auto plain =
          crypto::open_easy(e["nonce"].get<std::string>(), e["ciphertext"].get<std::string>(),
                            keys.public_key, keys.secret_key);
      ASSERT_TRUE(plain) << plain.error().message;
      EXPECT_EQ(json::parse(*plain)["n"].get<int>(),
                std::stoi(e["id"].get<std::string>().substr(1)));
    }
  }
  EXPECT_EQ(nonces.size(), 10u);
}

TEST_P(DeviceSharedBox, ADeviceWithItsOwnBoxReadsTheSameRecords) {
  auto phone = open_device("phone", {.box = account_box});
  auto tablet = open_device("tablet");  // computes its own box from the keypair
  ASSERT_TRUE(phone && tablet);
  ASSERT_TRUE(phone->put("budgets", "b", {{"limit", 300}}));
  ASSERT_TRUE(sync(*phone).ok());
  ASSERT_TRUE(sync(*tablet).ok());
  EXPECT_EQ(find(*tablet, "budgets", "b")->data, json({{"limit", 300}}));
}

TEST_P(DeviceSharedBox, UploadKeyStillSendsThePublicKey) {
  auto phone = open_device("phone", {.box = account_box});
  ASSERT_TRUE(phone);
  std::optional<Status> result;
  phone->upload_key([&](Status st) { result = std::move(st); });
  memory->run();
  ASSERT_TRUE(result && *result);
  EXPECT_EQ(server_get("/api/v1/sync/status/")["public_key"], keys.public_key.to_base64());
}

TEST_P(DeviceSharedBox, ABoxOfAnotherKeypairDoesNotOpenTheAccountsRecords) {
  auto phone = open_device("phone", {.box = account_box});
  ASSERT_TRUE(phone);
  ASSERT_TRUE(phone->put("transactions", "t", {{"n", 1}}));
  ASSERT_TRUE(sync(*phone).ok());
  const auto other = crypto::KeyPair::generate();
  auto intruder = open_device("intruder", {.box = std::make_shared<const crypto::RecordBox>(
                                               other.public_key, other.secret_key)});
  ASSERT_TRUE(intruder);
  auto report = pull(*intruder);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error->code, "decrypt_failed");
  EXPECT_TRUE(intruder->records()->empty());
}

INSTANTIATE_TEST_SUITE_P(Stores, DeviceSharedBox, test::all_stores(), test::store_name);

class MemoryDevice : public test::ClientFixture {
 protected:
  client::StoreKind store_kind() const override { return client::StoreKind::memory; }
};

TEST_F(MemoryDevice, TouchesNoDisk) {
  auto phone = open_device("phone");
  ASSERT_TRUE(phone);
  ASSERT_TRUE(phone->put("transactions", "t", {{"n", 1}}));
  ASSERT_TRUE(sync(*phone).ok());
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "phone.db"));
  DeviceOptions options;
  options.store = StoreKind::memory;
  options.db_path = dir.path() / "missing-dir" / "tablet.db";
  options.device_id = "tablet";
  options.keys = test::copy_keys(keys);
  auto tablet = Device::open(*wire, std::move(options));
  ASSERT_TRUE(tablet) << tablet.error().message;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "missing-dir"));
}

TEST_F(MemoryDevice, StartsEmptyEveryTimeAndPullsEverythingBack) {
  {
    auto phone = open_device("phone");
    ASSERT_TRUE(phone);
    ASSERT_TRUE(phone->put("transactions", "t", {{"n", 1}}));
    ASSERT_TRUE(sync(*phone).ok());
  }
  auto phone = open_device("phone");
  ASSERT_TRUE(phone);
  EXPECT_TRUE(phone->records()->empty());
  EXPECT_EQ(*phone->cursor(), "");
  EXPECT_FALSE(phone->state().last_sync_at);
  ASSERT_TRUE(sync(*phone).ok());
  EXPECT_EQ(find(*phone, "transactions", "t")->data, json({{"n", 1}}));
}

// The measure behind the "bytes per empty device" figure: heap growth over many memory devices
// of one account sharing a box (the box and the keys' locked pages are not on the heap; one
// account has one box). An estimate for sizing load runs, not a benchmark.
TEST_F(MemoryDevice, AnEmptyDeviceTakesAFewKilobytes) {
  constexpr int kDevices = 500;
  auto box = std::make_shared<const crypto::RecordBox>(keys.public_key, keys.secret_key);
  std::vector<std::unique_ptr<Device>> devices;
  devices.reserve(kDevices);
  const auto before = mallinfo2().uordblks;
  for (int i = 0; i < kDevices; ++i) {
    devices.push_back(open_device("device-" + std::to_string(i), {.box = box}));
    ASSERT_TRUE(devices.back());
  }
  const auto after = mallinfo2().uordblks;
  if (after <= before) GTEST_SKIP() << "the heap is not measurable here (a sanitizer's allocator)";
  const auto per_device = (after - before) / kDevices;
  std::cout << "[ memory ] empty memory device with a shared box: " << per_device << " B\n";
  RecordProperty("empty_device_bytes", static_cast<int>(per_device));
  EXPECT_LT(per_device, 100u * 1024u);  // issue 8's budget per device, records included
}

}  // namespace
}  // namespace syncsuite::client
