#include "reference/store/sqlite.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

namespace syncsuite::store::sqlite {
namespace {

class SqliteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "syncsuite-sqlite-XXXXXX");
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::filesystem::path file() const { return dir_ / "t.db"; }
  Database open(const OpenOptions& options = {}) {
    auto db = Database::open(file(), options);
    EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().message);
    return db.ok() ? std::move(db).value() : Database();
  }
  Result<std::int64_t> count(Database& db) {
    auto s = db.prepare("SELECT count(*) FROM t");
    if (!s) return s.error();
    auto row = s->step();
    if (!row) return row.error();
    return s->column_int64(0);
  }
  std::filesystem::path dir_;
};

TEST_F(SqliteTest, BindsStepsAndReadsColumns) {
  auto db = open();
  ASSERT_TRUE(db.exec("CREATE TABLE t(i INTEGER, s TEXT, b BLOB, n TEXT)").ok());
  auto insert = db.prepare("INSERT INTO t VALUES(?, ?, ?, ?)");
  ASSERT_TRUE(insert.ok());
  const std::uint8_t bytes[] = {0, 1, 255};
  insert->bind(1, std::int64_t{1} << 40)
      .bind(2, std::string("text with \0 nul", 15))
      .bind_blob(3, bytes)
      .bind(4, std::nullopt);
  ASSERT_TRUE(insert->run().ok());
  EXPECT_EQ(db.changes(), 1);
  EXPECT_EQ(db.last_insert_rowid(), 1);
  auto select = db.prepare("SELECT i, s, b, n FROM t");
  ASSERT_TRUE(select.ok());
  ASSERT_EQ(select->step().value(), true);
  EXPECT_EQ(select->column_int64(0), std::int64_t{1} << 40);
  EXPECT_EQ(select->column_text(1), std::string("text with \0 nul", 15));
  EXPECT_EQ(select->column_bytes(1), 15u);
  EXPECT_EQ(select->column_blob(2), (std::vector<std::uint8_t>{0, 1, 255}));
  EXPECT_TRUE(select->column_is_null(3));
  EXPECT_EQ(select->column_optional_text(3), std::nullopt);
  EXPECT_EQ(select->step().value(), false);
}

TEST_F(SqliteTest, BindErrorIsReportedByStep) {
  auto db = open();
  ASSERT_TRUE(db.exec("CREATE TABLE t(i INTEGER)").ok());
  auto s = db.prepare("INSERT INTO t VALUES(?)");
  ASSERT_TRUE(s.ok());
  s->bind(2, 5);  // no parameter 2
  const auto result = s->run();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, kError);
  EXPECT_EQ(count(db).value(), 0);
}

TEST_F(SqliteTest, SqlErrorsNameTheStatement) {
  auto db = open();
  const auto bad = db.prepare("SELEKT 1");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("SELEKT"), std::string::npos);
  EXPECT_FALSE(db.exec("CREATE TABLE (").ok());
}

TEST_F(SqliteTest, TransactionRollsBackUnlessCommitted) {
  auto db = open();
  ASSERT_TRUE(db.exec("CREATE TABLE t(i INTEGER)").ok());
  EXPECT_FALSE(db.in_transaction());
  {
    auto tx = Transaction::begin(db);
    ASSERT_TRUE(tx.ok());
    EXPECT_TRUE(db.in_transaction());
    ASSERT_TRUE(db.exec("INSERT INTO t VALUES(1)").ok());
  }
  EXPECT_FALSE(db.in_transaction());
  EXPECT_EQ(count(db).value(), 0);
  {
    auto tx = Transaction::begin(db, TransactionKind::deferred);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(db.exec("INSERT INTO t VALUES(1)").ok());
    ASSERT_TRUE(tx->commit().ok());
    EXPECT_FALSE(db.in_transaction());
    EXPECT_FALSE(tx->commit().ok()) << "a second commit has no transaction";
  }
  EXPECT_EQ(count(db).value(), 1);
}

TEST_F(SqliteTest, CommittedRowsAreSeenByAFreshConnection) {
  {
    auto db = open();
    ASSERT_TRUE(db.exec("CREATE TABLE t(i INTEGER)").ok());
    auto tx = Transaction::begin(db);
    ASSERT_TRUE(db.exec("INSERT INTO t VALUES(1), (2)").ok());
    ASSERT_TRUE(tx->commit().ok());
  }
  auto again = open();
  EXPECT_EQ(count(again).value(), 2);
}

TEST_F(SqliteTest, SecondWriterGetsBusyAfterItsTimeout) {
  auto first = open();
  ASSERT_TRUE(first.exec("CREATE TABLE t(i INTEGER)").ok());
  OpenOptions impatient;
  impatient.busy_timeout = std::chrono::milliseconds(20);
  auto second = open(impatient);
  auto held = Transaction::begin(first, TransactionKind::immediate);
  ASSERT_TRUE(held.ok());
  auto blocked = Transaction::begin(second, TransactionKind::immediate);
  ASSERT_FALSE(blocked.ok());
  EXPECT_TRUE(is_busy(blocked.error())) << blocked.error().code << " " << blocked.error().message;
  // WAL: the reader is not blocked by the writer.
  EXPECT_EQ(count(second).value(), 0);
  held->rollback();
  EXPECT_TRUE(Transaction::begin(second, TransactionKind::immediate).ok());
}

TEST_F(SqliteTest, CachedStatementIsReusedAndResetAfterEachLease) {
  auto db = open();
  ASSERT_TRUE(db.exec("CREATE TABLE t(i INTEGER); INSERT INTO t VALUES(1), (2), (3)").ok());
  const Statement* first = nullptr;
  {
    auto s = db.cached("SELECT i FROM t ORDER BY i");
    ASSERT_TRUE(s.ok());
    first = &**s;
    ASSERT_EQ((*s)->step().value(), true);
    EXPECT_EQ((*s)->column_int64(0), 1);
  }  // left mid-result: the lease resets it
  auto s = db.cached("SELECT i FROM t ORDER BY i");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(&**s, first);
  ASSERT_EQ((*s)->step().value(), true);
  EXPECT_EQ((*s)->column_int64(0), 1) << "starts from the first row again";
}

TEST_F(SqliteTest, OpenOptionsAreApplied) {
  auto db = open();
  auto mode = db.prepare("PRAGMA journal_mode");
  ASSERT_EQ(mode->step().value(), true);
  EXPECT_EQ(mode->column_text(0), "wal");
  auto sync = db.prepare("PRAGMA synchronous");
  ASSERT_EQ(sync->step().value(), true);
  EXPECT_EQ(sync->column_int64(0), 2);  // FULL
  auto fk = db.prepare("PRAGMA foreign_keys");
  ASSERT_EQ(fk->step().value(), true);
  EXPECT_EQ(fk->column_int64(0), 1);
}

TEST_F(SqliteTest, PageSizeAppliesToANewFileAndAnExistingOneKeepsItsOwn) {
  OpenOptions big;
  big.page_size = 16384;
  {
    auto db = open(big);
    ASSERT_TRUE(db.exec("CREATE TABLE t(i INTEGER); INSERT INTO t VALUES(1)").ok());
    auto size = db.prepare("PRAGMA page_size");
    ASSERT_EQ(size->step().value(), true);
    EXPECT_EQ(size->column_int64(0), 16384);
  }
  OpenOptions other;
  other.page_size = 8192;
  auto db = open(other);
  auto size = db.prepare("PRAGMA page_size");
  ASSERT_EQ(size->step().value(), true);
  EXPECT_EQ(size->column_int64(0), 16384) << "WAL fixes the size once the file exists";
  EXPECT_EQ(count(db).value(), 1);
}

TEST_F(SqliteTest, MissingFileWithoutCreateIsAnError) {
  OpenOptions no_create;
  no_create.create = false;
  EXPECT_FALSE(Database::open(file(), no_create).ok());
  OpenOptions read_only;
  read_only.read_only = true;
  EXPECT_FALSE(Database::open(file(), read_only).ok());
  EXPECT_FALSE(std::filesystem::exists(file()));
}

TEST_F(SqliteTest, MovedDatabaseKeepsWorking) {
  auto db = open();
  ASSERT_TRUE(db.exec("CREATE TABLE t(i INTEGER); INSERT INTO t VALUES(1)").ok());
  { auto s = db.cached("SELECT i FROM t"); }
  Database moved = std::move(db);
  EXPECT_FALSE(db.is_open());  // NOLINT(bugprone-use-after-move): documented moved-from state
  auto s = moved.cached("SELECT i FROM t");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)->step().value(), true);
}

}  // namespace
}  // namespace syncsuite::store::sqlite
