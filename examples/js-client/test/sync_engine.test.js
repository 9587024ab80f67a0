'use strict';
// The sync loop of contract section 8 in-process against a real server, watching every request
// the client sends: push before pull, batches of at most 500, the cursor followed while has_more,
// an edit made during a push.
const test = require('node:test');
const assert = require('node:assert/strict');
const {SyncClient} = require('../src/sync_client');
const {recordingFetch} = require('./support/recording_fetch');
const {plain, skipPlain, accountKeys, freshId, pullAll, openEnvelope} = require('./support/server');

const PUSH = '/api/v1/sync/push/';
const PULL = '/api/v1/sync/pull/';

async function device(token, log, options = {}) {
  const keys = accountKeys(token);
  return SyncClient.init({server: plain.url, token, publicKey: keys.publicKey, secretKey: keys.secretKey,
    deviceId: freshId('engine'), fetchImpl: recordingFetch(log, options.hook), ...options});
}

test('init uploads the public key with PUT /key/', {skip: skipPlain}, async () => {
  const log = [];
  await device(plain.tokens[0], log);
  assert.equal(log.length, 1);
  assert.equal(log[0].method, 'PUT');
  assert.equal(log[0].path, '/api/v1/sync/key/');
  assert.deepEqual(log[0].body, {public_key: accountKeys(plain.tokens[0]).publicKey});
});

test('a sync pushes every pending record in batches of at most 500, then pulls', {skip: skipPlain}, async () => {
  const log = [];
  const client = await device(plain.tokens[0], log);
  const p = freshId('batch');
  for (let i = 0; i < 1201; i += 1) client.put('transactions', `${p}-${i}`, {i});
  log.length = 0;
  const report = await client.sync();
  const pushes = log.filter((e) => e.path === PUSH);
  assert.deepEqual(pushes.map((e) => e.body.records.length), [500, 500, 201]);
  const firstPull = log.findIndex((e) => e.path === PULL);
  assert.ok(firstPull > log.lastIndexOf(pushes[2]), 'every push comes before the pull');
  assert.equal(report.accepted, 1201);
  const sent = new Set(pushes.flatMap((e) => e.body.records.map((r) => r.id)));
  assert.equal(sent.size, 1201, 'each record pushed once');
  assert.ok(client.records().filter((r) => r.id.startsWith(p)).every((r) => r.sync_status === 'synced'));
  for (const e of pushes) {
    assert.equal(typeof e.body.device_id, 'string');
    for (const r of e.body.records) {
      assert.deepEqual(Object.keys(r).sort(), ['ciphertext', 'deleted', 'id', 'nonce', 'table', 'updated_at']);
      assert.match(r.updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
  }
});

test('a pull follows the cursor while has_more and saves it after each page', {skip: skipPlain}, async () => {
  const writerLog = [];
  const writer = await device(plain.tokens[0], writerLog);
  const p = freshId('page');
  for (let i = 0; i < 120; i += 1) writer.put('accounts', `${p}-${i}`, {i});
  await writer.sync();

  const log = [];
  const reader = await device(plain.tokens[0], log, {pullLimit: 25});
  await reader.sync();
  const pulls = log.filter((e) => e.path === PULL);
  assert.ok(pulls.length >= 5, `${pulls.length} pages of 25 for at least 120 records`);
  assert.equal(pulls[0].query.get('since'), '');
  assert.ok(pulls.every((e) => e.query.get('limit') === '25'));
  // Each page asks from the cursor the previous one ended at, while has_more; the last cursor
  // is the one saved.
  for (let i = 1; i < pulls.length; i += 1) {
    assert.equal(pulls[i - 1].answer.has_more, true);
    assert.equal(pulls[i].query.get('since'), pulls[i - 1].answer.cursor);
  }
  const last = pulls[pulls.length - 1].answer;
  assert.equal(last.has_more, false);
  assert.equal(reader.localStore.getMeta('cursor'), last.cursor);
  const got = reader.records().filter((r) => r.id.startsWith(p));
  assert.equal(got.length, 120);

  // A second sync starts from the saved cursor and finds nothing new of these.
  log.length = 0;
  const cursor = reader.localStore.getMeta('cursor');
  await reader.sync();
  assert.equal(log.find((e) => e.path === PULL).query.get('since'), cursor);
});

test('an edit made during a push stays pending and goes out with the next push', {skip: skipPlain}, async () => {
  const id = freshId('inflight');
  let client = null;
  let edited = false;
  const log = [];
  client = await device(plain.tokens[0], log, {
    hook: async (entry) => {
      if (entry.path === PUSH && !edited) {
        edited = true;
        client.put('budgets', id, {limit: 2});  // while the push with limit 1 is in flight
      }
    },
  });
  client.put('budgets', id, {limit: 1}, '2026-11-24T10:00:00.000Z');
  await client.sync();
  const mine = client.records().find((r) => r.id === id);
  assert.equal(mine.sync_status, 'pending');
  assert.deepEqual(mine.data, {limit: 2});
  assert.equal(client.state().pending, 1);
  const first = (await pullAll(plain.url, plain.tokens[0])).get(`budgets/${id}`);
  assert.equal(first.version, 1);
  assert.deepEqual(openEnvelope(first, accountKeys(plain.tokens[0])), {limit: 1});

  await client.sync();
  assert.equal(client.records().find((r) => r.id === id).sync_status, 'synced');
  const second = (await pullAll(plain.url, plain.tokens[0])).get(`budgets/${id}`);
  assert.equal(second.version, 2);
  assert.deepEqual(openEnvelope(second, accountKeys(plain.tokens[0])), {limit: 2});
});

test('a second sync while one runs is refused and changes nothing', {skip: skipPlain}, async () => {
  const log = [];
  const client = await device(plain.tokens[0], log);
  client.put('accounts', freshId('busy'), {n: 1});
  const first = client.sync();
  await assert.rejects(client.sync(), /already running/);
  await first;
  assert.equal(client.state().pending, 0);
  assert.equal(client.state().syncing, false);
});
