'use strict';
// The client as the app's screens use it: one object wiring the crypto, the local store, the
// sync store, the API and the sync engine together, with the argument checks of a public API.
// SyncClient.init() also uploads the user's public key (contract section 3).

const timestamp = require('./timestamp');
const {RecordBox} = require('./crypto');
const {LocalStore} = require('./local_store');
const {SyncStore} = require('./sync_store');
const {SyncApi} = require('./api');
const {SyncEngine} = require('./sync_engine');

const TABLE = /^[a-z][a-z0-9_]{0,63}$/;
const RECORD_ID = /^[A-Za-z0-9_-]{1,64}$/;

class ArgumentError extends Error {}

function checkKey(table, id) {
  if (typeof table !== 'string' || !TABLE.test(table)) {
    throw new ArgumentError('table must match ^[a-z][a-z0-9_]{0,63}$');
  }
  if (typeof id !== 'string' || !RECORD_ID.test(id)) {
    throw new ArgumentError('id must match ^[A-Za-z0-9_-]{1,64}$');
  }
}

function checkUpdatedAt(updatedAt) {
  if (updatedAt !== undefined && updatedAt !== null && !timestamp.isValid(updatedAt)) {
    throw new ArgumentError('updated_at must be RFC 3339 UTC with milliseconds, e.g. 2026-11-24T10:00:00.123Z');
  }
}

function checkData(data) {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ArgumentError('data must be a JSON object');
  }
}

class SyncClient {
  // options: server, token, publicKey, secretKey (standard base64), deviceId (1..64 characters);
  // optional fetchImpl, timeoutMs, pushBatch, pullLimit (see SyncApi and SyncEngine).
  constructor(options) {
    const {server, token, publicKey, secretKey, deviceId} = options;
    if (typeof server !== 'string' || !/^https?:\/\/[^\s]+$/.test(server)) {
      throw new ArgumentError('server must be an http:// or https:// URL');
    }
    if (typeof token !== 'string' || token === '' || /[\u0000-\u001f\u007f]/.test(token)) {
      throw new ArgumentError('token must be a non-empty string without control characters');
    }
    if (typeof deviceId !== 'string' || deviceId.length < 1 || deviceId.length > 64) {
      throw new ArgumentError('device_id must have 1 to 64 characters');
    }
    this.box = new RecordBox(publicKey, secretKey);
    this.clock = new timestamp.DeviceClock();
    this.localStore = new LocalStore();
    this.syncStore = new SyncStore();
    this.api = new SyncApi({server, token, fetchImpl: options.fetchImpl, timeoutMs: options.timeoutMs});
    this.engine = new SyncEngine({
      api: this.api, box: this.box, localStore: this.localStore, syncStore: this.syncStore,
      clock: this.clock, deviceId, pushBatch: options.pushBatch, pullLimit: options.pullLimit,
    });
  }

  // A fresh, empty device: uploads the public key.
  static async init(options) {
    const client = new SyncClient(options);
    await client.api.putKey(client.box.publicKeyB64);
    return client;
  }

  put(table, id, data, updatedAt) {
    checkKey(table, id);
    checkData(data);
    checkUpdatedAt(updatedAt);
    // A deep copy through JSON: the stored data is what will be encrypted, not a live object.
    this.engine.edit(table, id, JSON.parse(JSON.stringify(data)), false, updatedAt);
  }

  // A tombstone: deleted, with an encrypted body of {}.
  delete(table, id, updatedAt) {
    checkKey(table, id);
    checkUpdatedAt(updatedAt);
    this.engine.edit(table, id, {}, true, updatedAt);
  }

  // Every local record, tombstones included, ordered by table and id.
  records() {
    return this.localStore.all().map((row) => ({
      table: row.table, id: row.id, data: row.data, updated_at: row.updatedAt,
      deleted: row.deleted, sync_status: row.syncStatus,
    }));
  }

  // Records in conflict with both copies, as the conflicts screen shows them.
  conflicts() {
    return this.localStore.withStatus('conflict').map((row) => ({
      table: row.table, id: row.id,
      local: {data: row.data, updated_at: row.updatedAt, deleted: row.deleted},
      server: {data: row.server.data, updated_at: row.server.envelope.updated_at,
        deleted: row.server.envelope.deleted, version: row.server.envelope.version},
    }));
  }

  sync() {
    return this.engine.sync();
  }

  resolve(table, id, choice, mergedData) {
    checkKey(table, id);
    if (choice === 'merged') checkData(mergedData);
    return this.engine.resolve(table, id, choice, mergedData);
  }

  foreground() {
    return this.engine.foreground();
  }

  // Sets the device clock to an RFC 3339 UTC ms instant.
  setClock(now) {
    const ms = timestamp.parse(now);
    if (ms === null) throw new ArgumentError('now must be RFC 3339 UTC with milliseconds');
    this.clock.set(ms);
  }

  // The sync store's state in the wire form of contract section 9.
  state() {
    const s = this.syncStore.getState();
    return {
      syncing: s.syncing,
      last_sync_at: s.lastSyncAt === null ? null : timestamp.format(s.lastSyncAt),
      pending: s.pending,
      conflicts: s.conflicts,
      error: s.error,
    };
  }
}

module.exports = {SyncClient, ArgumentError};
