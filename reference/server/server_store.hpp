#pragma once
// The server's SQLite file: schema, one connection's queries (ServerDb), and a pool of connections
// (ServerStore) so that concurrent requests each get their own connection. WAL lets readers run
// beside the one writer; synchronous=FULL makes a COMMIT durable before a 200 is built.
#include <array>
#include <bit>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "reference/core/result.hpp"
#include "reference/protocol/envelope.hpp"
#include "reference/store/sqlite.hpp"

namespace syncsuite::server {

// What the accounts table keeps of a token: its BLAKE2b-256 hash (token_hash.hpp).
using TokenHash = std::array<std::uint8_t, 32>;

struct Account {
  std::int64_t user = 0;
  std::optional<std::string> public_key;  // base64 of 32 bytes once uploaded
};

struct StoredRecord {
  protocol::Envelope envelope;  // `version` always set
  std::int64_t seq = 0;         // commit sequence of the latest accepted write
  bool conflicted = false;      // a conflicting push arrived, not since resolved or overwritten
};

// One page of a pull, in seq order.
struct RecordPage {
  std::vector<StoredRecord> records;
  bool has_more = false;
  std::optional<std::int64_t> next_seq;  // seq of the first record left for the next page
};

struct OwnerSummary {
  std::int64_t record_count = 0;     // tombstones included
  std::int64_t live_count = 0;       // tombstones excluded
  std::int64_t conflict_count = 0;
  std::int64_t max_seq = 0;          // 0 when the owner has no records
};

// One connection with the server's statements; one thread at a time. `owner` is the user whose
// records are meant (see RequestContext::record_owner).
class ServerDb {
 public:
  explicit ServerDb(store::sqlite::Database db) : db_(std::move(db)) {}

  // Creates the tables when missing; refuses a file of another schema version (version 1, of
  // plain-text tokens and one shared sequence, with an error that says so).
  Status ensure_schema();
  // Records this file's place among the server's shards (shards.hpp) when it has none yet, else
  // refuses another: a file of records from before shards is shard 0 of 1.
  Status ensure_layout(int index, int count);

  Result<store::sqlite::Transaction> begin_write();  // BEGIN IMMEDIATE
  Result<store::sqlite::Transaction> begin_read();   // BEGIN DEFERRED: one snapshot
  // One request's part of a group's transaction (write_group.hpp).
  Status savepoint();
  Status release_savepoint();
  void rollback_to_savepoint();
  // False once SQLite has ended the transaction itself (it may, after SQLITE_FULL or an I/O error).
  bool in_transaction() const;

  Result<std::optional<Account>> account_by_token_hash(const TokenHash& hash);
  Result<std::optional<Account>> first_account();
  Status insert_account(const TokenHash& hash);
  Status set_public_key(std::int64_t user, std::string_view public_key);

  Result<std::optional<StoredRecord>> find_record(std::int64_t owner, std::string_view table,
                                                  std::string_view id);
  // Inserts or replaces (owner, table, id) with this content, version, seq and flag.
  Status put_record(std::int64_t owner, const protocol::EnvelopeView& envelope,
                    std::int64_t version, std::int64_t seq, bool conflicted);
  // Inserts records new to the owner as version 1, with seqs first_seq, first_seq + 1, ... in
  // one statement (1 to kMaxInsertRows): true. When the owner has any of them already, nothing
  // of the call stays and false: the caller takes them one by one. The usual push, all new
  // records, then costs one B-tree search per record and one statement per many.
  static constexpr std::size_t kMaxInsertRows = 100;
  // How many of `left` records the next run takes: 100, then powers of two, so that a
  // connection compiles eight of these statements, not one for each batch size.
  static std::size_t run_rows(std::size_t left) {
    return left >= kMaxInsertRows ? kMaxInsertRows : std::bit_floor(left);
  }
  Result<bool> insert_new_records(std::int64_t owner,
                                  std::span<const protocol::EnvelopeView> records,
                                  std::int64_t first_seq);
  Status set_conflicted(std::int64_t owner, std::string_view table, std::string_view id,
                        bool conflicted);

  // The commit sequence of one owner: its records' seqs and its cursors count its own writes
  // only, so a cursor never shows how much other accounts wrote (contract section 5).
  // next_seq() only inside a write transaction: seq order is then the owner's commit order.
  Result<std::int64_t> next_seq(std::int64_t owner);
  Status raise_seq(std::int64_t owner, std::int64_t at_least);
  Result<std::int64_t> current_seq(std::int64_t owner);  // 0 before the owner's first write
  Result<std::int64_t> highest_seq();                    // over all owners

  // Records with seq > since, at most `limit`, and stopping early once the ciphertexts of the
  // page pass `byte_budget` (a page holds at least one record).
  Result<RecordPage> page_after(std::int64_t owner, std::int64_t since, std::size_t limit,
                                bool include_tombstones, std::size_t byte_budget);
  Result<OwnerSummary> summary(std::int64_t owner);

 private:
  store::sqlite::Database db_;
};

class ServerStore {
 public:
  // Opens or creates the file and its schema. ":memory:" and "" are refused: every pooled
  // connection must see the same database.
  static Result<std::unique_ptr<ServerStore>> open(
      const std::filesystem::path& path,
      std::chrono::milliseconds busy_timeout = std::chrono::milliseconds(5000), bool create = true);

  // A pooled connection, returned to the pool when the lease ends.
  class Lease {
   public:
    Lease(ServerStore* store, std::unique_ptr<ServerDb> db) : store_(store), db_(std::move(db)) {}
    ~Lease();
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ServerDb& operator*() { return *db_; }
    ServerDb* operator->() { return db_.get(); }

   private:
    ServerStore* store_;
    std::unique_ptr<ServerDb> db_;
  };
  Result<Lease> acquire();

 private:
  ServerStore(std::filesystem::path path, store::sqlite::OpenOptions options)
      : path_(std::move(path)), options_(options) {}
  Result<std::unique_ptr<ServerDb>> connect() const;
  void give_back(std::unique_ptr<ServerDb> db);

  std::filesystem::path path_;
  store::sqlite::OpenOptions options_;  // WAL, synchronous=FULL, the busy timeout
  std::mutex mutex_;  // guards idle_ only; never held during a query
  std::vector<std::unique_ptr<ServerDb>> idle_;
};

}  // namespace syncsuite::server
