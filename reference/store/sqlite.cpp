#include "reference/store/sqlite.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <cstdlib>
#include <limits>
#include <utility>

namespace syncsuite::store::sqlite {
namespace {

// SQLite counts every allocation under a global mutex for sqlite3_memory_used(), which nothing
// here reads; off, the writers' many small allocations stop meeting on that lock. Only possible
// before SQLite initializes: when something else initialized it first, the setting is skipped.
void configure_library_once() {
  static const bool configured = [] {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  }();
  (void)configured;
}

Error make_sqlite_error(int rc, sqlite3* db, std::string_view what) {
  const int primary = rc & 0xff;
  std::string code(primary == SQLITE_BUSY || primary == SQLITE_LOCKED ? kBusy
                   : primary == SQLITE_FULL                           ? kFull
                                                                      : kError);
  std::string message(what);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return make_error(std::move(code), std::move(message));
}

int text_length(std::string_view text) {
  return text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())
             ? -1
             : static_cast<int>(text.size());
}

// Creates `path` empty with mode 0600 unless it exists (an empty file is an empty database), so
// that SQLite opens a file no one else can read instead of creating one with its default 0644.
Status create_owner_only(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
    return ok_status();
  }
  if (errno == EEXIST) return ok_status();
  return make_error(std::string(kError),
                    "open " + path.string() + ": cannot create it: " + std::strerror(errno));
}

}  // namespace

bool is_busy(const Error& error) { return error.code == kBusy; }

// ---- Statement ----

Statement::~Statement() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      db_(std::exchange(other.db_, nullptr)),
      bind_error_(std::move(other.bind_error_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
    db_ = std::exchange(other.db_, nullptr);
    bind_error_ = std::move(other.bind_error_);
  }
  return *this;
}

void Statement::note_bind(int rc, int index) {
  if (rc != SQLITE_OK && !bind_error_) {
    bind_error_ = make_sqlite_error(rc, db_, "bind parameter " + std::to_string(index));
  }
}

Statement& Statement::bind(int index, std::int64_t value) {
  note_bind(sqlite3_bind_int64(stmt_, index, value), index);
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  // SQLITE_TRANSIENT: SQLite copies, so the caller's buffer may die before step().
  return bind_text(index, text, false);
}

Statement& Statement::bind_view(int index, std::string_view text) {
  return bind_text(index, text, true);
}

Statement& Statement::bind_text(int index, std::string_view text, bool without_copy) {
  const int length = text_length(text);
  if (length < 0) {
    note_bind(SQLITE_TOOBIG, index);
    return *this;
  }
  note_bind(sqlite3_bind_text(stmt_, index, text.data(), length,
                              without_copy ? SQLITE_STATIC : SQLITE_TRANSIENT),
            index);
  return *this;
}

Statement& Statement::bind(int index, std::nullopt_t) {
  note_bind(sqlite3_bind_null(stmt_, index), index);
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& text) {
  return text ? bind(index, std::string_view(*text)) : bind(index, std::nullopt);
}

Statement& Statement::bind_blob(int index, std::span<const std::uint8_t> bytes) {
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    note_bind(SQLITE_TOOBIG, index);
    return *this;
  }
  note_bind(sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()),
                              SQLITE_TRANSIENT),
            index);
  return *this;
}

Result<bool> Statement::step() {
  if (bind_error_) return *bind_error_;
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return make_sqlite_error(rc, db_, std::string("step \"") + sqlite3_sql(stmt_) + "\"");
}

Status Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) return row.error();
    if (!*row) return ok_status();
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_.reset();
}

std::int64_t Statement::column_int64(int index) const {
  return sqlite3_column_int64(stmt_, index);
}

std::string Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(stmt_, index);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)));
}

std::optional<std::string> Statement::column_optional_text(int index) const {
  if (column_is_null(index)) return std::nullopt;
  return column_text(index);
}

std::vector<std::uint8_t> Statement::column_blob(int index) const {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, index));
  const auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index));
  if (data == nullptr) return {};
  return std::vector<std::uint8_t>(data, data + size);
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

std::size_t Statement::column_bytes(int index) const {
  return static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index));
}

// ---- CachedStatement ----

CachedStatement::~CachedStatement() {
  if (statement_ != nullptr) statement_->reset();
}

CachedStatement::CachedStatement(CachedStatement&& other) noexcept
    : statement_(std::exchange(other.statement_, nullptr)) {}

// ---- Database ----

std::size_t Database::SqlHash::operator()(std::string_view sql) const noexcept {
  std::size_t hash = sql.size();
  auto mix = [&hash](std::uint64_t chunk) {
    hash ^= chunk + 0x9e3779b97f4a7c15ULL + (hash << 6) + (hash >> 2);
  };
  if (sql.size() < 8) {
    for (char c : sql) mix(static_cast<unsigned char>(c));
    return hash;
  }
  std::uint64_t chunk = 0;
  for (const std::size_t at : {std::size_t{0}, (sql.size() - 8) / 2, sql.size() - 8}) {
    std::memcpy(&chunk, sql.data() + at, sizeof chunk);
    mix(chunk);
  }
  return hash;
}

Result<Database> Database::open(const std::filesystem::path& path, const OpenOptions& options) {
  int flags = SQLITE_OPEN_NOMUTEX;
  if (options.read_only) {
    flags |= SQLITE_OPEN_READONLY;
  } else {
    flags |= SQLITE_OPEN_READWRITE;
    if (options.create) flags |= SQLITE_OPEN_CREATE;
    if (options.create && options.owner_only && !path.empty() && path != ":memory:") {
      if (auto st = create_owner_only(path); !st) return st.error();
    }
  }
  configure_library_once();
  Database db;
  const int rc = sqlite3_open_v2(path.c_str(), &db.db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    auto error = make_sqlite_error(rc, db.db_, "open " + path.string());
    return error;  // ~Database closes the half-opened handle
  }
  sqlite3_extended_result_codes(db.db_, 1);
  sqlite3_busy_timeout(db.db_, static_cast<int>(options.busy_timeout.count()));
  std::string pragmas;
  // Before journal_mode: switching to WAL writes the first page, and then the size is fixed.
  if (options.page_size > 0 && !options.read_only) {
    pragmas += "PRAGMA page_size=" + std::to_string(options.page_size) + ";";
  }
  if (const char* x = std::getenv("XPRAGMA")) pragmas += x;
  if (options.wal && !options.read_only) pragmas += "PRAGMA journal_mode=WAL;";
  switch (options.synchronous) {
    case Synchronous::off: pragmas += "PRAGMA synchronous=OFF;"; break;
    case Synchronous::normal: pragmas += "PRAGMA synchronous=NORMAL;"; break;
    case Synchronous::full: pragmas += "PRAGMA synchronous=FULL;"; break;
  }
  pragmas += options.foreign_keys ? "PRAGMA foreign_keys=ON;" : "PRAGMA foreign_keys=OFF;";
  if (auto st = db.exec(pragmas); !st) return st.error();
  return db;
}

Database::~Database() { close(); }

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), cache_(std::move(other.cache_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    close();
    db_ = std::exchange(other.db_, nullptr);
    cache_ = std::move(other.cache_);
  }
  return *this;
}

void Database::close() {
  cache_.clear();  // statements first: sqlite3_close refuses a connection with live statements
  if (db_ != nullptr) sqlite3_close(std::exchange(db_, nullptr));
}

Status Database::exec(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    auto error = make_sqlite_error(rc, nullptr, "exec");
    error.message = "exec: " + detail;
    return error;
  }
  return ok_status();
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int length = text_length(sql);
  const int rc = sqlite3_prepare_v2(db_, sql.data(), length, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    if (stmt != nullptr) sqlite3_finalize(stmt);
    return make_sqlite_error(rc, db_, "prepare \"" + std::string(sql) + "\"");
  }
  return Statement(stmt, db_);
}

Result<CachedStatement> Database::cached(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    auto prepared = prepare(sql);
    if (!prepared) return prepared.error();
    it = cache_
             .emplace(std::string(sql), std::make_unique<Statement>(std::move(prepared).value()))
             .first;
  }
  return CachedStatement(it->second.get());
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

std::int64_t Database::changes() const { return sqlite3_changes64(db_); }

bool Database::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

// ---- Transaction ----

Result<Transaction> Transaction::begin(Database& db, TransactionKind kind) {
  const char* sql = kind == TransactionKind::deferred    ? "BEGIN DEFERRED"
                    : kind == TransactionKind::immediate ? "BEGIN IMMEDIATE"
                                                         : "BEGIN EXCLUSIVE";
  if (auto st = db.exec(sql); !st) return st.error();
  return Transaction(&db);
}

Transaction::~Transaction() { rollback(); }

Transaction::Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Status Transaction::commit() {
  if (db_ == nullptr) return make_error(std::string(kError), "commit: no open transaction");
  auto st = db_->exec("COMMIT");
  if (!st) {
    rollback();  // a failed COMMIT may leave the transaction open; never leave it dangling
    return st;
  }
  db_ = nullptr;
  return st;
}

void Transaction::rollback() {
  if (db_ != nullptr) {
    // Ignored on purpose: SQLite may already have rolled back (e.g. after SQLITE_FULL).
    (void)std::exchange(db_, nullptr)->exec("ROLLBACK");
  }
}

}  // namespace syncsuite::store::sqlite
