#include "reference/server/server_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "tests/unit/reference/server/server_fixture.hpp"

namespace syncsuite::server::fixture {
namespace {

Envelope record(const std::string& id, std::size_t ciphertext_chars, bool deleted = false) {
  Envelope e;
  e.table = "t";
  e.id = id;
  e.updated_at = at(0);
  e.deleted = deleted;
  e.nonce = "n";
  e.ciphertext = std::string(ciphertext_chars, 'c');
  return e;
}

class ServerStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = ServerStore::open(dir_.path() / "s.db");
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
  }
  // Writes `e` for owner 1 as a new version with the next seq.
  void put(ServerStore::Lease& db, const Envelope& e, bool conflicted = false) {
    auto tx = db->begin_write();
    ASSERT_TRUE(tx.ok());
    auto seq = db->next_seq(1);
    ASSERT_TRUE(seq.ok());
    ASSERT_TRUE(db->put_record(1, e, 1, *seq, conflicted).ok());
    ASSERT_TRUE(tx->commit().ok());
  }
  ScratchDir dir_;
  std::unique_ptr<ServerStore> store_;
};

TEST_F(ServerStoreTest, PoolLendsSeparateConnectionsThatShareTheFile) {
  auto first = store_->acquire();
  auto second = store_->acquire();
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(&**first, &**second);
  auto writing = (*first)->begin_write();
  ASSERT_TRUE(writing.ok());
  ASSERT_TRUE((*first)->put_record(1, record("a", 20), 1, 1, false).ok());
  EXPECT_FALSE((*second)->find_record(1, "t", "a").value().has_value()) << "not yet committed";
  ASSERT_TRUE(writing->commit().ok());
  EXPECT_TRUE((*second)->find_record(1, "t", "a").value().has_value());
}

TEST_F(ServerStoreTest, NewRecordsGoInTogetherOrNotAtAll) {
  auto db = store_->acquire();
  ASSERT_TRUE(db.ok());
  put(*db, record("b", 10));  // seq 1
  const Envelope a = record("a", 10), b = record("b", 20), c = record("c", 10);
  const std::vector<protocol::EnvelopeView> fresh{a, c};
  const std::vector<protocol::EnvelopeView> with_stored{a, b, c};
  auto tx = (*db)->begin_write();
  ASSERT_TRUE(tx.ok());
  auto refused = (*db)->insert_new_records(1, with_stored, 2);
  ASSERT_TRUE(refused.ok()) << refused.error().message;
  EXPECT_FALSE(*refused);
  EXPECT_FALSE((*db)->find_record(1, "t", "a").value().has_value()) << "a was taken back";
  EXPECT_EQ((*db)->find_record(1, "t", "b").value()->envelope.ciphertext.size(), 10u);
  auto inserted = (*db)->insert_new_records(1, fresh, 2);
  ASSERT_TRUE(inserted.ok());
  EXPECT_TRUE(*inserted);
  ASSERT_TRUE(tx->commit().ok());
  EXPECT_EQ((*db)->find_record(1, "t", "a").value()->seq, 2);
  EXPECT_EQ((*db)->find_record(1, "t", "c").value()->seq, 3);
  EXPECT_EQ((*db)->find_record(1, "t", "c").value()->envelope.version, 1);
  EXPECT_EQ((*db)->summary(1).value().record_count, 3);
  EXPECT_FALSE((*db)->insert_new_records(1, {}, 4).ok());
}

TEST(ServerDbRuns, TakeAHundredThenPowersOfTwo) {
  EXPECT_EQ(ServerDb::run_rows(500), 100u);
  EXPECT_EQ(ServerDb::run_rows(100), 100u);
  EXPECT_EQ(ServerDb::run_rows(99), 64u);
  EXPECT_EQ(ServerDb::run_rows(35), 32u);
  EXPECT_EQ(ServerDb::run_rows(1), 1u);
}

TEST_F(ServerStoreTest, ReturnedConnectionIsLentAgain) {
  const ServerDb* lent = nullptr;
  {
    auto db = store_->acquire();
    ASSERT_TRUE(db.ok());
    lent = &**db;
  }
  auto again = store_->acquire();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(&**again, lent);
}

TEST_F(ServerStoreTest, PageStopsAtTheByteBudgetButHoldsAtLeastOneRecord) {
  auto db = store_->acquire();
  ASSERT_TRUE(db.ok());
  for (const char* id : {"a", "b", "c", "d"}) put(*db, record(id, 100));
  auto page = (*db)->page_after(1, 0, 10, true, 250);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->records.size(), 2u);
  EXPECT_TRUE(page->has_more);
  EXPECT_EQ(page->next_seq, page->records.back().seq + 1);
  auto tiny = (*db)->page_after(1, 0, 10, true, 1);
  ASSERT_TRUE(tiny.ok());
  EXPECT_EQ(tiny->records.size(), 1u) << "a page is never empty while records remain";
  EXPECT_TRUE(tiny->has_more);
  auto exact = (*db)->page_after(1, 0, 4, true, 1000);
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact->records.size(), 4u);
  EXPECT_FALSE(exact->has_more) << "exactly `limit` records left is not more";
}

TEST_F(ServerStoreTest, PageCanLeaveOutTombstones) {
  auto db = store_->acquire();
  ASSERT_TRUE(db.ok());
  put(*db, record("a", 20));
  put(*db, record("b", 20, true));
  EXPECT_EQ((*db)->page_after(1, 0, 10, true, 1000).value().records.size(), 2u);
  EXPECT_EQ((*db)->page_after(1, 0, 10, false, 1000).value().records.size(), 1u);
}

TEST_F(ServerStoreTest, SummaryCountsPerOwner) {
  auto db = store_->acquire();
  ASSERT_TRUE(db.ok());
  put(*db, record("a", 20));
  put(*db, record("b", 20, true), true);
  const auto mine = (*db)->summary(1).value();
  EXPECT_EQ(mine.record_count, 2);
  EXPECT_EQ(mine.live_count, 1);
  EXPECT_EQ(mine.conflict_count, 1);
  EXPECT_EQ(mine.max_seq, 2);
  const auto none = (*db)->summary(2).value();
  EXPECT_EQ(none.record_count, 0);
  EXPECT_EQ(none.max_seq, 0);
}

TEST_F(ServerStoreTest, SequenceOnlyGrows) {
  auto db = store_->acquire();
  ASSERT_TRUE(db.ok());
  auto tx = (*db)->begin_write();
  EXPECT_EQ((*db)->next_seq(1).value(), 1);
  EXPECT_EQ((*db)->next_seq(1).value(), 2);
  ASSERT_TRUE((*db)->raise_seq(1, 10).ok());
  ASSERT_TRUE((*db)->raise_seq(1, 5).ok());
  EXPECT_EQ((*db)->current_seq(1).value(), 10);
  EXPECT_EQ((*db)->next_seq(1).value(), 11);
  ASSERT_TRUE(tx->commit().ok());
}

TEST_F(ServerStoreTest, EachOwnerHasItsOwnSequence) {
  auto db = store_->acquire();
  ASSERT_TRUE(db.ok());
  auto tx = (*db)->begin_write();
  EXPECT_EQ((*db)->next_seq(1).value(), 1);
  EXPECT_EQ((*db)->next_seq(2).value(), 1);
  EXPECT_EQ((*db)->next_seq(2).value(), 2);
  EXPECT_EQ((*db)->next_seq(1).value(), 2);
  EXPECT_EQ((*db)->current_seq(1).value(), 2);
  EXPECT_EQ((*db)->current_seq(3).value(), 0) << "an owner without writes";
  ASSERT_TRUE((*db)->raise_seq(2, 9).ok());
  EXPECT_EQ((*db)->current_seq(1).value(), 2);
  EXPECT_EQ((*db)->highest_seq().value(), 9);
  ASSERT_TRUE(tx->commit().ok());
}

TEST_F(ServerStoreTest, AccountsAreFoundByTokenHash) {
  auto db = store_->acquire();
  ASSERT_TRUE(db.ok());
  TokenHash first{};
  first[0] = 1;
  TokenHash second{};
  second[0] = 2;
  ASSERT_TRUE((*db)->insert_account(first).ok());
  EXPECT_FALSE((*db)->insert_account(first).ok()) << "a hash is taken once";
  const auto found = (*db)->account_by_token_hash(first).value();
  ASSERT_TRUE(found.has_value());
  EXPECT_FALSE((*db)->account_by_token_hash(second).value().has_value());
}

// The file and its -wal and -shm hold token hashes and ciphertexts: owner only, whatever the
// umask.
TEST(ServerStoreOpen, CreatesItsFilesReadableByTheOwnerOnly) {
  ScratchDir dir;
  const auto path = dir.path() / "s.db";
  const mode_t old_umask = ::umask(0);  // the most permissive umask: 0600 must not come from it
  auto opened = ServerStore::open(path);
  ::umask(old_umask);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  {
    auto db = (*opened)->acquire();  // a write, so that the -wal has content and -shm exists
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->insert_account(TokenHash{}).ok());
  }
  for (const std::string suffix : {"", "-wal", "-shm"}) {
    const std::filesystem::path file = path.string() + suffix;
    ASSERT_TRUE(std::filesystem::exists(file)) << file;
    const auto perms = std::filesystem::status(file).permissions();
    EXPECT_EQ(perms, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write)
        << file;
  }
}

// A file of schema version 1 (plain-text tokens, one sequence) is refused with a clear error
// and left as it was.
TEST(ServerStoreOpen, RefusesTheOldPlainTokenSchemaAndLeavesItAlone) {
  ScratchDir dir;
  const auto path = dir.path() / "s.db";
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw,
                         "CREATE TABLE accounts(user INTEGER PRIMARY KEY, token TEXT NOT NULL "
                         "UNIQUE, public_key TEXT); INSERT INTO accounts(token) VALUES('tok'); "
                         "PRAGMA user_version = 1",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  auto opened = ServerStore::open(path);
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().message.find("schema version 1"), std::string::npos)
      << opened.error().message;
  EXPECT_NE(opened.error().message.find("new --db"), std::string::npos) << opened.error().message;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "SELECT token FROM accounts", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "tok");
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
}

TEST(ServerStoreOpen, RefusesAnotherSchemaVersion) {
  ScratchDir dir;
  const auto path = dir.path() / "s.db";
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "PRAGMA user_version = 7", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  auto opened = ServerStore::open(path);
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().message.find("version 7"), std::string::npos);
}

}  // namespace
}  // namespace syncsuite::server::fixture
