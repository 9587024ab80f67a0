#include "reference/client/memory_store.hpp"

#include <functional>

#include "reference/client/packed_record.hpp"

namespace syncsuite::client {
namespace {

Error bad_table() { return make_error("bad_argument", "table must match ^[a-z][a-z0-9_]{0,63}$"); }

std::size_t hash_id(std::string_view id) { return std::hash<std::string_view>{}(id); }

// Row numbers by id, open addressing with linear probing. Rows are never removed except by a
// rollback, which rebuilds the index.
std::optional<std::size_t> find_row(const std::vector<std::string>& rows,
                                    const std::vector<std::uint32_t>& slots, std::string_view id) {
  if (slots.empty()) return std::nullopt;
  const std::size_t mask = slots.size() - 1;
  for (std::size_t i = hash_id(id) & mask;; i = (i + 1) & mask) {
    const std::uint32_t slot = slots[i];
    if (slot == 0) return std::nullopt;
    if (packed::id_of(rows[slot - 1]) == id) return slot - 1;
  }
}

void index_row(std::vector<std::uint32_t>& slots, std::string_view id, std::size_t row) {
  const std::size_t mask = slots.size() - 1;
  std::size_t i = hash_id(id) & mask;
  while (slots[i] != 0) i = (i + 1) & mask;
  slots[i] = static_cast<std::uint32_t>(row + 1);
}

// At most 3/4 full, so that probes stay short.
void reindex(const std::vector<std::string>& rows, std::vector<std::uint32_t>& slots) {
  std::size_t size = 0;
  if (!rows.empty()) {
    size = 8;
    while (size * 3 < rows.size() * 4) size *= 2;
  }
  std::vector<std::uint32_t>(size, 0).swap(slots);
  for (std::size_t r = 0; r < rows.size(); ++r) index_row(slots, packed::id_of(rows[r]), r);
}

// Heap bytes behind a string (none while it fits in the object itself).
std::size_t heap_bytes(const std::string& s) {
  const auto* object = reinterpret_cast<const char*>(&s);
  const bool inline_buffer = s.data() >= object && s.data() < object + sizeof(s);
  return inline_buffer ? 0 : s.capacity() + 1;
}

}  // namespace

std::unique_ptr<MemoryLocalStore> MemoryLocalStore::create(std::string device_id) {
  std::unique_ptr<MemoryLocalStore> store(new MemoryLocalStore());
  store->names_.assign(kDefaultTables.begin(), kDefaultTables.end());
  store->tables_.resize(kDefaultTables.size());
  store->meta_.emplace_back("device_id", std::move(device_id));
  return store;
}

std::optional<std::size_t> MemoryLocalStore::table_index(std::string_view table) const {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == table) return i;
  }
  return std::nullopt;
}

// As in the SQLite store, where these open a transaction of their own and SQLite refuses to
// nest one: one behaviour whatever the store.
Status MemoryLocalStore::refuse_in_transaction(std::string_view what) const {
  if (!undo_) return ok_status();
  return make_error("store", "local store: " + std::string(what) + " inside a transaction");
}

Status MemoryLocalStore::ensure_table(std::string_view table) {
  if (!protocol::valid_table(table)) return bad_table();
  if (table_index(table)) return ok_status();
  if (auto st = refuse_in_transaction("creating a table"); !st) return st;
  names_.emplace_back(table);
  tables_.emplace_back();
  return ok_status();
}

Result<std::optional<StoredRecord>> MemoryLocalStore::find(std::string_view table,
                                                           std::string_view id) {
  const auto t = table_index(table);
  if (!t) return std::optional<StoredRecord>();
  const auto& rows = tables_[*t].rows;
  const auto row = find_row(rows, tables_[*t].slots, id);
  if (!row) return std::optional<StoredRecord>();
  return std::optional<StoredRecord>(packed::unpack(rows[*row], names_[*t]));
}

Status MemoryLocalStore::write(const StoredRecord& record) {
  const auto& table = record.envelope.table;
  if (!protocol::valid_table(table)) return bad_table();
  const auto t = table_index(table);
  if (!t) return make_error("store", "local store: no such table: " + table);
  Table& target = tables_[*t];
  std::string row = packed::pack(record);
  if (const auto at = find_row(target.rows, target.slots, record.envelope.id)) {
    std::swap(target.rows[*at], row);  // `row` now holds the previous state
    // A row added in this transaction goes whole on rollback: no need to remember its states.
    if (undo_ && *at < undo_->row_counts[*t]) {
      undo_->overwritten.push_back(Overwritten{*t, *at, std::move(row)});
    }
    return ok_status();
  }
  if (target.rows.size() >= UINT32_MAX - 1) return make_error("store", "local store: table full");
  auto& rows = target.rows;
  if (rows.size() == rows.capacity()) rows.reserve(rows.size() + rows.size() / 2 + 4);  // not 2x
  rows.push_back(std::move(row));
  if (rows.size() * 4 > target.slots.size() * 3) {
    reindex(rows, target.slots);
  } else {
    index_row(target.slots, record.envelope.id, rows.size() - 1);
  }
  return ok_status();
}

Result<std::vector<StoredRecord>> MemoryLocalStore::list_records(std::optional<RecordStatus> only) {
  std::vector<StoredRecord> out;
  for (std::size_t t = 0; t < tables_.size(); ++t) {
    for (const auto& row : tables_[t].rows) {
      if (only && packed::status_of(row) != *only) continue;
      out.push_back(packed::unpack(row, names_[t]));
    }
  }
  return out;
}

Result<std::size_t> MemoryLocalStore::count(RecordStatus status) {
  std::size_t n = 0;
  for (const auto& table : tables_) {
    for (const auto& row : table.rows) n += packed::status_of(row) == status ? 1 : 0;
  }
  return n;
}

Result<std::vector<RecordKey>> MemoryLocalStore::begin_push() {
  if (auto st = refuse_in_transaction("begin_push"); !st) return st.error();
  std::vector<RecordKey> keys;
  for (std::size_t t = 0; t < tables_.size(); ++t) {
    for (auto& row : tables_[t].rows) {
      if (packed::status_of(row) != RecordStatus::pending) continue;
      packed::set_status(row, RecordStatus::syncing);
      keys.push_back(RecordKey{names_[t], std::string(packed::id_of(row))});
    }
  }
  return keys;
}

Status MemoryLocalStore::reset_syncing() {
  if (auto st = refuse_in_transaction("reset_syncing"); !st) return st;
  for (auto& table : tables_) {
    for (auto& row : table.rows) {
      if (packed::status_of(row) == RecordStatus::syncing) {
        packed::set_status(row, RecordStatus::pending);
      }
    }
  }
  return ok_status();
}

Result<std::optional<std::string>> MemoryLocalStore::meta(std::string_view key) {
  for (const auto& [k, v] : meta_) {
    if (k == key) return std::optional<std::string>(v);
  }
  return std::optional<std::string>();
}

Status MemoryLocalStore::set_meta(std::string_view key, std::string_view value) {
  for (auto& [k, v] : meta_) {
    if (k == key) {
      v.assign(value);
      return ok_status();
    }
  }
  meta_.emplace_back(key, value);
  return ok_status();
}

Status MemoryLocalStore::begin_transaction() {
  if (auto st = refuse_in_transaction("a transaction"); !st) return st;
  Undo undo;
  undo.row_counts.reserve(tables_.size());
  for (const auto& table : tables_) undo.row_counts.push_back(table.rows.size());
  undo.meta = meta_;
  undo_ = std::move(undo);
  return ok_status();
}

Status MemoryLocalStore::commit_transaction() {
  if (!undo_) return make_error("store", "local store: commit: no open transaction");
  undo_.reset();
  return ok_status();
}

void MemoryLocalStore::rollback_transaction() {
  if (!undo_) return;
  // Latest first, so that a row overwritten twice ends in its state before the transaction.
  for (auto it = undo_->overwritten.rbegin(); it != undo_->overwritten.rend(); ++it) {
    tables_[it->table].rows[it->row] = std::move(it->before);
  }
  for (std::size_t t = 0; t < tables_.size(); ++t) {
    auto& table = tables_[t];
    if (table.rows.size() == undo_->row_counts[t]) continue;
    table.rows.resize(undo_->row_counts[t]);
    reindex(table.rows, table.slots);
  }
  meta_ = std::move(undo_->meta);
  undo_.reset();
}

std::size_t MemoryLocalStore::memory_bytes() const {
  std::size_t bytes = sizeof(*this) + names_.capacity() * sizeof(std::string) +
                      tables_.capacity() * sizeof(Table) +
                      meta_.capacity() * sizeof(std::pair<std::string, std::string>);
  for (const auto& name : names_) bytes += heap_bytes(name);
  for (const auto& [k, v] : meta_) bytes += heap_bytes(k) + heap_bytes(v);
  for (const auto& table : tables_) {
    bytes += table.rows.capacity() * sizeof(std::string) +
             table.slots.capacity() * sizeof(std::uint32_t);
    for (const auto& row : table.rows) bytes += heap_bytes(row);
  }
  return bytes;
}

}  // namespace syncsuite::client
