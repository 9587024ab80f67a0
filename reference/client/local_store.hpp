#pragma once
// A device's local database (one SQLite file per device), shaped like the app's: one table per
// record table (transactions, accounts, categories, budgets, receipts up front; any other valid
// table name on demand), each row holding the plaintext data, a `syncStatus` column, the local
// envelope exactly as sealed (so a record not edited since a failed push is re-sent byte for byte)
// and, while in conflict, the server's copy. Synchronous: local disk access does not block
// the network, and every network step of the device goes through its async Transport.
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
#include "reference/store/sqlite.hpp"

namespace syncsuite::client {

// Contract section 8: the values of the `syncStatus` column.
enum class RecordStatus { pending, syncing, synced, conflict };
std::string_view to_string(RecordStatus status);
std::optional<RecordStatus> parse_record_status(std::string_view text);

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

class LocalStore {
 public:
  static constexpr std::array<std::string_view, 5> kDefaultTables = {
      "transactions", "accounts", "categories", "budgets", "receipts"};

  // Opens or creates the file; records left `syncing` by an interrupted run go back to `pending`.
  static Result<std::unique_ptr<LocalStore>> open(const StoreOptions& options);

  // Creates the table for a valid table name (protocol::valid_table) unless it exists.
  // Call outside a transaction: a rolled-back CREATE would leave the table list wrong.
  Status ensure_table(std::string_view table);
  // Known record tables, the default ones first, then in order of creation.
  const std::vector<std::string>& tables() const { return tables_; }

  Result<std::optional<StoredRecord>> find(std::string_view table, std::string_view id);
  // Inserts or replaces the row of (envelope.table, envelope.id); the table must exist.
  Status write(const StoredRecord& record);
  // Every record (or those of one status), tables in tables() order, rows in insertion order.
  Result<std::vector<StoredRecord>> list(std::optional<RecordStatus> only = std::nullopt);
  Result<std::size_t> count(RecordStatus status);

  // Every pending record becomes syncing, in one transaction; returns their keys in list order.
  Result<std::vector<RecordKey>> begin_push();
  // Every syncing record goes back to pending (a failed push).
  Status reset_syncing();

  // Small key/value settings: "cursor", "last_sync_at", "device_id". Missing key: nullopt.
  Result<std::optional<std::string>> meta(std::string_view key);
  Status set_meta(std::string_view key, std::string_view value);

  // Groups writes (a pull page, a push answer) so that they land together or not at all.
  Result<store::sqlite::Transaction> transaction();

 private:
  explicit LocalStore(store::sqlite::Database db) : db_(std::move(db)) {}
  Status create_schema(const std::string& device_id);
  Status load_tables();

  store::sqlite::Database db_;
  std::vector<std::string> tables_;
};

}  // namespace syncsuite::client
