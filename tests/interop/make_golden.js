#!/usr/bin/env node
// Writes tests/golden/crypto/box_vectors.json: crypto_box known answers computed by tweetnacl from
// fixed inputs. Run once; the file is then kept as golden. The C++ tests check that libsodium
// (RecordBox and seal_easy) gives the same bytes, and tweetnacl_interop_test checks that tweetnacl
// still does. The first vector is NaCl's own published box test (alicesk, bobpk, the 131-byte
// message) and is asserted here before anything is written, so a wrong tweetnacl cannot mint it.
//   usage: node make_golden.js [output-path]
'use strict';

const fs = require('fs');
const path = require('path');
const nacl = require('tweetnacl');
const util = require('tweetnacl-util');

const hex = (s) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const b64 = (bytes) => util.encodeBase64(bytes);
const seeded = (label, n) => nacl.hash(util.decodeUTF8(label)).slice(0, n);

// NaCl's tests/box.c (also libsodium test/default/box.c and box.exp).
const nacl_vector = {
  alicesk: hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'),
  bobpk: hex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f'),
  nonce: hex('69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37'),
  m: hex(`be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffce5ecbaaf33bd751a1ac728d45e6c
          61296cdc3c01233561f41db66cce314adb310e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f
          21af1fde048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f937763848645e0705`),
  c: hex(`f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce48332ea7164d96a4476fb8c531a1
          186ac0dfc17c98dce87b4da7f011ec48c97271d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8ab9321645
          48e526ae90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b37973f622a43d14a6599b
          1f654cb45a74e355a5`),
};

function vector(name, note, pk, sk, nonce, message) {
  return {
    name,
    note,
    public_key: b64(pk),
    secret_key: b64(sk),
    self: b64(nacl.box.keyPair.fromSecretKey(sk).publicKey) === b64(pk),
    nonce: b64(nonce),
    plaintext_base64: b64(message),
    ciphertext: b64(nacl.box(message, nonce, pk, sk)),
  };
}

function main() {
  const out = process.argv[2] ||
      path.join(__dirname, '..', 'golden', 'crypto', 'box_vectors.json');

  const v = nacl_vector;
  const got = nacl.box(v.m, v.nonce, v.bobpk, v.alicesk);
  if (b64(got) !== b64(v.c)) throw new Error('tweetnacl does not reproduce the NaCl box vector');

  const user = nacl.box.keyPair.fromSecretKey(seeded('syncsuite golden user 1', 32));
  const other = nacl.box.keyPair.fromSecretKey(seeded('syncsuite golden user 2', 32));
  const pattern = Uint8Array.from({length: 4096}, (_, i) => (i * 7 + 3) & 0xff);
  const record = util.decodeUTF8(JSON.stringify(
      {amount: -12.5, currency: 'EUR', note: 'caf\u00e9 \u2615 receipt', category: 'food'}));

  const vectors = [
    vector('nacl-box-c', 'NaCl tests/box.c: crypto_box_easy(m, nonce, bobpk, alicesk)',
           v.bobpk, v.alicesk, v.nonce, v.m),
    vector('self-empty', 'empty plaintext: the MAC alone (16 bytes)', user.publicKey,
           user.secretKey, seeded('syncsuite golden nonce 1', 24), new Uint8Array(0)),
    vector('self-tombstone', 'a tombstone body: {}', user.publicKey, user.secretKey,
           seeded('syncsuite golden nonce 2', 24), util.decodeUTF8('{}')),
    vector('self-record', 'a record JSON with non-ASCII UTF-8', user.publicKey, user.secretKey,
           seeded('syncsuite golden nonce 3', 24), record),
    vector('self-4k', '4096 bytes (i*7+3) mod 256', user.publicKey, user.secretKey,
           seeded('syncsuite golden nonce 4', 24), pattern),
    vector('zero-nonce', 'all-zero nonce (valid for a known-answer test, never in use)',
           user.publicKey, user.secretKey, new Uint8Array(24), util.decodeUTF8('{"a":1}')),
    vector('two-users', 'user 2 boxes to user 1 (not the contract use; checks key order)',
           user.publicKey, other.secretKey, seeded('syncsuite golden nonce 5', 24), record),
  ];

  const doc = {
    schema_version: 1,
    description: 'crypto_box (X25519-XSalsa20-Poly1305) known answers: ciphertext = ' +
        'crypto_box_easy(plaintext, nonce, public_key, secret_key), standard base64. ' +
        'Made by tests/interop/make_golden.js with tweetnacl 1.0.3; checked against libsodium.',
    vectors,
  };
  fs.mkdirSync(path.dirname(out), {recursive: true});
  fs.writeFileSync(out, JSON.stringify(doc, null, 2) + '\n');
  process.stdout.write(`wrote ${vectors.length} vectors to ${out}\n`);
}

main();
