#include "reference/client/local_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

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

class LocalStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<LocalStore> open(const std::string& device = "dev-1") {
    auto s = LocalStore::open({path, device, false});
    EXPECT_TRUE(s) << s.error().message;
    return s ? std::move(s).value() : nullptr;
  }
  TempDir dir;
  std::filesystem::path path = dir.path() / "device.db";
};

TEST_F(LocalStoreTest, CreatesTheAppTablesWithASyncStatusColumn) {
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

TEST_F(LocalStoreTest, WriteThenFindKeepsEveryField) {
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
  EXPECT_EQ(query_text(path, "SELECT syncStatus FROM transactions WHERE id = 't-1'"), "conflict");
}

TEST_F(LocalStoreTest, OverwriteClearsTheServerCopy) {
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

TEST_F(LocalStoreTest, FindInUnknownTableIsEmptyNotAnError) {
  auto store = open();
  ASSERT_TRUE(store);
  auto found = store->find("notes", "x");
  ASSERT_TRUE(found);
  EXPECT_FALSE(*found);
}

TEST_F(LocalStoreTest, TablesOnDemandSurviveReopen) {
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

TEST_F(LocalStoreTest, InvalidTableNameIsRefused) {
  auto store = open();
  ASSERT_TRUE(store);
  for (const char* bad : {"Notes", "1notes", "no-tes", "notes\"; DROP TABLE accounts; --", ""}) {
    auto st = store->ensure_table(bad);
    ASSERT_FALSE(st) << bad;
    EXPECT_EQ(st.error().code, "bad_argument");
  }
  EXPECT_EQ(store->tables().size(), 5u);
}

TEST_F(LocalStoreTest, ListKeepsOrderAndFilters) {
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

TEST_F(LocalStoreTest, BeginPushMarksPendingSyncingAndResetUndoesIt) {
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

TEST_F(LocalStoreTest, ReopenTurnsInterruptedSyncingBackToPending) {
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

TEST_F(LocalStoreTest, MetaRoundTripsAndPersists) {
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

TEST_F(LocalStoreTest, FileBelongsToOneDevice) {
  ASSERT_TRUE(open("dev-1"));
  auto other = LocalStore::open({path, "dev-2", false});
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, "store");
}

TEST_F(LocalStoreTest, UncommittedTransactionLeavesNothing) {
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

TEST_F(LocalStoreTest, UnopenablePathIsAStoreError) {
  auto s = LocalStore::open({dir.path() / "missing-dir" / "device.db", "dev", false});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "store");
}

}  // namespace
}  // namespace syncsuite::client
