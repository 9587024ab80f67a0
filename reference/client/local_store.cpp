#include "reference/client/local_store.hpp"

#include <utility>

#include "reference/client/memory_store.hpp"
#include "reference/client/sqlite_local_store.hpp"

namespace syncsuite::client {

std::string_view to_string(RecordStatus status) {
  switch (status) {
    case RecordStatus::pending:
      return "pending";
    case RecordStatus::syncing:
      return "syncing";
    case RecordStatus::synced:
      return "synced";
    case RecordStatus::conflict:
      return "conflict";
  }
  return "pending";
}

std::optional<RecordStatus> parse_record_status(std::string_view text) {
  for (auto s : {RecordStatus::pending, RecordStatus::syncing, RecordStatus::synced,
                 RecordStatus::conflict}) {
    if (to_string(s) == text) return s;
  }
  return std::nullopt;
}

std::string_view to_string(StoreKind kind) {
  return kind == StoreKind::memory ? "memory" : "sqlite";
}

Result<std::unique_ptr<LocalStore>> LocalStore::open(const StoreOptions& options) {
  return open(StoreKind::sqlite, options);
}

Result<std::unique_ptr<LocalStore>> LocalStore::open(StoreKind kind, const StoreOptions& options) {
  if (kind == StoreKind::memory) {
    return std::unique_ptr<LocalStore>(MemoryLocalStore::create(options.device_id));
  }
  auto store = SqliteLocalStore::open(options);
  if (!store) return store.error();
  return std::unique_ptr<LocalStore>(std::move(store).value());
}

Result<LocalTransaction> LocalStore::transaction() {
  if (auto st = begin_transaction(); !st) return st.error();
  return LocalTransaction(this);
}

LocalTransaction::~LocalTransaction() { rollback(); }

LocalTransaction::LocalTransaction(LocalTransaction&& other) noexcept
    : store_(std::exchange(other.store_, nullptr)) {}

Status LocalTransaction::commit() {
  if (store_ == nullptr) return make_error("store", "local store: commit: no open transaction");
  // A failed commit leaves nothing open: the store rolls back what it could not commit.
  return std::exchange(store_, nullptr)->commit_transaction();
}

void LocalTransaction::rollback() {
  if (store_ != nullptr) std::exchange(store_, nullptr)->rollback_transaction();
}

}  // namespace syncsuite::client
