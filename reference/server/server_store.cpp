#include "reference/server/server_store.hpp"

#include <array>
#include <utility>

namespace syncsuite::server {
namespace sql = store::sqlite;
namespace {

// Version 2: a commit sequence per record owner (`seqs`), and tokens kept only as hashes.
// Version 1 had one sequence for all accounts and tokens in plain text: it is refused, not
// migrated, since its freed pages would still hold the tokens.
constexpr int kSchemaVersion = 2;
constexpr int kPlainTokenSchemaVersion = 1;

// Small columns first: reading `conflicted` or `deleted` never walks a ciphertext's overflow pages.
constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS seqs(
  owner INTEGER PRIMARY KEY,
  value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS accounts(
  user INTEGER PRIMARY KEY,
  token_hash BLOB NOT NULL UNIQUE,
  public_key TEXT);
CREATE TABLE IF NOT EXISTS records(
  owner INTEGER NOT NULL,
  tbl TEXT NOT NULL,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  conflicted INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  nonce TEXT NOT NULL,
  ciphertext TEXT NOT NULL,
  UNIQUE(owner, tbl, id));
CREATE UNIQUE INDEX IF NOT EXISTS records_by_seq ON records(owner, seq);
CREATE TABLE IF NOT EXISTS layout(
  shard INTEGER NOT NULL,
  shards INTEGER NOT NULL);
)sql";

constexpr std::string_view kRecordColumns =
    "tbl, id, version, seq, conflicted, deleted, updated_at, nonce, ciphertext";

StoredRecord read_record(sql::Statement& s) {
  StoredRecord r;
  r.envelope.table = s.column_text(0);
  r.envelope.id = s.column_text(1);
  r.envelope.version = s.column_int64(2);
  r.seq = s.column_int64(3);
  r.conflicted = s.column_bool(4);
  r.envelope.deleted = s.column_bool(5);
  r.envelope.updated_at = s.column_text(6);
  r.envelope.nonce = s.column_text(7);
  r.envelope.ciphertext = s.column_text(8);
  return r;
}

Result<std::optional<Account>> read_account(sql::Statement& s) {
  auto row = s.step();
  if (!row) return row.error();
  if (!*row) return std::optional<Account>();
  return std::optional<Account>(Account{s.column_int64(0), s.column_optional_text(1)});
}

Result<std::int64_t> single_int(sql::Statement& s) {
  auto row = s.step();
  if (!row) return row.error();
  if (!*row) return make_error(std::string(sql::kError), "expected one row, got none");
  return s.column_int64(0);
}

}  // namespace

// ---- ServerDb ----

Status ServerDb::ensure_schema() {
  auto tx = begin_write();
  if (!tx) return tx.error();
  auto version = db_.prepare("PRAGMA user_version");
  if (!version) return version.error();
  auto found = single_int(*version);
  if (!found) return found.error();
  if (*found == kPlainTokenSchemaVersion) {
    return make_error("bad_schema",
                      "the database has schema version 1 of an older syncsuite (tokens in plain "
                      "text, one cursor sequence for all accounts); this server uses version " +
                          std::to_string(kSchemaVersion) +
                          " and does not convert it: start it on a new --db file");
  }
  if (*found != 0 && *found != kSchemaVersion) {
    return make_error("bad_schema", "the database has schema version " + std::to_string(*found) +
                                        ", this server knows version " +
                                        std::to_string(kSchemaVersion));
  }
  version->reset();
  if (auto st = db_.exec(kSchema); !st) return st;
  if (auto st = db_.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion)); !st) {
    return st;
  }
  return tx->commit();
}

Status ServerDb::ensure_layout(int index, int count) {
  auto tx = begin_write();
  if (!tx) return tx.error();
  auto read = db_.prepare("SELECT shard, shards FROM layout");
  if (!read) return read.error();
  auto row = read->step();
  if (!row) return row.error();
  std::int64_t shard = index;
  std::int64_t shards = count;
  if (*row) {
    shard = read->column_int64(0);
    shards = read->column_int64(1);
  } else {
    auto any = db_.prepare("SELECT EXISTS(SELECT 1 FROM records)");
    if (!any) return any.error();
    auto has_records = single_int(*any);
    if (!has_records) return has_records.error();
    if (*has_records != 0) {
      shard = 0;  // written before shards existed: the one file of one shard
      shards = 1;
    }
    auto write = db_.prepare("INSERT INTO layout(shard, shards) VALUES(?, ?)");
    if (!write) return write.error();
    write->bind(1, shard).bind(2, shards);
    if (auto st = write->run(); !st) return st;
  }
  read->reset();
  if (shard != index || shards != count) {
    return make_error("bad_shards", "the file is shard " + std::to_string(shard) + " of " +
                                        std::to_string(shards) + " shards, not " +
                                        std::to_string(index) + " of " + std::to_string(count) +
                                        ": start the server with the shard count its files were "
                                        "created with (" +
                                        std::to_string(shards) + ")");
  }
  return tx->commit();
}

Result<sql::Transaction> ServerDb::begin_write() {
  return sql::Transaction::begin(db_, sql::TransactionKind::immediate);
}

Result<sql::Transaction> ServerDb::begin_read() {
  return sql::Transaction::begin(db_, sql::TransactionKind::deferred);
}

Status ServerDb::savepoint() { return db_.exec("SAVEPOINT request"); }

Status ServerDb::release_savepoint() { return db_.exec("RELEASE request"); }

void ServerDb::rollback_to_savepoint() {
  // Ignored on purpose: when SQLite has already rolled back, in_transaction() tells.
  (void)db_.exec("ROLLBACK TO request");
  (void)db_.exec("RELEASE request");
}

bool ServerDb::in_transaction() const { return db_.in_transaction(); }

Result<std::optional<Account>> ServerDb::account_by_token_hash(const TokenHash& hash) {
  auto s = db_.cached("SELECT user, public_key FROM accounts WHERE token_hash = ?");
  if (!s) return s.error();
  (*s)->bind_blob(1, hash);
  return read_account(**s);
}

Result<std::optional<Account>> ServerDb::first_account() {
  auto s = db_.cached("SELECT user, public_key FROM accounts ORDER BY user LIMIT 1");
  if (!s) return s.error();
  return read_account(**s);
}

Status ServerDb::insert_account(const TokenHash& hash) {
  auto s = db_.cached("INSERT INTO accounts(token_hash) VALUES(?)");
  if (!s) return s.error();
  (*s)->bind_blob(1, hash);
  return (*s)->run();
}

Status ServerDb::set_public_key(std::int64_t user, std::string_view public_key) {
  auto s = db_.cached("UPDATE accounts SET public_key = ? WHERE user = ?");
  if (!s) return s.error();
  (*s)->bind(1, public_key).bind(2, user);
  return (*s)->run();
}

Result<std::optional<StoredRecord>> ServerDb::find_record(std::int64_t owner,
                                                          std::string_view table,
                                                          std::string_view id) {
  static const std::string sql = "SELECT " + std::string(kRecordColumns) +
                                 " FROM records WHERE owner = ? AND tbl = ? AND id = ?";
  auto s = db_.cached(sql);
  if (!s) return s.error();
  (*s)->bind(1, owner).bind(2, table).bind(3, id);
  auto row = (*s)->step();
  if (!row) return row.error();
  if (!*row) return std::optional<StoredRecord>();
  return std::optional<StoredRecord>(read_record(**s));
}

namespace {

constexpr std::string_view kInsertRecord =
    "INSERT INTO records(owner, tbl, id, version, seq, conflicted, deleted, updated_at, nonce, "
    "ciphertext) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ";

// The envelope's texts are bound without copies: they outlive the statement's lease.
// Parameters at+1 .. at+10 (a row of a VALUES list).
void bind_record(sql::Statement& s, int at, std::int64_t owner, const protocol::EnvelopeView& e,
                 std::int64_t version, std::int64_t seq, bool conflicted) {
  s.bind(at + 1, owner)
      .bind_view(at + 2, e.table)
      .bind_view(at + 3, e.id)
      .bind(at + 4, version)
      .bind(at + 5, seq)
      .bind(at + 6, conflicted)
      .bind(at + 7, e.deleted)
      .bind_view(at + 8, e.updated_at)
      .bind_view(at + 9, e.nonce)
      .bind_view(at + 10, e.ciphertext);
}

}  // namespace

Status ServerDb::put_record(std::int64_t owner, const protocol::EnvelopeView& e,
                            std::int64_t version, std::int64_t seq, bool conflicted) {
  static const std::string sql = std::string(kInsertRecord) +
                                 "ON CONFLICT(owner, tbl, id) DO UPDATE SET version = "
                                 "excluded.version, seq = excluded.seq, conflicted = "
                                 "excluded.conflicted, deleted = excluded.deleted, updated_at = "
                                 "excluded.updated_at, nonce = excluded.nonce, ciphertext = "
                                 "excluded.ciphertext";
  auto s = db_.cached(sql);
  if (!s) return s.error();
  bind_record(**s, 0, owner, e, version, seq, conflicted);
  return (*s)->run();
}

Result<bool> ServerDb::insert_new_records(std::int64_t owner,
                                          std::span<const protocol::EnvelopeView> records,
                                          std::int64_t first_seq) {
  if (records.empty() || records.size() > kMaxInsertRows) {
    return make_error(std::string(sql::kError), "insert_new_records: 1 to " +
                                                    std::to_string(kMaxInsertRows) + " rows");
  }
  // One statement per row count, each a VALUES list of that many rows.
  static const auto statements = [] {
    std::array<std::string, kMaxInsertRows + 1> texts;
    for (std::size_t rows = 1; rows <= kMaxInsertRows; ++rows) {
      std::string& text = texts[rows];
      text = kInsertRecord;
      for (std::size_t row = 1; row < rows; ++row) text += ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
      text += " ON CONFLICT(owner, tbl, id) DO NOTHING";
    }
    return texts;
  }();
  auto s = db_.cached(statements[records.size()]);
  if (!s) return s.error();
  for (std::size_t row = 0; row < records.size(); ++row) {
    bind_record(**s, static_cast<int>(row * 10), owner, records[row], 1,
                first_seq + static_cast<std::int64_t>(row), false);
  }
  if (auto st = (*s)->run(); !st) return st.error();
  if (db_.changes() == static_cast<std::int64_t>(records.size())) return true;
  // Some were stored already: take back the rows this call inserted. Their seqs are the
  // owner's newest, above every stored record's.
  auto undo = db_.cached("DELETE FROM records WHERE owner = ? AND seq >= ? AND seq < ?");
  if (!undo) return undo.error();
  (*undo)->bind(1, owner).bind(2, first_seq).bind(3,
                                                  first_seq + static_cast<std::int64_t>(records.size()));
  if (auto st = (*undo)->run(); !st) return st.error();
  return false;
}

Status ServerDb::set_conflicted(std::int64_t owner, std::string_view table, std::string_view id,
                                bool conflicted) {
  auto s = db_.cached("UPDATE records SET conflicted = ? WHERE owner = ? AND tbl = ? AND id = ?");
  if (!s) return s.error();
  (*s)->bind(1, conflicted).bind(2, owner).bind(3, table).bind(4, id);
  return (*s)->run();
}

Result<std::int64_t> ServerDb::next_seq(std::int64_t owner) {
  auto s = db_.cached(
      "INSERT INTO seqs(owner, value) VALUES(?, 1) "
      "ON CONFLICT(owner) DO UPDATE SET value = value + 1 RETURNING value");
  if (!s) return s.error();
  (*s)->bind(1, owner);
  auto value = single_int(**s);
  if (!value) return value;
  if (auto done = (*s)->run(); !done) return done.error();
  return value;
}

Status ServerDb::raise_seq(std::int64_t owner, std::int64_t at_least) {
  auto s = db_.cached(
      "INSERT INTO seqs(owner, value) VALUES(?, ?) "
      "ON CONFLICT(owner) DO UPDATE SET value = max(value, excluded.value)");
  if (!s) return s.error();
  (*s)->bind(1, owner).bind(2, at_least);
  return (*s)->run();
}

Result<std::int64_t> ServerDb::current_seq(std::int64_t owner) {
  auto s = db_.cached("SELECT coalesce((SELECT value FROM seqs WHERE owner = ?), 0)");
  if (!s) return s.error();
  (*s)->bind(1, owner);
  return single_int(**s);
}

Result<std::int64_t> ServerDb::highest_seq() {
  auto s = db_.cached("SELECT coalesce(max(value), 0) FROM seqs");
  if (!s) return s.error();
  return single_int(**s);
}

Result<RecordPage> ServerDb::page_after(std::int64_t owner, std::int64_t since, std::size_t limit,
                                        bool include_tombstones, std::size_t byte_budget) {
  static const std::string sql = "SELECT " + std::string(kRecordColumns) +
                                 " FROM records WHERE owner = ? AND seq > ? AND (? OR deleted = 0) "
                                 "ORDER BY seq";
  auto s = db_.cached(sql);
  if (!s) return s.error();
  (*s)->bind(1, owner).bind(2, since).bind(3, include_tombstones);
  RecordPage page;
  std::size_t bytes = 0;
  for (;;) {
    auto row = (*s)->step();
    if (!row) return row.error();
    if (!*row) break;
    const std::int64_t seq = (*s)->column_int64(3);
    const auto size = static_cast<std::size_t>((*s)->column_bytes(8));
    if (page.records.size() == limit || (!page.records.empty() && bytes + size > byte_budget)) {
      page.has_more = true;
      page.next_seq = seq;
      break;
    }
    bytes += size;
    page.records.push_back(read_record(**s));
  }
  return page;
}

Result<OwnerSummary> ServerDb::summary(std::int64_t owner) {
  auto s = db_.cached(
      "SELECT count(*), coalesce(sum(deleted = 0), 0), coalesce(sum(conflicted), 0), "
      "coalesce(max(seq), 0) FROM records WHERE owner = ?");
  if (!s) return s.error();
  (*s)->bind(1, owner);
  auto row = (*s)->step();
  if (!row) return row.error();
  if (!*row) return make_error(std::string(sql::kError), "summary: no row");
  return OwnerSummary{(*s)->column_int64(0), (*s)->column_int64(1), (*s)->column_int64(2),
                      (*s)->column_int64(3)};
}

// ---- ServerStore ----

Result<std::unique_ptr<ServerStore>> ServerStore::open(const std::filesystem::path& path,
                                                       std::chrono::milliseconds busy_timeout,
                                                       bool create) {
  if (path.empty() || path == ":memory:") {
    return make_error("bad_path", "the server needs a database file path (not \"" +
                                      path.string() + "\"): its threads share one file");
  }
  sql::OpenOptions options;  // defaults: create, WAL, synchronous=FULL, foreign keys
  options.busy_timeout = busy_timeout;
  options.create = create;
  // 16 KiB pages: a 500-record push writes a quarter of the WAL frames (two writes each) and
  // the B-trees are shallower; measured 4-5 % more pushed records/s than 4 KiB (bench/README.md).
  options.page_size = 16384;
  options.owner_only = true;  // token hashes and ciphertexts: no one else's to read
  std::unique_ptr<ServerStore> store(new ServerStore(path, options));
  auto db = store->connect();
  if (!db) return db.error();
  if (auto st = (*db)->ensure_schema(); !st) return st.error();
  store->give_back(std::move(db).value());
  return store;
}

Result<std::unique_ptr<ServerDb>> ServerStore::connect() const {
  auto db = sql::Database::open(path_, options_);
  if (!db) return db.error();
  return std::make_unique<ServerDb>(std::move(db).value());
}

Result<ServerStore::Lease> ServerStore::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto db = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(db));
    }
  }
  auto db = connect();  // outside the lock: opening runs PRAGMAs on the file
  if (!db) return db.error();
  return Lease(this, std::move(db).value());
}

void ServerStore::give_back(std::unique_ptr<ServerDb> db) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(db));
}

ServerStore::Lease::~Lease() {
  if (db_ != nullptr) store_->give_back(std::move(db_));
}

}  // namespace syncsuite::server
