'use strict';
// The sync loop of contract section 8: push, then pull; resolve; auto-sync on foreground.
// It owns no I/O of its own: the server through SyncApi, records in LocalStore, what the screens
// show in SyncStore, time from the DeviceClock.

const timestamp = require('./timestamp');
const {SyncStatus} = require('./local_store');
const {PullAction, decidePull} = require('./pull_rules');

const MAX_PUSH_BATCH = 500;             // section 4: 1 to 500 records per push
const DEFAULT_PULL_LIMIT = 500;         // section 5: 1..1000, the server's default
const AUTO_SYNC_AFTER_MS = 5 * 60 * 1000;  // section 8: foreground sync when older than this

class SyncError extends Error {}

function envelopeOf(row, sealed) {
  return {
    table: row.table, id: row.id, updated_at: row.updatedAt, deleted: row.deleted,
    nonce: sealed.nonce, ciphertext: sealed.ciphertext,
  };
}

class SyncEngine {
  // pushBatch (1..500) and pullLimit (1..1000) are for tests that want small pages.
  constructor({api, box, localStore, syncStore, clock, deviceId,
    pushBatch = MAX_PUSH_BATCH, pullLimit = DEFAULT_PULL_LIMIT}) {
    if (!(pushBatch >= 1 && pushBatch <= MAX_PUSH_BATCH)) throw new SyncError('pushBatch must be 1 to 500');
    if (!(pullLimit >= 1 && pullLimit <= 1000)) throw new SyncError('pullLimit must be 1 to 1000');
    Object.assign(this, {api, box, localStore, syncStore, clock, deviceId, pushBatch, pullLimit});
    this.busy = false;
  }

  refreshCounts() {
    const store = this.localStore;
    this.syncStore.setState({
      pending: store.count(SyncStatus.pending) + store.count(SyncStatus.syncing),
      conflicts: store.count(SyncStatus.conflict),
    });
  }

  // ---- local edits ----

  // Creates or edits a record, pending. Without updatedAt the edit time is the device clock, but
  // at least 1 ms after the local copy's, so that an edit never ties with the copy it replaces.
  // An edit of a record in conflict supersedes the conflict: it is pushed like any edit.
  edit(table, id, data, deleted, updatedAt) {
    let time = updatedAt;
    const existing = this.localStore.get(table, id);
    if (time === undefined || time === null) {
      let ms = this.clock.now();
      if (existing) ms = Math.max(ms, timestamp.parse(existing.updatedAt) + 1);
      time = timestamp.format(ms);
    }
    this.localStore.put({
      table, id, data, updatedAt: time, deleted,
      syncStatus: SyncStatus.pending,
      version: existing ? existing.version : null,
      sealed: null,
      editCount: existing ? existing.editCount + 1 : 1,
      server: null,
    });
    this.refreshCounts();
  }

  // ---- push ----

  // Every pending record becomes syncing and is sent in batches of at most pushBatch. The sealed
  // envelope is made on the first attempt and kept until the record is edited again, so that a
  // retry after a failed or lost request is byte for byte the same (an idempotent retry).
  // Returns {pushed, accepted, conflicts}; throws on a failed request, after putting every record
  // still syncing back to pending.
  async push() {
    const report = {pushed: 0, accepted: 0, conflicts: 0};
    const rows = this.localStore.withStatus(SyncStatus.pending);
    for (const row of rows) row.syncStatus = SyncStatus.syncing;
    try {
      for (let start = 0; start < rows.length; start += this.pushBatch) {
        // Rows edited since the push began are pending again: left for the next push.
        const batch = rows.slice(start, start + this.pushBatch)
          .map((row) => this.localStore.get(row.table, row.id))
          .filter((row) => row !== null && row.syncStatus === SyncStatus.syncing);
        if (batch.length === 0) continue;
        const sent = batch.map((row) => {
          if (row.sealed === null) row.sealed = envelopeOf(row, this.box.seal(row.data));
          return {row, editCount: row.editCount, envelope: row.sealed};
        });
        const results = await this.api.push(this.deviceId, sent.map((s) => s.envelope));
        // Open every server copy first: the answer is applied whole or not at all.
        const serverData = results.map((r) => (r.status === 'conflict' ? this.box.open(r.server) : null));
        results.forEach((result, i) => this.applyPushResult(sent[i], result, serverData[i], report));
        report.pushed += sent.length;
      }
    } finally {
      for (const row of this.localStore.withStatus(SyncStatus.syncing)) {
        row.syncStatus = SyncStatus.pending;
      }
      this.refreshCounts();
    }
    return report;
  }

  applyPushResult({row: sentRow, editCount}, result, serverData, report) {
    const row = this.localStore.get(sentRow.table, sentRow.id);
    const unchanged = row !== null && row.editCount === editCount;
    if (result.status === 'accepted') {
      report.accepted += 1;
      if (row === null) return;
      row.version = result.version;  // an edit made meanwhile is based on this version
      if (unchanged) {
        row.syncStatus = SyncStatus.synced;
        row.sealed = null;  // delivered: the next edit is sealed afresh
        row.server = null;
      }
      return;
    }
    if (!unchanged) return;  // edited meanwhile: the next push tells
    report.conflicts += 1;
    row.syncStatus = SyncStatus.conflict;
    row.server = {envelope: result.server, data: serverData};
  }

  // ---- pull ----

  // Follows the cursor while has_more. A page is opened whole before any of it is applied: a
  // record that does not open stops the pull with an error and the cursor stays before its page.
  // The new cursor is saved only after its page is applied. Returns {pulled, conflicts}.
  async pull() {
    const report = {pulled: 0, conflicts: 0};
    let cursor = this.localStore.getMeta('cursor') || '';
    for (;;) {
      const page = await this.api.pull(cursor, this.pullLimit);
      if (page.hasMore && page.cursor === cursor) {
        throw new SyncError('pull: has_more is true but the cursor did not move');
      }
      const plain = page.records.map((env) => this.box.open(env));
      page.records.forEach((env, i) => this.applyPulled(env, plain[i], report));
      this.localStore.setMeta('cursor', page.cursor);
      cursor = page.cursor;
      report.pulled += page.records.length;
      this.refreshCounts();
      if (!page.hasMore) return report;
    }
  }

  applyPulled(server, data, report) {
    const local = this.localStore.get(server.table, server.id);
    switch (decidePull(local, server)) {
      case PullAction.insert:
      case PullAction.takeServer:
        this.localStore.put({
          table: server.table, id: server.id, data, updatedAt: server.updated_at,
          deleted: server.deleted, syncStatus: SyncStatus.synced, version: server.version,
          sealed: null, editCount: local ? local.editCount + 1 : 1, server: null,
        });
        return;
      case PullAction.markConflict:
        report.conflicts += 1;
        local.syncStatus = SyncStatus.conflict;
        local.server = {envelope: server, data};
        return;
      case PullAction.refreshConflict:
        local.server = {envelope: server, data};
        return;
      case PullAction.keepLocal:
        return;
    }
  }

  // ---- sync ----

  // Push, then pull; conflicts do not stop it. A failed push ends the sync without a pull:
  // pulling over unpushed edits would mark conflicts that the retried push would not have.
  // lastSyncAt moves only when both steps succeed; error holds the last failure.
  async sync() {
    if (this.busy) throw new SyncError('sync already running');
    this.busy = true;
    this.syncStore.setState({syncing: true});
    try {
      const pushed = await this.push();
      const pulled = await this.pull();
      this.syncStore.setState({lastSyncAt: this.clock.now(), error: null});
      return {...pushed, pulled: pulled.pulled, conflicts: pushed.conflicts + pulled.conflicts};
    } catch (e) {
      this.syncStore.setState({error: e.message});
      throw e;
    } finally {
      this.busy = false;
      this.syncStore.setState({syncing: false});
      this.refreshCounts();
    }
  }

  // Section 8: the app comes to the foreground. Syncs when no sync has succeeded yet or the last
  // success is over 5 minutes old by the device clock. Returns whether a sync ran; throws if it
  // ran and failed.
  async foreground() {
    if (this.busy) return false;
    const last = this.syncStore.getState().lastSyncAt;
    if (last !== null && this.clock.now() - last <= AUTO_SYNC_AFTER_MS) return false;
    await this.sync();
    return true;
  }

  // ---- resolve ----

  // The user's choice for a record in conflict: "local", "server" or "merged" (with mergedData),
  // sent with the kept server copy's version as expected_version. local and merged carry an
  // updated_at later than both copies (the device clock, or 1 ms past the later copy). On 200
  // the record is stored as the server returned it, synced; on 409 the kept server copy is
  // refreshed from the answer, the record stays in conflict and this throws.
  async resolve(table, id, choice, mergedData) {
    const row = this.localStore.get(table, id);
    if (row === null || row.syncStatus !== SyncStatus.conflict || row.server === null) {
      throw new SyncError(`resolve: ${table}/${id} is not in conflict`);
    }
    if (!['local', 'server', 'merged'].includes(choice)) {
      throw new SyncError('resolve: choice must be local, server or merged');
    }
    if (this.busy) throw new SyncError('sync already running');
    const server = row.server.envelope;
    const request = {table, id, resolution: choice, expected_version: server.version};
    let data = row.server.data;
    if (choice !== 'server') {
      const deleted = choice === 'local' ? row.deleted : false;
      data = choice === 'local' ? row.data : mergedData;
      const later = Math.max(timestamp.parse(row.updatedAt), timestamp.parse(server.updated_at));
      const updatedAt = timestamp.format(Math.max(this.clock.now(), later + 1));
      request.record = {table, id, updated_at: updatedAt, deleted, ...this.box.seal(data)};
    }
    const editCount = row.editCount;
    this.busy = true;
    this.syncStore.setState({syncing: true});
    try {
      const answer = await this.api.resolve(request);
      const answerData = this.box.open(answer.record);
      const current = this.localStore.get(table, id);
      if (!answer.applied) {
        if (current.syncStatus === SyncStatus.conflict) {
          current.server = {envelope: answer.record, data: answerData};
        }
        throw new SyncError(`resolve: the server copy of ${table}/${id} changed ` +
          `(now version ${answer.record.version}); resolve again`);
      }
      if (current.editCount !== editCount) {
        current.version = answer.record.version;  // edited meanwhile: that edit stays pending
        return;
      }
      this.localStore.put({
        table, id, data: answerData, updatedAt: answer.record.updated_at,
        deleted: answer.record.deleted, syncStatus: SyncStatus.synced,
        version: answer.record.version, sealed: null, editCount: editCount + 1, server: null,
      });
    } finally {
      this.busy = false;
      this.syncStore.setState({syncing: false});
      this.refreshCounts();
    }
  }
}

module.exports = {SyncEngine, SyncError, AUTO_SYNC_AFTER_MS, MAX_PUSH_BATCH};
