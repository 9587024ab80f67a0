#include "reference/client/local_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <limits>
#include <string>
#include <vector>

#include "tests/unit/reference/client/client_fixture.hpp"

namespace syncsuite::client {
namespace {

using test::TempDir;

StoredRecord make_record(std::string table, std::string id, RecordStatus status) {
  StoredRecord r;
  r.envelope.table = std::move(table);
  r.envelope.id = std::move(id);
  r.envelope.updated_at = "2026-11-24T10:00:00.123Z";
  r.envelope.nonce = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  r.envelope.ciphertext = "c2VhbGVkIGJ5dGVzIGhlcmUh";
  r.data = R"({"amount":12})";
  r.status = status;
  return r;
}

// Reads one value from the device file through a second, independent SQLite connection.
std::string query_text(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string out = "<error>";
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK) {
      const int rc = sqlite3_step(st);
      if (rc == SQLITE_ROW) {
        const auto* text = sqlite3_column_text(st, 0);
        out = text ? reinterpret_cast<const char*>(text) : "<null>";
      } else if (rc == SQLITE_DONE) {
        out = "<no row>";
      }
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

class StoreFixture : public ::testing::Test {
 protected:
  virtual StoreKind kind() const { return StoreKind::sqlite; }
  std::unique_ptr<LocalStore> open(const std::string& device = "dev-1") {
    auto s = LocalStore::open(kind(), {path, device, false});
    EXPECT_TRUE(s) << s.error().message;
    return s ? std::move(s).value() : nullptr;
  }
  TempDir dir;
  std::filesystem::path path = dir.path() / "device.db";
};

// The semantics every store has (the Device relies on them), run over each store kind.
class LocalStoreTest : public StoreFixture, public ::testing::WithParamInterface<StoreKind> {
 protected:
  StoreKind kind() const override { return GetParam(); }
};

// What only the SQLite store has: a file, its schema, and state that outlives the store object.
class LocalStoreFile : public StoreFixture {};

TEST_F(LocalStoreFile, CreatesTheAppTablesWithASyncStatusColumn) {
  auto store = open();
  ASSERT_TRUE(store);
  ASSERT_EQ(store->tables().size(), 5u);
  for (auto table : LocalStore::kDefaultTables) {
    EXPECT_EQ(query_text(path, "SELECT count(*) FROM " + std::string(table) +
                                   " WHERE syncStatus = 'pending'"),
              "0")
        << table;
  }
}

TEST_P(LocalStoreTest, WriteThenFindKeepsEveryField) {
  auto store = open();
  ASSERT_TRUE(store);
  auto r = make_record("transactions", "t-1", RecordStatus::conflict);
  r.envelope.deleted = true;
  r.envelope.version = 3;
  ServerCopy copy;
  copy.envelope = r.envelope;
  copy.envelope.updated_at = "2026-11-24T11:00:00.000Z";
  copy.envelope.deleted = false;
  copy.envelope.version = 4;
  copy.data = R"({"amount":13})";
  r.server = copy;
  ASSERT_TRUE(store->write(r));
  auto found = store->find("transactions", "t-1");
  ASSERT_TRUE(found && *found);
  const auto& f = **found;
  EXPECT_EQ(f.envelope.updated_at, r.envelope.updated_at);
  EXPECT_TRUE(f.envelope.deleted);
  EXPECT_EQ(f.envelope.nonce, r.envelope.nonce);
  EXPECT_EQ(f.envelope.ciphertext, r.envelope.ciphertext);
  EXPECT_EQ(f.envelope.version, 3);
  EXPECT_EQ(f.data, r.data);
  EXPECT_EQ(f.status, RecordStatus::conflict);
  ASSERT_TRUE(f.server);
  EXPECT_EQ(f.server->envelope.version, 4);
  EXPECT_EQ(f.server->envelope.updated_at, "2026-11-24T11:00:00.000Z");
  EXPECT_FALSE(f.server->envelope.deleted);
  EXPECT_EQ(f.server->data, R"({"amount":13})");
  if (kind() == StoreKind::sqlite) {
    EXPECT_EQ(query_text(path, "SELECT syncStatus FROM transactions WHERE id = 't-1'"), "conflict");
  }
}

TEST_P(LocalStoreTest, OverwriteClearsTheServerCopy) {
  auto store = open();
  ASSERT_TRUE(store);
  auto r = make_record("accounts", "a", RecordStatus::conflict);
  r.server = ServerCopy{r.envelope, "{}"};
  ASSERT_TRUE(store->write(r));
  r.status = RecordStatus::synced;
  r.server.reset();
  ASSERT_TRUE(store->write(r));
  auto found = store->find("accounts", "a");
  ASSERT_TRUE(found && *found);
  EXPECT_FALSE((*found)->server);
  EXPECT_EQ((*found)->status, RecordStatus::synced);
}

TEST_P(LocalStoreTest, FindInUnknownTableIsEmptyNotAnError) {
  auto store = open();
  ASSERT_TRUE(store);
  auto found = store->find("notes", "x");
  ASSERT_TRUE(found);
  EXPECT_FALSE(*found);
}

TEST_F(LocalStoreFile, TablesOnDemandSurviveReopen) {
  {
    auto store = open();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->ensure_table("notes"));
    ASSERT_TRUE(store->ensure_table("sqlite_notes"));  // a reserved SQLite prefix, still valid
    ASSERT_TRUE(store->write(make_record("sqlite_notes", "n", RecordStatus::pending)));
  }
  auto store = open();
  ASSERT_TRUE(store);
  ASSERT_EQ(store->tables().size(), 7u);
  EXPECT_EQ(store->tables()[5], "notes");
  auto found = store->find("sqlite_notes", "n");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->envelope.table, "sqlite_notes");
}

TEST_P(LocalStoreTest, InvalidTableNameIsRefused) {
  auto store = open();
  ASSERT_TRUE(store);
  for (const char* bad : {"Notes", "1notes", "no-tes", "notes\"; DROP TABLE accounts; --", ""}) {
    auto st = store->ensure_table(bad);
    ASSERT_FALSE(st) << bad;
    EXPECT_EQ(st.error().code, "bad_argument");
  }
  EXPECT_EQ(store->tables().size(), 5u);
}

TEST_P(LocalStoreTest, ListKeepsOrderAndFilters) {
  auto store = open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->write(make_record("accounts", "a2", RecordStatus::synced)));
  ASSERT_TRUE(store->write(make_record("transactions", "t1", RecordStatus::pending)));
  ASSERT_TRUE(store->write(make_record("accounts", "a1", RecordStatus::pending)));
  auto all = store->list();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].envelope.id, "t1");  // transactions is the first table
  EXPECT_EQ((*all)[1].envelope.id, "a2");  // then rows in insertion order
  EXPECT_EQ((*all)[2].envelope.id, "a1");
  auto pending = store->list(RecordStatus::pending);
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->size(), 2u);
  auto count = store->count(RecordStatus::synced);
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 1u);
}

TEST_P(LocalStoreTest, BeginPushMarksPendingSyncingAndResetUndoesIt) {
  auto store = open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->write(make_record("accounts", "a", RecordStatus::pending)));
  ASSERT_TRUE(store->write(make_record("budgets", "b", RecordStatus::synced)));
  ASSERT_TRUE(store->write(make_record("receipts", "r", RecordStatus::pending)));
  auto keys = store->begin_push();
  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0].table, "accounts");
  EXPECT_EQ((*keys)[1].id, "r");
  EXPECT_EQ(*store->count(RecordStatus::syncing), 2u);
  EXPECT_EQ(*store->count(RecordStatus::pending), 0u);
  ASSERT_TRUE(store->reset_syncing());
  EXPECT_EQ(*store->count(RecordStatus::pending), 2u);
  EXPECT_EQ(*store->count(RecordStatus::synced), 1u);
}

TEST_F(LocalStoreFile, ReopenTurnsInterruptedSyncingBackToPending) {
  {
    auto store = open();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->write(make_record("accounts", "a", RecordStatus::syncing)));
  }
  auto store = open();
  ASSERT_TRUE(store);
  EXPECT_EQ(*store->count(RecordStatus::pending), 1u);
  EXPECT_EQ(*store->count(RecordStatus::syncing), 0u);
}

TEST_F(LocalStoreFile, MetaRoundTripsAndPersists) {
  {
    auto store = open();
    ASSERT_TRUE(store);
    auto missing = store->meta("cursor");
    ASSERT_TRUE(missing);
    EXPECT_FALSE(*missing);
    ASSERT_TRUE(store->set_meta("cursor", "c1"));
    ASSERT_TRUE(store->set_meta("cursor", "c2"));
  }
  auto store = open();
  ASSERT_TRUE(store);
  auto cursor = store->meta("cursor");
  ASSERT_TRUE(cursor && *cursor);
  EXPECT_EQ(**cursor, "c2");
}

TEST_F(LocalStoreFile, FileBelongsToOneDevice) {
  ASSERT_TRUE(open("dev-1"));
  auto other = LocalStore::open({path, "dev-2", false});
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, "store");
}

TEST_P(LocalStoreTest, UncommittedTransactionLeavesNothing) {
  auto store = open();
  ASSERT_TRUE(store);
  {
    auto txn = store->transaction();
    ASSERT_TRUE(txn);
    ASSERT_TRUE(store->write(make_record("accounts", "a", RecordStatus::synced)));
    ASSERT_TRUE(store->set_meta("cursor", "moved"));
  }  // destroyed without commit: rolled back
  auto found = store->find("accounts", "a");
  ASSERT_TRUE(found);
  EXPECT_FALSE(*found);
  EXPECT_FALSE(*store->meta("cursor"));
}

TEST_F(LocalStoreFile, UnopenablePathIsAStoreError) {
  auto s = LocalStore::open({dir.path() / "missing-dir" / "device.db", "dev", false});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "store");
}

TEST_P(LocalStoreTest, MetaRoundTripsAndKnowsTheDevice) {
  auto store = open("dev-7");
  ASSERT_TRUE(store);
  EXPECT_EQ(store->meta("device_id")->value_or(""), "dev-7");
  EXPECT_FALSE(*store->meta("cursor"));
  ASSERT_TRUE(store->set_meta("cursor", "c1"));
  ASSERT_TRUE(store->set_meta("last_sync_at", "17"));
  ASSERT_TRUE(store->set_meta("cursor", "c2"));
  EXPECT_EQ(store->meta("cursor")->value_or(""), "c2");
  EXPECT_EQ(store->meta("last_sync_at")->value_or(""), "17");
}

TEST_P(LocalStoreTest, TablesOnDemandComeAfterTheDefaultsInCreationOrder) {
  auto store = open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->ensure_table("notes"));
  ASSERT_TRUE(store->ensure_table("sqlite_notes"));  // a reserved SQLite prefix, still valid
  ASSERT_TRUE(store->ensure_table("notes"));         // again: nothing changes
  ASSERT_EQ(store->tables().size(), 7u);
  EXPECT_EQ(store->tables()[0], "transactions");
  EXPECT_EQ(store->tables()[5], "notes");
  EXPECT_EQ(store->tables()[6], "sqlite_notes");
  ASSERT_TRUE(store->write(make_record("sqlite_notes", "s", RecordStatus::pending)));
  ASSERT_TRUE(store->write(make_record("notes", "n", RecordStatus::pending)));
  ASSERT_TRUE(store->write(make_record("receipts", "r", RecordStatus::pending)));
  auto all = store->list();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].envelope.table, "receipts");
  EXPECT_EQ((*all)[1].envelope.table, "notes");
  EXPECT_EQ((*all)[2].envelope.table, "sqlite_notes");
  auto keys = store->begin_push();
  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 3u);
  EXPECT_EQ((*keys)[2].table, "sqlite_notes");
  EXPECT_EQ((*keys)[2].id, "s");
}

TEST_P(LocalStoreTest, WriteToATableNotCreatedIsAStoreError) {
  auto store = open();
  ASSERT_TRUE(store);
  auto st = store->write(make_record("notes", "n", RecordStatus::pending));
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, "store");
  auto bad = store->write(make_record("No", "n", RecordStatus::pending));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, "bad_argument");
  EXPECT_EQ(store->list()->size(), 0u);
}

TEST_P(LocalStoreTest, RollbackRestoresOverwrittenRowsRemovesAddedOnesAndRestoresMeta) {
  auto store = open();
  ASSERT_TRUE(store);
  auto a = make_record("accounts", "a", RecordStatus::synced);
  a.envelope.version = 1;
  ASSERT_TRUE(store->write(a));
  ASSERT_TRUE(store->write(make_record("budgets", "b0", RecordStatus::pending)));
  ASSERT_TRUE(store->set_meta("cursor", "c1"));
  {
    auto txn = store->transaction();
    ASSERT_TRUE(txn);
    auto edited = a;
    edited.data = R"({"amount":99})";
    edited.status = RecordStatus::conflict;
    edited.server = ServerCopy{a.envelope, "{}"};
    ASSERT_TRUE(store->write(edited));
    edited.envelope.version = 7;
    ASSERT_TRUE(store->write(edited));  // twice: the rollback restores the state before both
    ASSERT_TRUE(store->write(make_record("accounts", "new", RecordStatus::synced)));
    ASSERT_TRUE(store->write(make_record("accounts", "new", RecordStatus::conflict)));
    ASSERT_TRUE(store->write(make_record("transactions", "t", RecordStatus::synced)));
    ASSERT_TRUE(store->set_meta("cursor", "c2"));
    ASSERT_TRUE(store->set_meta("last_sync_at", "5"));
    // Inside the transaction its own writes are visible.
    EXPECT_EQ((*store->find("accounts", "a"))->envelope.version, 7);
    EXPECT_EQ(store->list()->size(), 4u);
    txn->rollback();
  }
  auto found = store->find("accounts", "a");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->data, a.data);
  EXPECT_EQ((*found)->status, RecordStatus::synced);
  EXPECT_EQ((*found)->envelope.version, 1);
  EXPECT_FALSE((*found)->server);
  EXPECT_FALSE(*store->find("accounts", "new"));
  EXPECT_FALSE(*store->find("transactions", "t"));
  EXPECT_EQ(store->meta("cursor")->value_or(""), "c1");
  EXPECT_FALSE(*store->meta("last_sync_at"));
  EXPECT_EQ(*store->count(RecordStatus::pending), 1u);
  // Rows written after the rollback land after the surviving ones and are found.
  ASSERT_TRUE(store->write(make_record("accounts", "later", RecordStatus::pending)));
  auto all = store->list();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].envelope.id, "a");
  EXPECT_EQ((*all)[1].envelope.id, "later");
  EXPECT_EQ((*all)[2].envelope.id, "b0");
  EXPECT_TRUE(*store->find("accounts", "later"));
}

TEST_P(LocalStoreTest, CommittedTransactionLandsWhole) {
  auto store = open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->write(make_record("accounts", "a", RecordStatus::pending)));
  {
    auto txn = store->transaction();
    ASSERT_TRUE(txn);
    ASSERT_TRUE(store->write(make_record("accounts", "a", RecordStatus::synced)));
    ASSERT_TRUE(store->write(make_record("accounts", "b", RecordStatus::conflict)));
    ASSERT_TRUE(store->set_meta("cursor", "after-page"));
    ASSERT_TRUE(txn->commit());
    EXPECT_FALSE(txn->commit());  // once only
  }
  EXPECT_EQ((*store->find("accounts", "a"))->status, RecordStatus::synced);
  EXPECT_EQ((*store->find("accounts", "b"))->status, RecordStatus::conflict);
  EXPECT_EQ(store->meta("cursor")->value_or(""), "after-page");
}

TEST_P(LocalStoreTest, OneTransactionAtATimeAndNoneOfTheStoresOwnInsideIt) {
  auto store = open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->write(make_record("accounts", "a", RecordStatus::pending)));
  {
    auto txn = store->transaction();
    ASSERT_TRUE(txn);
    auto second = store->transaction();
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, "store");
    auto push = store->begin_push();
    ASSERT_FALSE(push);
    EXPECT_EQ(push.error().code, "store");
    auto reset = store->reset_syncing();
    ASSERT_FALSE(reset);
    EXPECT_EQ(reset.error().code, "store");
    auto create = store->ensure_table("notes");
    ASSERT_FALSE(create);
    EXPECT_EQ(create.error().code, "store");
    EXPECT_TRUE(store->ensure_table("accounts"));  // exists: nothing to do, no error
  }
  EXPECT_EQ(store->tables().size(), 5u);
  EXPECT_EQ(*store->count(RecordStatus::pending), 1u);
  auto again = store->transaction();
  EXPECT_TRUE(again);
}

TEST_P(LocalStoreTest, ManyRecordsAreFoundAndListedInInsertionOrder) {
  auto store = open();
  ASSERT_TRUE(store);
  constexpr int kRecords = 3000;  // past several growths of the memory store's index
  for (int i = 0; i < kRecords; ++i) {
    // Ids that do not sort in insertion order.
    const std::string id = "r" + std::to_string((i * 7919) % kRecords);
    ASSERT_TRUE(store->write(
        make_record("transactions", id, i % 2 ? RecordStatus::synced : RecordStatus::pending)));
  }
  for (int i = 0; i < kRecords; i += 97) {
    const std::string id = "r" + std::to_string((i * 7919) % kRecords);
    auto found = store->find("transactions", id);
    ASSERT_TRUE(found && *found) << id;
    EXPECT_EQ((*found)->envelope.id, id);
  }
  EXPECT_FALSE(*store->find("transactions", "r" + std::to_string(kRecords)));
  auto all = store->list();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), static_cast<std::size_t>(kRecords));
  for (int i = 0; i < kRecords; i += 101) {
    EXPECT_EQ((*all)[i].envelope.id, "r" + std::to_string((i * 7919) % kRecords));
  }
  EXPECT_EQ(*store->count(RecordStatus::pending), static_cast<std::size_t>(kRecords / 2));
}

// Fields the store could keep in a shorter form come back byte for byte, whatever they hold:
// a record not edited since a failed push is re-sent exactly as sealed.
TEST_P(LocalStoreTest, EveryFieldComesBackByteForByte) {
  auto store = open();
  ASSERT_TRUE(store);
  struct Case {
    std::string id, updated_at, nonce, ciphertext;
  };
  const std::vector<Case> cases = {
      {"canonical", "2026-11-24T10:00:00.123Z", std::string(32, 'A'), "c2VhbGVkIGJ5dGVzIGhlcmUh"},
      {"unpadded", "2026-11-24T10:00:00Z", "QQ", "QR=="},  // not canonical base64 or time
      {"text", "yesterday", "not base64!", ""},
      {"padded", "2026-02-30T10:00:00.000Z", "QUJD", "QUI="},
  };
  for (const auto& c : cases) {
    auto r = make_record("transactions", c.id, RecordStatus::conflict);
    r.envelope.updated_at = c.updated_at;
    r.envelope.nonce = c.nonce;
    r.envelope.ciphertext = c.ciphertext;
    r.envelope.version = std::numeric_limits<std::int64_t>::max();
    r.server = ServerCopy{r.envelope, R"({"s":"caf\xc3\xa9 \u00e9"})"};
    r.server->envelope.version = -3;
    r.server->envelope.deleted = true;
    ASSERT_TRUE(store->write(r));
    auto found = store->find("transactions", c.id);
    ASSERT_TRUE(found && *found);
    const auto& f = **found;
    EXPECT_EQ(f.envelope.updated_at, c.updated_at);
    EXPECT_EQ(f.envelope.nonce, c.nonce);
    EXPECT_EQ(f.envelope.ciphertext, c.ciphertext);
    EXPECT_EQ(f.envelope.version, std::numeric_limits<std::int64_t>::max());
    ASSERT_TRUE(f.server);
    EXPECT_EQ(f.server->envelope.updated_at, c.updated_at);
    EXPECT_EQ(f.server->envelope.nonce, c.nonce);
    EXPECT_EQ(f.server->envelope.ciphertext, c.ciphertext);
    EXPECT_EQ(f.server->envelope.version, -3);
    EXPECT_TRUE(f.server->envelope.deleted);
    EXPECT_FALSE(f.envelope.deleted);
    EXPECT_EQ(f.server->data, r.server->data);
  }
}

TEST_P(LocalStoreTest, LargeRecordsRoundTrip) {
  auto store = open();
  ASSERT_TRUE(store);
  auto r = make_record("receipts", "big", RecordStatus::pending);
  r.data = R"({"image":")" + std::string(700'000, 'x') + R"("})";
  r.envelope.ciphertext = std::string(1'000'000, 'Q');  // canonical base64 of 750,000 bytes
  ASSERT_TRUE(store->write(r));
  auto found = store->find("receipts", "big");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->data, r.data);
  EXPECT_EQ((*found)->envelope.ciphertext, r.envelope.ciphertext);
}

INSTANTIATE_TEST_SUITE_P(Stores, LocalStoreTest, test::all_stores(), test::store_name);

}  // namespace
}  // namespace syncsuite::client
