'use strict';
// The adapter (contract section 9) against a real server over loopback: two devices of one
// account (phone, laptop) and one of another account, each its own adapter process, checked
// through the adapter's answers and the server's own pull answers.
const test = require('node:test');
const assert = require('node:assert/strict');
const {AdapterProcess} = require('./support/adapter_process');
const {plain, skipPlain, accountKeys, freshId, pullAll, openEnvelope} = require('./support/server');

const T = (ms) => new Date(Date.UTC(2026, 10, 24, 10, 0, 0) + ms).toISOString();

function byId(records, prefix) {
  return new Map(records.filter((r) => r.id.startsWith(prefix)).map((r) => [r.id, r]));
}

test('the adapter against a real server', {skip: skipPlain}, async (t) => {
  const [token, otherToken] = plain.tokens;
  const userKeys = accountKeys(token);
  const otherKeys = accountKeys(otherToken);
  const phone = await AdapterProcess.device(plain.url, token, userKeys, freshId('phone'));
  const laptop = await AdapterProcess.device(plain.url, token, userKeys, freshId('laptop'));
  const stranger = await AdapterProcess.device(plain.url, otherToken, otherKeys, freshId('stranger'));
  t.after(() => [phone, laptop, stranger].forEach((p) => p.kill()));

  await t.test('put, delete and sync on one device; the other device of the account gets them', async () => {
    const p = freshId('rt');
    await phone.ok({op: 'put', table: 'transactions', id: `${p}-a`, data: {amount: 12.5, note: 'caf\u00e9'}, updated_at: T(1)});
    await phone.ok({op: 'put', table: 'accounts', id: `${p}-b`, data: {name: 'Bank'}});
    await phone.ok({op: 'put', table: 'transactions', id: `${p}-c`, data: {amount: 1}, updated_at: T(2)});
    await phone.ok({op: 'delete', table: 'transactions', id: `${p}-c`, updated_at: T(3)});
    const before = byId((await phone.ok({op: 'records'})).records, p);
    assert.deepEqual([...before.values()].map((r) => r.sync_status), ['pending', 'pending', 'pending']);
    await phone.ok({op: 'sync'});
    const after = byId((await phone.ok({op: 'records'})).records, p);
    assert.deepEqual([...after.values()].map((r) => r.sync_status), ['synced', 'synced', 'synced']);

    await laptop.ok({op: 'sync'});
    const got = byId((await laptop.ok({op: 'records'})).records, p);
    assert.deepEqual(got.get(`${p}-a`), {table: 'transactions', id: `${p}-a`, data: {amount: 12.5, note: 'caf\u00e9'},
      updated_at: T(1), deleted: false, sync_status: 'synced'});
    assert.deepEqual(got.get(`${p}-b`).data, {name: 'Bank'});
    assert.equal(got.get(`${p}-b`).updated_at, after.get(`${p}-b`).updated_at);
    assert.deepEqual(got.get(`${p}-c`), {table: 'transactions', id: `${p}-c`, data: {}, updated_at: T(3),
      deleted: true, sync_status: 'synced'});

    // The server holds them encrypted to the user's keypair; the tombstone's body is {}.
    const onServer = await pullAll(plain.url, token);
    assert.deepEqual(openEnvelope(onServer.get(`transactions/${p}-a`), userKeys), {amount: 12.5, note: 'caf\u00e9'});
    const tombstone = onServer.get(`transactions/${p}-c`);
    assert.equal(tombstone.deleted, true);
    assert.equal(tombstone.version, 1, 'put then delete before a sync: only the tombstone is pushed');
    assert.deepEqual(openEnvelope(tombstone, userKeys), {});

    // The other account never sees them.
    await stranger.ok({op: 'sync'});
    assert.equal(byId((await stranger.ok({op: 'records'})).records, p).size, 0);
  });

  await t.test('last write wins between the two devices', async () => {
    const id = freshId('lww');
    await phone.ok({op: 'put', table: 'budgets', id, data: {limit: 100}, updated_at: T(10)});
    await phone.ok({op: 'sync'});
    await laptop.ok({op: 'sync'});
    await laptop.ok({op: 'put', table: 'budgets', id, data: {limit: 200}, updated_at: T(20)});
    await laptop.ok({op: 'sync'});
    await phone.ok({op: 'sync'});
    const mine = byId((await phone.ok({op: 'records'})).records, id).get(id);
    assert.deepEqual(mine.data, {limit: 200});
    assert.equal(mine.updated_at, T(20));
    assert.equal(mine.sync_status, 'synced');
  });

  // Both devices edit the same record; the laptop's later edit reaches the server first, so the
  // phone's earlier one comes back as a conflict on push.
  async function conflictOn(id) {
    await phone.ok({op: 'put', table: 'categories', id, data: {name: 'base'}, updated_at: T(100)});
    await phone.ok({op: 'sync'});
    await laptop.ok({op: 'sync'});
    await laptop.ok({op: 'put', table: 'categories', id, data: {name: 'laptop'}, updated_at: T(300)});
    await laptop.ok({op: 'sync'});
    await phone.ok({op: 'put', table: 'categories', id, data: {name: 'phone'}, updated_at: T(200)});
    await phone.ok({op: 'sync'});
    const mine = byId((await phone.ok({op: 'records'})).records, id).get(id);
    assert.equal(mine.sync_status, 'conflict');
    assert.deepEqual(mine.data, {name: 'phone'}, 'the local copy is kept in conflict');
    assert.ok((await phone.ok({op: 'state'})).state.conflicts >= 1);
  }

  async function laptopSees(id) {
    await laptop.ok({op: 'sync'});
    return byId((await laptop.ok({op: 'records'})).records, id).get(id);
  }

  await t.test('a conflict resolved with local wins on the other device too', async () => {
    const id = freshId('local');
    await conflictOn(id);
    await phone.ok({op: 'resolve', table: 'categories', id, choice: 'local'});
    const mine = byId((await phone.ok({op: 'records'})).records, id).get(id);
    assert.equal(mine.sync_status, 'synced');
    assert.deepEqual(mine.data, {name: 'phone'});
    assert.ok(mine.updated_at > T(300), `resolved updated_at ${mine.updated_at} is past both copies`);
    const theirs = await laptopSees(id);
    assert.deepEqual(theirs.data, {name: 'phone'});
    assert.equal(theirs.updated_at, mine.updated_at);
  });

  await t.test('a conflict resolved with server keeps the server copy', async () => {
    const id = freshId('server');
    await conflictOn(id);
    await phone.ok({op: 'resolve', table: 'categories', id, choice: 'server'});
    const mine = byId((await phone.ok({op: 'records'})).records, id).get(id);
    assert.deepEqual(mine, {table: 'categories', id, data: {name: 'laptop'}, updated_at: T(300), deleted: false,
      sync_status: 'synced'});
    const onServer = (await pullAll(plain.url, token)).get(`categories/${id}`);
    assert.equal(onServer.version, 2, 'resolve server stores nothing new');
  });

  await t.test('a conflict resolved with merged data, seen by the other device', async () => {
    const id = freshId('merged');
    await conflictOn(id);
    await phone.ok({op: 'resolve', table: 'categories', id, choice: 'merged', data: {name: 'phone+laptop'}});
    const mine = byId((await phone.ok({op: 'records'})).records, id).get(id);
    assert.equal(mine.sync_status, 'synced');
    assert.deepEqual(mine.data, {name: 'phone+laptop'});
    assert.deepEqual((await laptopSees(id)).data, {name: 'phone+laptop'});
    const onServer = (await pullAll(plain.url, token)).get(`categories/${id}`);
    assert.equal(onServer.version, 3);
    assert.deepEqual(openEnvelope(onServer, userKeys), {name: 'phone+laptop'});
  });

  await t.test('a resolve answered 409 keeps the conflict; resolving again succeeds', async () => {
    const id = freshId('stale');
    await conflictOn(id);
    // A newer write reaches the server after the phone saw version 2.
    await laptop.ok({op: 'put', table: 'categories', id, data: {name: 'laptop again'}, updated_at: T(400)});
    await laptop.ok({op: 'sync'});
    const stale = await phone.request({op: 'resolve', table: 'categories', id, choice: 'local'});
    assert.equal(stale.ok, false);
    assert.equal(typeof stale.error, 'string');
    let mine = byId((await phone.ok({op: 'records'})).records, id).get(id);
    assert.equal(mine.sync_status, 'conflict');
    assert.deepEqual(mine.data, {name: 'phone'});
    // The kept server copy was refreshed from the 409 body: this resolve names version 3.
    await phone.ok({op: 'resolve', table: 'categories', id, choice: 'local'});
    mine = byId((await phone.ok({op: 'records'})).records, id).get(id);
    assert.equal(mine.sync_status, 'synced');
    assert.ok(mine.updated_at > T(400));
    assert.equal((await pullAll(plain.url, token)).get(`categories/${id}`).version, 4);
  });

  await t.test('resolve of a record not in conflict answers ok:false', async () => {
    const answer = await phone.request({op: 'resolve', table: 'categories', id: freshId('none'), choice: 'local'});
    assert.equal(answer.ok, false);
    assert.match(answer.error, /not in conflict/);
  });

  await t.test('a tombstone from the laptop deletes the record on the phone', async () => {
    const id = freshId('tomb');
    await phone.ok({op: 'put', table: 'receipts', id, data: {total: 9}, updated_at: T(500)});
    await phone.ok({op: 'sync'});
    await laptop.ok({op: 'sync'});
    await laptop.ok({op: 'delete', table: 'receipts', id, updated_at: T(600)});
    await laptop.ok({op: 'sync'});
    await phone.ok({op: 'sync'});
    const mine = byId((await phone.ok({op: 'records'})).records, id).get(id);
    assert.deepEqual(mine, {table: 'receipts', id, data: {}, updated_at: T(600), deleted: true, sync_status: 'synced'});
  });

  await t.test('more than 500 records: pushed in batches, pulled in pages', async () => {
    const p = freshId('bulk');
    const count = 1234;
    for (let i = 0; i < count; i += 1) {
      await phone.ok({op: 'put', table: 'transactions', id: `${p}-${i}`, data: {i}});
    }
    assert.equal((await phone.ok({op: 'state'})).state.pending, count);
    await phone.ok({op: 'sync'});
    assert.equal((await phone.ok({op: 'state'})).state.pending, 0);
    const onServer = [...(await pullAll(plain.url, token)).values()].filter((r) => r.id.startsWith(p));
    assert.equal(onServer.length, count);
    // A fresh device of the account with small pages gets every one.
    const tablet = await AdapterProcess.device(plain.url, token, userKeys, freshId('tablet'),
      {SYNCSUITE_JS_PULL_LIMIT: '37'});
    try {
      await tablet.ok({op: 'sync'});
      const got = byId((await tablet.ok({op: 'records'})).records, p);
      assert.equal(got.size, count);
      for (let i = 0; i < count; i += 1) assert.deepEqual(got.get(`${p}-${i}`).data, {i});
    } finally {
      tablet.kill();
    }
  });

  await t.test('foreground syncs when never synced or the last sync is over 5 minutes old', async () => {
    const device = await AdapterProcess.device(plain.url, token, userKeys, freshId('fg'));
    try {
      const start = '2026-12-01T08:00:00.000Z';
      const at = (ms) => new Date(Date.parse(start) + ms).toISOString();
      await device.ok({op: 'clock', now: start});
      let state = (await device.ok({op: 'state'})).state;
      assert.deepEqual(state, {syncing: false, last_sync_at: null, pending: 0, conflicts: 0, error: null});
      const id = freshId('fg');
      await device.ok({op: 'put', table: 'accounts', id, data: {n: 1}});
      const put = byId((await device.ok({op: 'records'})).records, id).get(id);
      assert.equal(put.updated_at, start, 'an edit without updated_at takes the device clock');
      assert.equal((await device.ok({op: 'state'})).state.pending, 1);

      assert.equal((await device.ok({op: 'foreground'})).synced, true, 'never synced: syncs');
      state = (await device.ok({op: 'state'})).state;
      assert.equal(state.last_sync_at, start);
      assert.equal(state.pending, 0);
      assert.equal(state.error, null);

      await device.ok({op: 'clock', now: at(4 * 60 * 1000)});
      assert.equal((await device.ok({op: 'foreground'})).synced, false, '4 minutes: no sync');
      await device.ok({op: 'clock', now: at(5 * 60 * 1000)});
      assert.equal((await device.ok({op: 'foreground'})).synced, false, 'exactly 5 minutes: no sync');
      await device.ok({op: 'clock', now: at(5 * 60 * 1000 + 1)});
      assert.equal((await device.ok({op: 'foreground'})).synced, true, 'over 5 minutes: syncs');
      assert.equal((await device.ok({op: 'state'})).state.last_sync_at, at(5 * 60 * 1000 + 1));
      // An explicit sync also counts as the last success.
      await device.ok({op: 'clock', now: at(20 * 60 * 1000)});
      await device.ok({op: 'sync'});
      await device.ok({op: 'clock', now: at(21 * 60 * 1000)});
      assert.equal((await device.ok({op: 'foreground'})).synced, false);
    } finally {
      device.kill();
    }
  });

  await t.test('a clock set before init is the new device\'s clock', async () => {
    const device = new AdapterProcess();
    try {
      await device.ok({op: 'clock', now: '2027-01-02T03:04:05.678Z'});
      await device.ok({op: 'init', server: plain.url, token, public_key: userKeys.publicKey,
        secret_key: userKeys.secretKey, device_id: freshId('early')});
      const id = freshId('early');
      await device.ok({op: 'put', table: 'accounts', id, data: {}});
      assert.equal(byId((await device.ok({op: 'records'})).records, id).get(id).updated_at, '2027-01-02T03:04:05.678Z');
    } finally {
      device.kill();
    }
  });

  await t.test('init fails with ok:false when the key cannot be uploaded', async () => {
    // Port 1 on loopback: nothing listens, the connection is refused.
    const device = new AdapterProcess();
    try {
      const init = await device.request({op: 'init', server: 'http://127.0.0.1:1', token,
        public_key: userKeys.publicKey, secret_key: userKeys.secretKey, device_id: 'offline'});
      assert.equal(init.ok, false, 'init uploads the key, which cannot reach the server');
    } finally {
      device.kill();
    }
  });

  await t.test('unknown ops, bad requests and quit', async () => {
    const device = new AdapterProcess();
    const unknown = await device.request({op: 'teleport'});
    assert.deepEqual(unknown, {ok: false, error: 'unknown op "teleport"'});
    assert.match(unknown.error, /^unknown op /);
    const early = await device.request({op: 'sync'});
    assert.equal(early.ok, false);
    await device.ok({op: 'init', server: plain.url, token, public_key: userKeys.publicKey,
      secret_key: userKeys.secretKey, device_id: 'quitter'});
    for (const bad of [{op: 'put', table: 'Bad Table', id: 'x', data: {}},
      {op: 'put', table: 't', id: 'x', data: [1]},
      {op: 'put', table: 't', id: 'x', data: {}, updated_at: '2026-11-24T10:00:00Z'},
      {op: 'clock', now: 'yesterday'},
      {op: 'resolve', table: 't', id: 'x', choice: 'mine'}]) {
      const answer = await device.request(bad);
      assert.equal(answer.ok, false, JSON.stringify(bad));
      assert.equal(typeof answer.error, 'string');
    }
    assert.equal(await device.quit(), 0);
  });

  assert.equal(await phone.quit(), 0);
  assert.equal(await laptop.quit(), 0);
  assert.equal(await stranger.quit(), 0);
});
