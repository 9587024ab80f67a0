#pragma once
// The local store as the app keeps it: one SQLite file per device, one table per record table
// with a `syncStatus` column, plus `_sync_meta` and `_sync_tables`.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reference/client/local_store.hpp"
#include "reference/core/result.hpp"
#include "reference/store/sqlite.hpp"

namespace syncsuite::client {

class SqliteLocalStore final : public LocalStore {
 public:
  // Opens or creates the file; records left `syncing` by an interrupted run go back to `pending`.
  static Result<std::unique_ptr<SqliteLocalStore>> open(const StoreOptions& options);

  // Call outside a transaction: a rolled-back CREATE would leave the table list wrong.
  Status ensure_table(std::string_view table) override;
  const std::vector<std::string>& tables() const override { return tables_; }
  Result<std::optional<StoredRecord>> find(std::string_view table, std::string_view id) override;
  Status write(const StoredRecord& record) override;
  Result<std::size_t> count(RecordStatus status) override;
  Result<std::vector<RecordKey>> begin_push() override;
  Status reset_syncing() override;
  Result<std::optional<std::string>> meta(std::string_view key) override;
  Status set_meta(std::string_view key, std::string_view value) override;

 protected:
  Result<std::vector<StoredRecord>> list_records(std::optional<RecordStatus> only) override;
  Status begin_transaction() override;
  Status commit_transaction() override;
  void rollback_transaction() override;

 private:
  explicit SqliteLocalStore(store::sqlite::Database db) : db_(std::move(db)) {}
  Status create_schema(const std::string& device_id);
  Status load_tables();

  store::sqlite::Database db_;
  std::vector<std::string> tables_;
  std::optional<store::sqlite::Transaction> txn_;  // the open LocalTransaction's
};

}  // namespace syncsuite::client
