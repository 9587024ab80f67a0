// Records spread over shard files by owner (shards.hpp): each owner's records in its own file, the
// accounts in the main one, and a layout that refuses to open the files any other way.
#include "reference/server/shards.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>

#include "tests/unit/reference/server/server_fixture.hpp"

namespace syncsuite::server::fixture {
namespace {

// One integer from `sql` run on `file` (opened read-only beside the server).
std::int64_t query_int(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK) << file;
  sqlite3_stmt* stmt = nullptr;
  std::int64_t value = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    value = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

void exec(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
  sqlite3_close(db);
}

class TwoShards : public ServerTest {
 protected:
  void SetUp() override {
    auto opened = SyncService::open({db_path(), "", 2});
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    service_ = std::move(opened).value();
    token_ = new_account();   // user 1: shard 1
    second_ = new_account();  // user 2: shard 0, the main file
  }
  std::filesystem::path shard_file() const { return Shards::file_of(db_path(), 1); }
  std::string second_;
};

TEST_F(TwoShards, EachOwnersRecordsAreInItsOwnFileAndTheAccountsInTheMainOne) {
  push_ok({keys_.seal("t", "a", at(0), {{"a", 1}}), keys_.seal("t", "b", at(0), {{"b", 1}})});
  push_ok({keys_.seal("t", "c", at(0), {{"c", 1}})}, second_);
  EXPECT_EQ(shard_file(), std::filesystem::path(db_path().string() + ".shard-1"));
  EXPECT_EQ(query_int(shard_file(), "SELECT count(*) FROM records WHERE owner = 1"), 2);
  EXPECT_EQ(query_int(shard_file(), "SELECT count(*) FROM records WHERE owner <> 1"), 0);
  EXPECT_EQ(query_int(db_path(), "SELECT count(*) FROM records WHERE owner = 2"), 1);
  EXPECT_EQ(query_int(db_path(), "SELECT count(*) FROM records WHERE owner <> 2"), 0);
  EXPECT_EQ(query_int(db_path(), "SELECT count(*) FROM accounts"), 2);
  EXPECT_EQ(query_int(shard_file(), "SELECT count(*) FROM accounts"), 0);
  EXPECT_EQ(pull_all().size(), 2u);
  EXPECT_EQ(pull_all(second_).size(), 1u);
}

TEST_F(TwoShards, AKeyOfAnOwnerInAShardFileIsKeptWithTheAccount) {
  const auto key = keys_.pair.public_key.to_base64();
  ASSERT_EQ(put_key({{"public_key", key}}, token_).status, 200);
  EXPECT_EQ(status_ok()["public_key"], key);
  EXPECT_EQ(query_int(db_path(), "SELECT count(*) FROM accounts WHERE public_key IS NOT NULL"), 1);
}

TEST_F(TwoShards, ReopeningWithAnotherCountIsRefusedAndNamesTheCount) {
  push_ok({keys_.seal("t", "a", at(0), {{"a", 1}})});
  service_.reset();
  for (const int count : {1, 3}) {
    auto opened = SyncService::open({db_path(), "", count});
    ASSERT_FALSE(opened.ok()) << count << " shards opened a database of 2";
    EXPECT_EQ(opened.error().code, "bad_shards");
    EXPECT_NE(opened.error().message.find("created with (2)"), std::string::npos)
        << opened.error().message;
  }
  auto again = SyncService::open({db_path(), "", 2});
  ASSERT_TRUE(again.ok()) << again.error().message;
  service_ = std::move(again).value();
  EXPECT_EQ(pull_all().size(), 1u) << "the records are where they were";
}

TEST_F(TwoShards, AMissingShardFileIsRefusedNotRecreatedEmpty) {
  push_ok({keys_.seal("t", "a", at(0), {{"a", 1}})});
  service_.reset();
  std::filesystem::remove(shard_file());
  std::filesystem::remove(shard_file().string() + "-wal");
  std::filesystem::remove(shard_file().string() + "-shm");
  auto opened = SyncService::open({db_path(), "", 2});
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().message.find("missing"), std::string::npos) << opened.error().message;
  EXPECT_FALSE(std::filesystem::exists(shard_file()));
}

TEST_F(TwoShards, AShardFileWithoutItsMainFileIsRefused) {
  push_ok({keys_.seal("t", "a", at(0), {{"a", 1}})});
  service_.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(db_path().string() + suffix);
  }
  auto opened = SyncService::open({db_path(), "", 2});
  ASSERT_FALSE(opened.ok()) << "a new main file adopted another server's shard";
  EXPECT_NE(opened.error().message.find("without its main file"), std::string::npos)
      << opened.error().message;
  EXPECT_FALSE(std::filesystem::exists(db_path())) << "refused before making a main file";
  EXPECT_FALSE(SyncService::open({db_path(), "", 2}).ok()) << "and refused again";
}

TEST(Shards, AFileWithRecordsFromBeforeShardsIsOneShard) {
  ScratchDir dir;
  const auto path = dir.path() / "old.db";
  {
    auto service = SyncService::open({path, ""});
    ASSERT_TRUE(service.ok());
    auto token = (*service)->create_account();
    ASSERT_TRUE(token.ok());
    const Keys keys;
    const auto body = json{{"device_id", "d"},
                           {"records", envelopes_json({keys.seal("t", "a", at(0), {{"a", 1}})})}};
    ASSERT_EQ(
        (*service)
            ->handle(make_request("POST", std::string(protocol::kPushPath), *token, body.dump()))
            .status,
        200);
  }
  exec(path, "DELETE FROM layout");  // as written before the layout table
  auto opened = SyncService::open({path, "", 2});
  ASSERT_FALSE(opened.ok()) << "a file of records with no layout opened as shard 0 of 2";
  EXPECT_NE(opened.error().message.find("shard 0 of 1"), std::string::npos)
      << opened.error().message;
  EXPECT_TRUE(SyncService::open({path, "", 1}).ok());
}

TEST(Shards, CountOutsideTheRangeAndMutantsOnSeveralAreRefused) {
  ScratchDir dir;
  for (const int count : {0, -1, Shards::kMaxCount + 1}) {
    auto opened = SyncService::open({dir.path() / "s.db", "", count});
    ASSERT_FALSE(opened.ok()) << count;
    EXPECT_EQ(opened.error().code, "bad_shards");
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "s.db"));
  auto mutant = SyncService::open({dir.path() / "m.db", mutants().front().name, 2});
  ASSERT_FALSE(mutant.ok());
  EXPECT_EQ(mutant.error().code, "bad_shards");
}

TEST(Shards, OwnersGoToShardOwnerModCount) {
  ScratchDir dir;
  auto shards = Shards::open(dir.path() / "s.db", 3, std::chrono::milliseconds(1000));
  ASSERT_TRUE(shards.ok()) << shards.error().message;
  EXPECT_EQ((*shards)->count(), 3);
  EXPECT_EQ(&(*shards)->of_owner(0), &(*shards)->accounts());
  EXPECT_EQ(&(*shards)->of_owner(3), &(*shards)->accounts());
  EXPECT_NE(&(*shards)->of_owner(1), &(*shards)->of_owner(2));
  EXPECT_EQ(&(*shards)->of_owner(4), &(*shards)->of_owner(1));
  for (int k = 1; k < 3; ++k)
    EXPECT_TRUE(std::filesystem::exists(Shards::file_of(dir.path() / "s.db", k)));
}

}  // namespace
}  // namespace syncsuite::server::fixture
