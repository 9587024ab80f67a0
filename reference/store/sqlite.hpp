#pragma once
// A small RAII layer over SQLite: Database (one connection), Statement (prepared, with sticky bind
// errors), CachedStatement (a per-connection compiled statement, reset when the lease ends) and
// Transaction (rolled back unless committed). Errors are Results, never exceptions. A Database is
// used by one thread at a time (opened SQLITE_OPEN_NOMUTEX); share a file, not a connection.
#include <chrono>
#include <cstdint>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "reference/core/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace syncsuite::store::sqlite {

// Error codes of the Results below.
inline constexpr std::string_view kBusy = "sqlite_busy";  // locked longer than the busy timeout
inline constexpr std::string_view kFull = "sqlite_full";  // disk or quota full
inline constexpr std::string_view kError = "sqlite";      // anything else
bool is_busy(const Error& error);

enum class Synchronous { off, normal, full };

struct OpenOptions {
  bool create = true;      // create the file when missing
  bool read_only = false;  // SQLITE_OPEN_READONLY (then `wal` only reads the existing mode)
  bool wal = true;         // journal_mode=WAL: readers never block the one writer
  Synchronous synchronous = Synchronous::full;  // full: a COMMIT is on disk when it returns
  std::chrono::milliseconds busy_timeout{5000};  // how long a locked write waits before kBusy
  bool foreign_keys = true;
  // Page size of a file this open creates (0: SQLite's default, 4096); an existing file keeps
  // its own.
  int page_size = 0;
  // Creates a missing file readable and writable by its owner only (0600). SQLite gives the
  // -wal and -shm files the mode of the database file, so they are private too.
  bool owner_only = false;
};

class Statement {
 public:
  Statement() = default;
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are 1-based, as in SQLite. A failed bind is remembered and reported by step().
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
  Statement& bind(int index, bool value) { return bind(index, std::int64_t{value ? 1 : 0}); }
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  // Binds without a copy (SQLITE_STATIC): `text` must stay alive and unchanged until reset(),
  // e.g. a CachedStatement leased, bound, stepped and released within one call.
  Statement& bind_view(int index, std::string_view text);
  Statement& bind(int index, std::nullopt_t);
  Statement& bind(int index, const std::optional<std::string>& text);
  Statement& bind_blob(int index, std::span<const std::uint8_t> bytes);

  // true: a row is ready to read; false: the statement is done.
  Result<bool> step();
  // Steps to the end, ignoring any rows (INSERT, UPDATE, DELETE, ...).
  Status run();
  // Back to before the first step, with all parameters cleared.
  void reset();

  // Columns are 0-based, as in SQLite; valid after step() returned true.
  std::int64_t column_int64(int index) const;
  bool column_bool(int index) const { return column_int64(index) != 0; }
  std::string column_text(int index) const;
  std::optional<std::string> column_optional_text(int index) const;
  std::vector<std::uint8_t> column_blob(int index) const;
  bool column_is_null(int index) const;
  std::size_t column_bytes(int index) const;  // size of a text or blob column, without reading it

 private:
  friend class Database;
  Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
  void note_bind(int rc, int index);
  Statement& bind_text(int index, std::string_view text, bool without_copy);

  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
  std::optional<Error> bind_error_;
};

// A statement borrowed from its connection's cache; reset on destruction so that it holds no
// read snapshot open between uses.
class CachedStatement {
 public:
  explicit CachedStatement(Statement* statement) : statement_(statement) {}
  ~CachedStatement();
  CachedStatement(CachedStatement&& other) noexcept;
  CachedStatement& operator=(CachedStatement&&) = delete;
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;
  Statement* operator->() { return statement_; }
  Statement& operator*() { return *statement_; }

 private:
  Statement* statement_;
};

class Database {
 public:
  static Result<Database> open(const std::filesystem::path& path, const OpenOptions& options = {});
  Database() = default;
  ~Database();
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  bool is_open() const { return db_ != nullptr; }
  // One or more statements without results (schema, PRAGMAs).
  Status exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);
  // Compiled once per connection and reused; at most one lease per SQL text at a time.
  Result<CachedStatement> cached(std::string_view sql);

  std::int64_t last_insert_rowid() const;
  std::int64_t changes() const;  // rows changed by the last INSERT/UPDATE/DELETE
  // False outside BEGIN ... COMMIT, and once SQLite has ended a transaction itself (it may, after
  // SQLITE_FULL or an I/O error).
  bool in_transaction() const;

 private:
  void close();

  // Looked up by string_view without building a key string: cached() runs once per statement.
  // The hash reads the length and three 8-byte samples, not the whole text (hashing hundreds of
  // bytes twice per pushed record showed in profiles); equality still compares every byte.
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const noexcept;
  };

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Statement>, SqlHash, std::equal_to<>> cache_;
};

enum class TransactionKind {
  deferred,   // takes the read snapshot at the first read: consistent multi-statement reads
  immediate,  // takes the write lock now: writers queue here, never fail half way with BUSY
  exclusive,
};

// Rolled back on destruction unless commit() succeeded. Must not outlive its Database.
class Transaction {
 public:
  static Result<Transaction> begin(Database& db, TransactionKind kind = TransactionKind::immediate);
  ~Transaction();
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Status commit();
  void rollback();

 private:
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;  // null once committed or rolled back
};

}  // namespace syncsuite::store::sqlite
