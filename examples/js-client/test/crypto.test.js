'use strict';
// Contract section 3. The golden vectors were checked against libsodium's crypto_box_easy
// (tests/unit/reference/crypto/record_box_test.cpp): opening them proves this client reads
// what libsodium seals, byte for byte.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const nacl = require('tweetnacl');
const util = require('tweetnacl-util');
const {RecordBox, CryptoError} = require('../src/crypto');

const golden = require(path.join(__dirname, '..', '..', '..', 'tests', 'golden', 'crypto', 'box_vectors.json'));
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function keys() {
  const pair = nacl.box.keyPair();
  return [util.encodeBase64(pair.publicKey), util.encodeBase64(pair.secretKey)];
}

test('opens every own-keypair golden vector that holds a JSON object (libsodium-made bytes)', () => {
  let opened = 0;
  for (const v of golden.vectors.filter((x) => x.self)) {
    const text = Buffer.from(v.plaintext_base64, 'base64').toString('utf8');
    let expected;
    try {
      expected = JSON.parse(text);
    } catch (e) {
      continue;
    }
    if (expected === null || typeof expected !== 'object' || Array.isArray(expected)) continue;
    const box = new RecordBox(v.public_key, v.secret_key);
    assert.deepEqual(box.open({table: 't', id: v.name, nonce: v.nonce, ciphertext: v.ciphertext}), expected);
    opened += 1;
  }
  assert.ok(opened > 0, 'no golden vector holds a JSON object');
});

test('a sealed record opens with nacl.box.open and the user keypair, in standard base64', () => {
  const [pk, sk] = keys();
  const box = new RecordBox(pk, sk);
  const data = {amount: -12.5, note: 'caf\u00e9 \u{1F600}', tags: ['a']};
  const sealed = box.seal(data);
  assert.match(sealed.nonce, BASE64);
  assert.match(sealed.ciphertext, BASE64);
  assert.equal(util.decodeBase64(sealed.nonce).length, 24);
  const message = nacl.box.open(util.decodeBase64(sealed.ciphertext), util.decodeBase64(sealed.nonce),
    util.decodeBase64(pk), util.decodeBase64(sk));
  assert.notEqual(message, null);
  assert.deepEqual(JSON.parse(util.encodeUTF8(message)), data);
  // Same bytes as the plain nacl.box call with that nonce.
  const plainBox = nacl.box(util.decodeUTF8(JSON.stringify(data)), util.decodeBase64(sealed.nonce),
    util.decodeBase64(pk), util.decodeBase64(sk));
  assert.equal(util.encodeBase64(plainBox), sealed.ciphertext);
});

test('every seal uses a fresh nonce, also for identical data', () => {
  const box = new RecordBox(...keys());
  const nonces = new Set();
  for (let i = 0; i < 2000; i += 1) nonces.add(box.seal({same: true}).nonce);
  assert.equal(nonces.size, 2000);
});

test('a flipped byte, another keypair or a non-object payload does not open', () => {
  const [pk, sk] = keys();
  const box = new RecordBox(pk, sk);
  const sealed = {table: 't', id: 'x', ...box.seal({a: 1})};
  const bytes = util.decodeBase64(sealed.ciphertext);
  for (let i = 0; i < bytes.length; i += 1) {
    const flipped = Uint8Array.from(bytes);
    flipped[i] ^= 1;
    assert.throws(() => box.open({...sealed, ciphertext: util.encodeBase64(flipped)}), CryptoError);
  }
  assert.throws(() => new RecordBox(...keys()).open(sealed), /does not open/);
  const array = {table: 't', id: 'y', ...box.seal([1, 2])};
  assert.throws(() => box.open(array), /JSON object/);
  assert.throws(() => box.open({...sealed, nonce: 'short'}), CryptoError);
});

test('refuses keys of the wrong length, bad base64 or a public key of another secret key', () => {
  const [pk, sk] = keys();
  const [otherPk] = keys();
  assert.throws(() => new RecordBox(pk.slice(0, -4), sk), /32 bytes/);
  assert.throws(() => new RecordBox(pk, 'not base64!'), /base64/);
  assert.throws(() => new RecordBox(otherPk, sk), /does not belong/);
});
