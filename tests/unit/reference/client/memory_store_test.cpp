#include "reference/client/memory_store.hpp"

#include <gtest/gtest.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "reference/core/timestamp.hpp"
#include "reference/crypto/keys.hpp"
#include "reference/crypto/record_box.hpp"

namespace syncsuite::client {
namespace {

// A record as a load run writes them: about 100 bytes of JSON, really sealed, accepted once.
StoredRecord sealed_record(const crypto::RecordBox& box, int i) {
  const std::string data = nlohmann::json{{"amount", 12.25 + i},
                                          {"category", "groceries"},
                                          {"currency", "EUR"},
                                          {"note", "weekly shop " + std::to_string(i)}}
                               .dump();
  auto sealed = box.seal(data);
  StoredRecord r;
  r.envelope.table = "transactions";
  r.envelope.id = "txn-" + std::to_string(100000 + i);
  r.envelope.updated_at =
      timestamp::format(timestamp::parse("2026-11-24T10:00:00.000Z").value() + i * 1000);
  r.envelope.nonce = std::move(sealed.nonce);
  r.envelope.ciphertext = std::move(sealed.ciphertext);
  r.envelope.version = i + 1;
  r.data = data;
  r.status = RecordStatus::synced;
  return r;
}

TEST(MemoryLocalStore, StartsWithTheDefaultTablesItsDeviceAndNoRecords) {
  auto store = MemoryLocalStore::create("dev-9");
  ASSERT_TRUE(store);
  ASSERT_EQ(store->tables().size(), LocalStore::kDefaultTables.size());
  for (std::size_t i = 0; i < store->tables().size(); ++i) {
    EXPECT_EQ(store->tables()[i], LocalStore::kDefaultTables[i]);
  }
  EXPECT_EQ(store->meta("device_id")->value_or(""), "dev-9");
  EXPECT_TRUE(store->list()->empty());
}

TEST(MemoryLocalStore, OpensWhateverThePathBecauseItTouchesNoFile) {
  auto store =
      LocalStore::open(StoreKind::memory, {"/nonexistent-dir/deeper/device.db", "dev", true});
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_FALSE(std::filesystem::exists("/nonexistent-dir"));
}

// The measure behind the "bytes per record" figure in memory_store.hpp: what a store holds per
// record of a typical load run (the allocator's per-block overhead, ~16 bytes, comes on top).
TEST(MemoryLocalStore, ARecordCostsAboutItsPayloadPlusASmallFixedPart) {
  const auto keys = crypto::KeyPair::generate();
  const crypto::RecordBox box(keys.public_key, keys.secret_key);
  auto store = MemoryLocalStore::create("dev");
  const std::size_t empty = store->memory_bytes();
  EXPECT_LT(empty, 1024u) << "an empty store";
  constexpr int kRecords = 300;
  std::size_t payload = 0;  // the JSON text and the ciphertext's bytes
  std::size_t as_text = 0;  // every string of the record as the envelope carries it
  for (int i = 0; i < kRecords; ++i) {
    const auto r = sealed_record(box, i);
    payload += r.data.size() + r.envelope.ciphertext.size() * 3 / 4;
    as_text += r.data.size() + r.envelope.ciphertext.size() + r.envelope.nonce.size() +
               r.envelope.updated_at.size() + r.envelope.id.size();
    ASSERT_TRUE(store->write(r));
  }
  const std::size_t per_record = (store->memory_bytes() - empty) / kRecords;
  payload /= kRecords;
  as_text /= kRecords;
  std::cout << "[ memory ] empty store " << empty << " B; per record " << per_record
            << " B for a payload of " << payload << " B (" << as_text << " B as text)\n";
  RecordProperty("empty_store_bytes", static_cast<int>(empty));
  RecordProperty("bytes_per_record", static_cast<int>(per_record));
  EXPECT_LT(per_record, payload + 128);
  EXPECT_LT(per_record, as_text + 32);  // smaller than the bare strings plus one string object
}

}  // namespace
}  // namespace syncsuite::client
