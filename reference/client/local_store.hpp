#pragma once
// A device's local database, shaped like the app's: one table per record table (transactions,
// accounts, categories, budgets, receipts up front; any other valid table name on demand), each
// row holding the plaintext data, a `syncStatus` column, the local envelope exactly as sealed (so
// a record not edited since a failed push is re-sent byte for byte) and, while in conflict, the
// server's copy. LocalStore is the seam; SqliteLocalStore keeps one SQLite file per device (the
// app's shape), MemoryLocalStore keeps the same rows compactly in memory (load runs with thousands
// of devices, no disk). Synchronous: local access does not block the network, and every network
// step of the device goes through its async Transport.
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reference/core/result.hpp"
#include "reference/protocol/envelope.hpp"

namespace syncsuite::client {

// Contract section 8: the values of the `syncStatus` column.
enum class RecordStatus { pending, syncing, synced, conflict };
std::string_view to_string(RecordStatus status);
std::optional<RecordStatus> parse_record_status(std::string_view text);

// Where a device keeps its records.
enum class StoreKind {
  sqlite,  // its own SQLite file, kept across runs
  memory,  // compact rows in memory, gone with the device; nothing touches the disk
};
std::string_view to_string(StoreKind kind);

// The server's copy of a record in conflict, kept (with its decrypted data) until resolved.
struct ServerCopy {
  protocol::Envelope envelope;  // as the server sent it, version set
  std::string data;             // its decrypted JSON text ("{}" for a tombstone)
};

struct StoredRecord {
  // The local copy exactly as sealed; `version` is the latest server version this device knows
  // the record at (nullopt until the record was first accepted or pulled).
  protocol::Envelope envelope;
  std::string data;  // plaintext JSON object text of the local copy ("{}" for a tombstone)
  RecordStatus status = RecordStatus::pending;
  std::optional<ServerCopy> server;  // set exactly when status is conflict
};

struct RecordKey {
  std::string table;
  std::string id;
};

struct StoreOptions {
  std::filesystem::path path;  // the device's SQLite file (created when missing)
  std::string device_id;       // a file belongs to one device: reopening with another id fails
  // false: no fsync (PRAGMA synchronous=OFF), for load runs with thousands of virtual devices
  // whose local files need not survive an OS crash.
  bool durable = true;
};

class LocalStore;

// Groups writes (a pull page, a push answer) so that they land together or not at all: rolled
// back on destruction unless commit() succeeded. One at a time per store; must not outlive it.
// Inside one, ensure_table (of a new table), begin_push and reset_syncing fail: they are
// transactions of their own.
class LocalTransaction {
 public:
  ~LocalTransaction();
  LocalTransaction(LocalTransaction&& other) noexcept;
  LocalTransaction& operator=(LocalTransaction&&) = delete;
  LocalTransaction(const LocalTransaction&) = delete;
  LocalTransaction& operator=(const LocalTransaction&) = delete;

  Status commit();
  void rollback();

 private:
  friend class LocalStore;
  explicit LocalTransaction(LocalStore* store) : store_(store) {}
  LocalStore* store_;  // null once committed or rolled back
};

class LocalStore {
 public:
  static constexpr std::array<std::string_view, 5> kDefaultTables = {
      "transactions", "accounts", "categories", "budgets", "receipts"};

  // The SQLite store (SqliteLocalStore::open): opens or creates the file; records left `syncing`
  // by an interrupted run go back to `pending`.
  static Result<std::unique_ptr<LocalStore>> open(const StoreOptions& options);
  // A store of `kind`; the memory store ignores the path and durability and cannot fail.
  static Result<std::unique_ptr<LocalStore>> open(StoreKind kind, const StoreOptions& options);

  virtual ~LocalStore() = default;
  LocalStore(const LocalStore&) = delete;
  LocalStore& operator=(const LocalStore&) = delete;

  // Creates the table for a valid table name (protocol::valid_table) unless it exists.
  virtual Status ensure_table(std::string_view table) = 0;
  // Known record tables, the default ones first, then in order of creation.
  virtual const std::vector<std::string>& tables() const = 0;

  // Nothing (not an error) for an unknown table or id.
  virtual Result<std::optional<StoredRecord>> find(std::string_view table, std::string_view id) = 0;
  // Inserts or replaces the row of (envelope.table, envelope.id); the table must exist.
  virtual Status write(const StoredRecord& record) = 0;
  // Every record (or those of one status), tables in tables() order, rows in insertion order.
  Result<std::vector<StoredRecord>> list(std::optional<RecordStatus> only = std::nullopt) {
    return list_records(only);
  }
  virtual Result<std::size_t> count(RecordStatus status) = 0;

  // Every pending record becomes syncing, in one transaction; returns their keys in list order.
  virtual Result<std::vector<RecordKey>> begin_push() = 0;
  // Every syncing record goes back to pending (a failed push).
  virtual Status reset_syncing() = 0;

  // Small key/value settings: "cursor", "last_sync_at", "device_id". Missing key: nullopt.
  virtual Result<std::optional<std::string>> meta(std::string_view key) = 0;
  virtual Status set_meta(std::string_view key, std::string_view value) = 0;

  Result<LocalTransaction> transaction();

 protected:
  LocalStore() = default;

  virtual Result<std::vector<StoredRecord>> list_records(std::optional<RecordStatus> only) = 0;
  // The three steps of a LocalTransaction. begin fails while one is open.
  virtual Status begin_transaction() = 0;
  virtual Status commit_transaction() = 0;
  virtual void rollback_transaction() = 0;

 private:
  friend class LocalTransaction;
};

}  // namespace syncsuite::client
