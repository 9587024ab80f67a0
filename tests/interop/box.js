#!/usr/bin/env node
// tweetnacl side of the crypto interop checks (contract section 3): nacl.box / nacl.box.open driven
// by JSON, so that a C++ test can compare bytes with libsodium.
//
// stdin: one JSON request, or a JSON array of requests; stdout: one answer per request (an array
// for an array), each {"ok": true, ...} or {"ok": false, "error": "<code>: <text>"}.
//   {"op":"seal","public_key":b64,"secret_key":b64,"nonce":b64 (optional: random),
//    "plaintext":utf8 | "plaintext_base64":b64}          -> {"ok":true,"nonce":b64,"ciphertext":b64}
//   {"op":"open","public_key":b64,"secret_key":b64,"nonce":b64,"ciphertext":b64}
//                                                       -> {"ok":true,"plaintext_base64":b64}
// public_key is the other party's (for a user's own records: the user's own), as in nacl.box.
'use strict';

const nacl = require('tweetnacl');
const util = require('tweetnacl-util');

class InputError extends Error {}

function bytesField(req, name, length) {
  const text = req[name];
  if (typeof text !== 'string') throw new InputError(`${name} must be a base64 string`);
  let bytes;
  try {
    bytes = util.decodeBase64(text);  // strict: throws on bad alphabet or padding
  } catch (e) {
    throw new InputError(`${name} is not standard base64`);
  }
  if (length !== undefined && bytes.length !== length) {
    throw new InputError(`${name} must decode to ${length} bytes, got ${bytes.length}`);
  }
  return bytes;
}

function seal(req) {
  const pk = bytesField(req, 'public_key', nacl.box.publicKeyLength);
  const sk = bytesField(req, 'secret_key', nacl.box.secretKeyLength);
  const nonce = req.nonce === undefined ? nacl.randomBytes(nacl.box.nonceLength)
                                        : bytesField(req, 'nonce', nacl.box.nonceLength);
  let message;
  if (typeof req.plaintext === 'string') message = util.decodeUTF8(req.plaintext);
  else message = bytesField(req, 'plaintext_base64');
  const box = nacl.box(message, nonce, pk, sk);
  return {ok: true, nonce: util.encodeBase64(nonce), ciphertext: util.encodeBase64(box)};
}

function open(req) {
  const pk = bytesField(req, 'public_key', nacl.box.publicKeyLength);
  const sk = bytesField(req, 'secret_key', nacl.box.secretKeyLength);
  const nonce = bytesField(req, 'nonce', nacl.box.nonceLength);
  const box = bytesField(req, 'ciphertext');
  const message = nacl.box.open(box, nonce, pk, sk);
  if (message === null) {
    return {ok: false, error: 'decrypt_failed: nacl.box.open rejected the ciphertext'};
  }
  return {ok: true, plaintext_base64: util.encodeBase64(message)};
}

function answer(req) {
  try {
    if (req === null || typeof req !== 'object') throw new InputError('request must be an object');
    if (req.op === 'seal') return seal(req);
    if (req.op === 'open') return open(req);
    throw new InputError(`unknown op ${JSON.stringify(req.op)}`);
  } catch (e) {
    if (e instanceof InputError) return {ok: false, error: `bad_input: ${e.message}`};
    throw e;
  }
}

function main() {
  const chunks = [];
  process.stdin.on('data', (c) => chunks.push(c));
  process.stdin.on('end', () => {
    let input;
    try {
      input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (e) {
      process.stderr.write(`box.js: stdin is not JSON: ${e.message}\n`);
      process.exit(2);
    }
    const out = Array.isArray(input) ? input.map(answer) : answer(input);
    process.stdout.write(JSON.stringify(out) + '\n');
  });
}

main();
