#include "reference/client/sqlite_local_store.hpp"

#include <utility>

namespace syncsuite::client {
namespace {

using store::sqlite::Database;
using store::sqlite::Statement;
using store::sqlite::Transaction;

// SQLite reserves names starting with "sqlite_"; such a record table lives under "_" + name,
// which no valid table name (^[a-z]...) can collide with. Names are validated before they get
// here, so quoting them is safe.
std::string sql_name(std::string_view table) {
  std::string name;
  if (table.starts_with("sqlite_")) name = "_";
  name += table;
  return "\"" + name + "\"";
}

constexpr std::string_view kColumns =
    "id, data, updated_at, deleted, syncStatus, version, nonce, ciphertext, server_data, "
    "server_updated_at, server_deleted, server_nonce, server_ciphertext, server_version";

std::string create_table_sql(std::string_view table) {
  return "CREATE TABLE IF NOT EXISTS " + sql_name(table) +
         " (id TEXT PRIMARY KEY NOT NULL,"
         " data TEXT NOT NULL,"  // plaintext JSON object
         " updated_at TEXT NOT NULL,"
         " deleted INTEGER NOT NULL DEFAULT 0,"
         " syncStatus TEXT NOT NULL DEFAULT 'pending'"
         "  CHECK (syncStatus IN ('pending', 'syncing', 'synced', 'conflict')),"
         " version INTEGER,"  // latest server version known; NULL before the first sync
         " nonce TEXT NOT NULL,"
         " ciphertext TEXT NOT NULL,"
         // The server's copy while in conflict; all NULL otherwise.
         " server_data TEXT, server_updated_at TEXT, server_deleted INTEGER,"
         " server_nonce TEXT, server_ciphertext TEXT, server_version INTEGER)";
}

Error store_error(const Error& e) { return make_error("store", "local store: " + e.message); }

void bind_optional(Statement& st, int index, const std::optional<std::int64_t>& value) {
  if (value) {
    st.bind(index, *value);
  } else {
    st.bind(index, std::nullopt);
  }
}

std::optional<std::int64_t> column_optional_int64(const Statement& st, int index) {
  if (st.column_is_null(index)) return std::nullopt;
  return st.column_int64(index);
}

Result<StoredRecord> read_row(const Statement& st, const std::string& table) {
  StoredRecord r;
  r.envelope.table = table;
  r.envelope.id = st.column_text(0);
  r.data = st.column_text(1);
  r.envelope.updated_at = st.column_text(2);
  r.envelope.deleted = st.column_bool(3);
  auto status = parse_record_status(st.column_text(4));
  if (!status) return make_error("store", "local store: bad syncStatus in " + table);
  r.status = *status;
  r.envelope.version = column_optional_int64(st, 5);
  r.envelope.nonce = st.column_text(6);
  r.envelope.ciphertext = st.column_text(7);
  if (!st.column_is_null(8)) {
    ServerCopy copy;
    copy.data = st.column_text(8);
    copy.envelope.table = table;
    copy.envelope.id = r.envelope.id;
    copy.envelope.updated_at = st.column_text(9);
    copy.envelope.deleted = st.column_bool(10);
    copy.envelope.nonce = st.column_text(11);
    copy.envelope.ciphertext = st.column_text(12);
    copy.envelope.version = column_optional_int64(st, 13);
    r.server = std::move(copy);
  }
  return r;
}

}  // namespace

Result<std::unique_ptr<SqliteLocalStore>> SqliteLocalStore::open(const StoreOptions& options) {
  store::sqlite::OpenOptions open_options;
  // Rollback journal, not WAL: one file descriptor per device instead of three, which matters
  // when one process drives thousands of devices. Nothing else reads a device's file.
  open_options.wal = false;
  open_options.synchronous =
      options.durable ? store::sqlite::Synchronous::full : store::sqlite::Synchronous::off;
  auto db = Database::open(options.path, open_options);
  if (!db) return store_error(db.error());
  std::unique_ptr<SqliteLocalStore> local(new SqliteLocalStore(std::move(db).value()));
  if (auto st = local->create_schema(options.device_id); !st) return st.error();
  if (auto st = local->load_tables(); !st) return st.error();
  if (auto st = local->reset_syncing(); !st) return st.error();
  return local;
}

Status SqliteLocalStore::create_schema(const std::string& device_id) {
  auto txn = Transaction::begin(db_);
  if (!txn) return store_error(txn.error());
  // Names starting with "_" are outside the record-table pattern: no clash with record tables.
  if (auto st =
          db_.exec("CREATE TABLE IF NOT EXISTS _sync_meta (key TEXT PRIMARY KEY NOT NULL,"
                   " value TEXT NOT NULL);"
                   "CREATE TABLE IF NOT EXISTS _sync_tables (name TEXT PRIMARY KEY NOT NULL);");
      !st) {
    return store_error(st.error());
  }
  for (auto table : kDefaultTables) {
    if (auto st = db_.exec(create_table_sql(table)); !st) return store_error(st.error());
    auto reg = db_.cached("INSERT OR IGNORE INTO _sync_tables (name) VALUES (?)");
    if (!reg) return store_error(reg.error());
    if (auto st = (*reg)->bind(1, table).run(); !st) return store_error(st.error());
  }
  auto owner = meta("device_id");
  if (!owner) return owner.error();
  if (!*owner) {
    if (auto st = set_meta("device_id", device_id); !st) return st;
  } else if (**owner != device_id) {
    return make_error(
        "store", "local store belongs to device \"" + **owner + "\", not \"" + device_id + "\"");
  }
  if (auto st = txn->commit(); !st) return store_error(st.error());
  return ok_status();
}

Status SqliteLocalStore::load_tables() {
  auto st = db_.prepare("SELECT name FROM _sync_tables ORDER BY rowid");
  if (!st) return store_error(st.error());
  tables_.clear();
  for (;;) {
    auto row = st->step();
    if (!row) return store_error(row.error());
    if (!*row) break;
    tables_.push_back(st->column_text(0));
  }
  return ok_status();
}

Status SqliteLocalStore::ensure_table(std::string_view table) {
  if (!protocol::valid_table(table)) {
    return make_error("bad_argument", "table must match ^[a-z][a-z0-9_]{0,63}$");
  }
  for (const auto& t : tables_) {
    if (t == table) return ok_status();
  }
  auto txn = Transaction::begin(db_);
  if (!txn) return store_error(txn.error());
  if (auto st = db_.exec(create_table_sql(table)); !st) return store_error(st.error());
  auto reg = db_.cached("INSERT OR IGNORE INTO _sync_tables (name) VALUES (?)");
  if (!reg) return store_error(reg.error());
  if (auto st = (*reg)->bind(1, table).run(); !st) return store_error(st.error());
  if (auto st = txn->commit(); !st) return store_error(st.error());
  tables_.emplace_back(table);
  return ok_status();
}

Result<std::optional<StoredRecord>> SqliteLocalStore::find(std::string_view table,
                                                           std::string_view id) {
  if (!protocol::valid_table(table)) return std::optional<StoredRecord>();
  bool known = false;
  for (const auto& t : tables_) known = known || t == table;
  if (!known) return std::optional<StoredRecord>();
  auto st =
      db_.cached("SELECT " + std::string(kColumns) + " FROM " + sql_name(table) + " WHERE id = ?");
  if (!st) return store_error(st.error());
  (*st)->bind(1, id);
  auto row = (*st)->step();
  if (!row) return store_error(row.error());
  if (!*row) return std::optional<StoredRecord>();
  auto record = read_row(**st, std::string(table));
  if (!record) return record.error();
  return std::optional<StoredRecord>(std::move(record).value());
}

Status SqliteLocalStore::write(const StoredRecord& r) {
  const auto& e = r.envelope;
  if (!protocol::valid_table(e.table)) {
    return make_error("bad_argument", "table must match ^[a-z][a-z0-9_]{0,63}$");
  }
  auto st = db_.cached("INSERT INTO " + sql_name(e.table) + " (" + std::string(kColumns) +
                       ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                       " ON CONFLICT(id) DO UPDATE SET data = excluded.data,"
                       " updated_at = excluded.updated_at, deleted = excluded.deleted,"
                       " syncStatus = excluded.syncStatus, version = excluded.version,"
                       " nonce = excluded.nonce, ciphertext = excluded.ciphertext,"
                       " server_data = excluded.server_data,"
                       " server_updated_at = excluded.server_updated_at,"
                       " server_deleted = excluded.server_deleted,"
                       " server_nonce = excluded.server_nonce,"
                       " server_ciphertext = excluded.server_ciphertext,"
                       " server_version = excluded.server_version");
  if (!st) return store_error(st.error());
  auto& s = **st;
  s.bind(1, e.id).bind(2, r.data).bind(3, e.updated_at).bind(4, std::int64_t{e.deleted ? 1 : 0});
  s.bind(5, to_string(r.status));
  bind_optional(s, 6, e.version);
  s.bind(7, e.nonce).bind(8, e.ciphertext);
  if (r.server) {
    const auto& c = r.server->envelope;
    s.bind(9, r.server->data).bind(10, c.updated_at).bind(11, std::int64_t{c.deleted ? 1 : 0});
    s.bind(12, c.nonce).bind(13, c.ciphertext);
    bind_optional(s, 14, c.version);
  } else {
    for (int i = 9; i <= 14; ++i) s.bind(i, std::nullopt);
  }
  if (auto done = s.run(); !done) return store_error(done.error());
  return ok_status();
}

Result<std::vector<StoredRecord>> SqliteLocalStore::list_records(std::optional<RecordStatus> only) {
  std::vector<StoredRecord> out;
  for (const auto& table : tables_) {
    std::string sql = "SELECT " + std::string(kColumns) + " FROM " + sql_name(table);
    if (only) sql += " WHERE syncStatus = ?";
    sql += " ORDER BY rowid";
    auto st = db_.cached(sql);
    if (!st) return store_error(st.error());
    if (only) (*st)->bind(1, to_string(*only));
    for (;;) {
      auto row = (*st)->step();
      if (!row) return store_error(row.error());
      if (!*row) break;
      auto record = read_row(**st, table);
      if (!record) return record.error();
      out.push_back(std::move(record).value());
    }
  }
  return out;
}

Result<std::size_t> SqliteLocalStore::count(RecordStatus status) {
  std::size_t total = 0;
  for (const auto& table : tables_) {
    auto st = db_.cached("SELECT count(*) FROM " + sql_name(table) + " WHERE syncStatus = ?");
    if (!st) return store_error(st.error());
    (*st)->bind(1, to_string(status));
    auto row = (*st)->step();
    if (!row) return store_error(row.error());
    if (*row) total += static_cast<std::size_t>((*st)->column_int64(0));
  }
  return total;
}

Result<std::vector<RecordKey>> SqliteLocalStore::begin_push() {
  auto txn = Transaction::begin(db_);
  if (!txn) return store_error(txn.error());
  std::vector<RecordKey> keys;
  for (const auto& table : tables_) {
    {
      auto st = db_.cached("SELECT id FROM " + sql_name(table) +
                           " WHERE syncStatus = 'pending' ORDER BY rowid");
      if (!st) return store_error(st.error());
      for (;;) {
        auto row = (*st)->step();
        if (!row) return store_error(row.error());
        if (!*row) break;
        keys.push_back(RecordKey{table, (*st)->column_text(0)});
      }
    }
    if (auto st = db_.exec("UPDATE " + sql_name(table) +
                           " SET syncStatus = 'syncing' WHERE syncStatus = 'pending'");
        !st) {
      return store_error(st.error());
    }
  }
  if (auto st = txn->commit(); !st) return store_error(st.error());
  return keys;
}

Status SqliteLocalStore::reset_syncing() {
  auto txn = Transaction::begin(db_);
  if (!txn) return store_error(txn.error());
  for (const auto& table : tables_) {
    if (auto st = db_.exec("UPDATE " + sql_name(table) +
                           " SET syncStatus = 'pending' WHERE syncStatus = 'syncing'");
        !st) {
      return store_error(st.error());
    }
  }
  if (auto st = txn->commit(); !st) return store_error(st.error());
  return ok_status();
}

Result<std::optional<std::string>> SqliteLocalStore::meta(std::string_view key) {
  auto st = db_.cached("SELECT value FROM _sync_meta WHERE key = ?");
  if (!st) return store_error(st.error());
  (*st)->bind(1, key);
  auto row = (*st)->step();
  if (!row) return store_error(row.error());
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>((*st)->column_text(0));
}

Status SqliteLocalStore::set_meta(std::string_view key, std::string_view value) {
  auto st = db_.cached(
      "INSERT INTO _sync_meta (key, value) VALUES (?, ?)"
      " ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!st) return store_error(st.error());
  if (auto done = (*st)->bind(1, key).bind(2, value).run(); !done) {
    return store_error(done.error());
  }
  return ok_status();
}

Status SqliteLocalStore::begin_transaction() {
  if (txn_) return make_error("store", "local store: a transaction is already open");
  auto txn = Transaction::begin(db_);
  if (!txn) return store_error(txn.error());
  txn_.emplace(std::move(txn).value());
  return ok_status();
}

Status SqliteLocalStore::commit_transaction() {
  if (!txn_) return make_error("store", "local store: commit: no open transaction");
  auto st = txn_->commit();  // rolls back itself when COMMIT fails
  txn_.reset();
  if (!st) return store_error(st.error());
  return ok_status();
}

void SqliteLocalStore::rollback_transaction() { txn_.reset(); }

}  // namespace syncsuite::client
