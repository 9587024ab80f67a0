#pragma once
// The local store in memory, for load runs that drive thousands of devices in one process: the
// tables, row order, statuses, meta and transactions of SqliteLocalStore, without a file or any
// I/O. Compact: each record is one packed string (packed_record.hpp), each table a vector of them
// in insertion order plus an open-addressing index of 4-byte row numbers by id, and an open
// transaction keeps an undo log (the rows it overwrote, the row counts and meta at its start).
// A record costs its JSON text, its ciphertext's bytes and about 115 bytes more (a typical record
// of 80 bytes of JSON: ~290 bytes; an empty store: ~620 bytes; see memory_store_test.cpp).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reference/client/local_store.hpp"

namespace syncsuite::client {

class MemoryLocalStore final : public LocalStore {
 public:
  // An empty store of the default tables, its "device_id" meta set.
  static std::unique_ptr<MemoryLocalStore> create(std::string device_id);

  Status ensure_table(std::string_view table) override;
  const std::vector<std::string>& tables() const override { return names_; }
  Result<std::optional<StoredRecord>> find(std::string_view table, std::string_view id) override;
  Status write(const StoredRecord& record) override;
  Result<std::size_t> count(RecordStatus status) override;
  Result<std::vector<RecordKey>> begin_push() override;
  Status reset_syncing() override;
  Result<std::optional<std::string>> meta(std::string_view key) override;
  Status set_meta(std::string_view key, std::string_view value) override;

  // Bytes held: the object, its vectors' capacity and every heap block, without the allocator's
  // own per-block overhead. For sizing load runs.
  std::size_t memory_bytes() const;

 protected:
  Result<std::vector<StoredRecord>> list_records(std::optional<RecordStatus> only) override;
  Status begin_transaction() override;
  Status commit_transaction() override;
  void rollback_transaction() override;

 private:
  struct Table {
    std::vector<std::string> rows;     // packed records, in insertion order
    std::vector<std::uint32_t> slots;  // row number + 1 by hash of id, 0 free; empty or 2^n
  };
  struct Overwritten {
    std::size_t table;
    std::size_t row;
    std::string before;
  };
  struct Undo {
    std::vector<std::size_t> row_counts;  // per table; rows past these were added since
    std::vector<Overwritten> overwritten;
    std::vector<std::pair<std::string, std::string>> meta;
  };

  MemoryLocalStore() = default;
  std::optional<std::size_t> table_index(std::string_view table) const;
  Status refuse_in_transaction(std::string_view what) const;

  std::vector<std::string> names_;  // tables() order
  std::vector<Table> tables_;       // parallel to names_
  std::vector<std::pair<std::string, std::string>> meta_;
  std::optional<Undo> undo_;  // set while a transaction is open
};

}  // namespace syncsuite::client
