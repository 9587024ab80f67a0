#include "reference/client/packed_record.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

namespace syncsuite::client {
namespace {

StoredRecord record(RecordStatus status, bool with_server, bool canonical) {
  StoredRecord r;
  r.envelope.table = "transactions";
  r.envelope.id = "t-\xc3";  // the store never validates ids; any bytes come back
  r.envelope.updated_at = canonical ? "2026-11-24T10:00:00.123Z" : "2026-11-24T10:00:00Z";
  r.envelope.nonce = canonical ? std::string(32, 'B') : "QR==";
  r.envelope.ciphertext = canonical ? "c2VhbGVkIGJ5dGVzIGhlcmUh" : "not base64";
  r.envelope.deleted = true;
  r.envelope.version = canonical ? std::optional<std::int64_t>(42) : std::nullopt;
  r.data = R"({"amount":12,"note":"caf\u00e9"})";
  r.status = status;
  if (with_server) {
    ServerCopy copy{r.envelope, "{}"};
    copy.envelope.deleted = false;
    copy.envelope.version = 43;
    copy.envelope.updated_at = "2026-11-24T11:00:00.000Z";
    copy.envelope.ciphertext = "QUJD";
    r.server = copy;
  }
  return r;
}

void expect_same(const StoredRecord& got, const StoredRecord& want) {
  EXPECT_EQ(got.envelope.table, want.envelope.table);
  EXPECT_EQ(got.envelope.id, want.envelope.id);
  EXPECT_EQ(got.envelope.updated_at, want.envelope.updated_at);
  EXPECT_EQ(got.envelope.deleted, want.envelope.deleted);
  EXPECT_EQ(got.envelope.nonce, want.envelope.nonce);
  EXPECT_EQ(got.envelope.ciphertext, want.envelope.ciphertext);
  EXPECT_EQ(got.envelope.version, want.envelope.version);
  EXPECT_EQ(got.data, want.data);
  EXPECT_EQ(got.status, want.status);
  ASSERT_EQ(got.server.has_value(), want.server.has_value());
  if (!want.server) return;
  const auto& g = got.server->envelope;
  const auto& w = want.server->envelope;
  EXPECT_EQ(g.table, w.table);
  EXPECT_EQ(g.id, w.id);
  EXPECT_EQ(g.updated_at, w.updated_at);
  EXPECT_EQ(g.deleted, w.deleted);
  EXPECT_EQ(g.nonce, w.nonce);
  EXPECT_EQ(g.ciphertext, w.ciphertext);
  EXPECT_EQ(g.version, w.version);
  EXPECT_EQ(got.server->data, want.server->data);
}

struct Shape {
  const char* name;
  RecordStatus status;
  bool with_server;
  bool canonical;
};
// Names the case in failure messages.
void PrintTo(const Shape& s, std::ostream* os) { *os << s.name; }

class PackedRecordShapes : public ::testing::TestWithParam<Shape> {};

TEST_P(PackedRecordShapes, UnpackGivesBackEveryField) {
  const auto& shape = GetParam();
  const auto r = record(shape.status, shape.with_server, shape.canonical);
  const std::string row = packed::pack(r);
  expect_same(packed::unpack(row, "transactions"), r);
  EXPECT_EQ(packed::id_of(row), r.envelope.id);
  EXPECT_EQ(packed::status_of(row), shape.status);
}

TEST_P(PackedRecordShapes, StatusChangesInPlaceAndNothingElse) {
  const auto& shape = GetParam();
  auto r = record(shape.status, shape.with_server, shape.canonical);
  std::string row = packed::pack(r);
  const auto size = row.size();
  packed::set_status(row, RecordStatus::syncing);
  EXPECT_EQ(row.size(), size);
  EXPECT_EQ(packed::status_of(row), RecordStatus::syncing);
  r.status = RecordStatus::syncing;
  expect_same(packed::unpack(row, "transactions"), r);
}

INSTANTIATE_TEST_SUITE_P(
    All, PackedRecordShapes,
    ::testing::Values(Shape{"Pending", RecordStatus::pending, false, true},
                      Shape{"SyncedNoVersionText", RecordStatus::synced, false, false},
                      Shape{"ConflictCanonical", RecordStatus::conflict, true, true},
                      Shape{"ConflictText", RecordStatus::conflict, true, false}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(PackedRecord, DecodableFieldsAreKeptDecoded) {
  auto r = record(RecordStatus::synced, false, true);
  r.envelope.ciphertext = std::string(4000, 'Q');  // 3000 bytes decoded
  const auto row = packed::pack(r);
  // Decoded ciphertext, 24-byte nonce and 8-byte time instead of 4000 + 32 + 24 characters.
  EXPECT_LT(row.size(), 3000 + r.data.size() + r.envelope.id.size() + 24 + 8 + 8 + 16);
  EXPECT_EQ(packed::unpack(row, "transactions").envelope.ciphertext, r.envelope.ciphertext);
}

TEST(PackedRecord, LongFieldsUseMultiByteLengths) {
  auto r = record(RecordStatus::pending, true, true);
  r.data = std::string(200'000, 'd');
  r.server->data = std::string(130, 's');
  r.envelope.id = std::string(128, 'i');
  r.server->envelope.id = r.envelope.id;
  const auto row = packed::pack(r);
  EXPECT_EQ(packed::id_of(row), r.envelope.id);
  expect_same(packed::unpack(row, "transactions"), r);
}

}  // namespace
}  // namespace syncsuite::client
