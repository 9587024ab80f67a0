'use strict';
// What this client leaves on the server is standard NaCl crypto_box (contract sections 2-3): the
// server's own pull answer is opened here with the plain tweetnacl API (nacl.box.open with the
// user's keypair), and each ciphertext is byte for byte nacl.box(plaintext, nonce, pk, sk), the
// construction that tests/golden/crypto/box_vectors.json pins to libsodium's crypto_box_easy
// (tests/unit/reference/crypto/record_box_test.cpp checks those vectors with libsodium).
const test = require('node:test');
const assert = require('node:assert/strict');
const nacl = require('tweetnacl');
const util = require('tweetnacl-util');
const {SyncClient} = require('../src/sync_client');
const {recordingFetch} = require('./support/recording_fetch');
const {plain, skipPlain, accountKeys, freshId, pullAll, openEnvelope} = require('./support/server');

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const CANARY = 'canary-7f3a9c-plaintext';

test('pushed records open with the user keypair and are crypto_box_easy bytes', {skip: skipPlain}, async () => {
  const token = plain.tokens[1];
  const keys = accountKeys(token);
  const log = [];
  const client = await SyncClient.init({server: plain.url, token, publicKey: keys.publicKey,
    secretKey: keys.secretKey, deviceId: freshId('interop'), fetchImpl: recordingFetch(log)});
  const p = freshId('interop');
  const data = {
    [`${p}-text`]: {note: `${CANARY} caf\u00e9 \u{1F600} "quoted" \\ back`, n: -0.5, ok: true, nothing: null},
    [`${p}-nested`]: {items: [{a: 1}, {b: [2, 3]}], empty: {}},
    [`${p}-large`]: {blob: 'x'.repeat(200000)},
  };
  for (const [id, value] of Object.entries(data)) client.put('receipts', id, value);
  client.put('receipts', `${p}-gone`, {was: 1});
  client.delete('receipts', `${p}-gone`);
  // The same record edited and synced many times: a fresh nonce for every version.
  for (let v = 0; v < 40; v += 1) {
    client.put('receipts', `${p}-often`, {v});
    await client.sync();
  }

  const pushed = log.filter((e) => e.path === '/api/v1/sync/push/').flatMap((e) => e.body.records);
  const nonces = pushed.map((r) => r.nonce);
  assert.equal(new Set(nonces).size, nonces.length, 'no nonce repeats across records and versions');
  assert.ok(log.every((e) => e.text === null || !e.text.includes(CANARY)), 'no plaintext on the wire');

  const onServer = await pullAll(plain.url, token);
  const expected = {...data, [`${p}-gone`]: {}, [`${p}-often`]: {v: 39}};
  for (const [id, value] of Object.entries(expected)) {
    const env = onServer.get(`receipts/${id}`);
    assert.ok(env, `${id} on the server`);
    assert.match(env.nonce, BASE64);
    assert.match(env.ciphertext, BASE64);
    const nonce = util.decodeBase64(env.nonce);
    const box = util.decodeBase64(env.ciphertext);
    assert.equal(nonce.length, 24);
    assert.deepEqual(openEnvelope(env, keys), value, `${id} opens to the data put`);
    const message = nacl.box.open(box, nonce, util.decodeBase64(keys.publicKey), util.decodeBase64(keys.secretKey));
    const again = nacl.box(message, nonce, util.decodeBase64(keys.publicKey), util.decodeBase64(keys.secretKey));
    assert.equal(util.encodeBase64(again), env.ciphertext, `${id} is crypto_box_easy(m, nonce, pk, sk)`);
    assert.equal(box.length, message.length + 16, 'a 16-byte MAC, then the message');
  }
  assert.equal(onServer.get(`receipts/${p}-gone`).deleted, true);
  assert.equal(onServer.get(`receipts/${p}-often`).version, 40);
});
