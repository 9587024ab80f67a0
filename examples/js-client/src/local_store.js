'use strict';
// The device's local database: one table of records with the app's `syncStatus` column
// (contract section 8), and a few metadata values (the pull cursor). In memory: the app keeps
// the same rows in SQLite; nothing here depends on that.

const SyncStatus = Object.freeze({
  pending: 'pending',  // local change not yet accepted by the server
  syncing: 'syncing',  // in a push (transient)
  synced: 'synced',    // the server holds this exact version
  conflict: 'conflict',  // the server refused it; both copies are kept until the user resolves
});

// A row:
//   table, id        the record's key
//   data             the decrypted JSON object ({} for a tombstone)
//   updatedAt        the edit time, contract form
//   deleted          a tombstone
//   syncStatus       one of SyncStatus
//   version          the server version this copy is based on; null before the server saw it
//   sealed           the envelope pushed for this edit ({table, id, updated_at, deleted, nonce,
//                    ciphertext}), kept from the first push attempt until the next edit, so that
//                    a retry re-sends the same bytes; null until first pushed and once accepted
//   editCount        bumped by every local edit; a push answer applies only to the edit it sent
//   server           in conflict: the server's copy {envelope (with version), data}; else null
class LocalStore {
  constructor() {
    this.rows = new Map();
    this.meta = new Map();
  }

  static key(table, id) {
    return `${table}\u0000${id}`;
  }

  get(table, id) {
    return this.rows.get(LocalStore.key(table, id)) || null;
  }

  put(row) {
    this.rows.set(LocalStore.key(row.table, row.id), row);
  }

  // Every row, ordered by table then id (a stable order for lists and the adapter).
  all() {
    return [...this.rows.values()].sort((a, b) =>
      a.table === b.table ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.table < b.table ? -1 : 1);
  }

  withStatus(status) {
    return this.all().filter((row) => row.syncStatus === status);
  }

  count(status) {
    let n = 0;
    for (const row of this.rows.values()) if (row.syncStatus === status) n += 1;
    return n;
  }

  getMeta(name) {
    return this.meta.has(name) ? this.meta.get(name) : null;
  }

  setMeta(name, value) {
    this.meta.set(name, value);
  }
}

module.exports = {LocalStore, SyncStatus};
