'use strict';
// Record encryption (contract section 3): NaCl crypto_box with the user's own keypair, as
// tweetnacl's nacl.box; a fresh random 24-byte nonce per seal; standard base64 with padding.
// The shared key is computed once (nacl.box.before) and each box made with nacl.box.after, which
// gives the same bytes as nacl.box(message, nonce, publicKey, secretKey) without redoing X25519.

const nacl = require('tweetnacl');
const util = require('tweetnacl-util');

class CryptoError extends Error {}

// Strict standard base64 (tweetnacl-util refuses a wrong alphabet or padding) of `length` bytes.
function decodeKey(text, name, length) {
  if (typeof text !== 'string') throw new CryptoError(`${name} must be a base64 string`);
  let bytes;
  try {
    bytes = util.decodeBase64(text);
  } catch (e) {
    throw new CryptoError(`${name} is not standard base64`);
  }
  if (bytes.length !== length) {
    throw new CryptoError(`${name} must decode to ${length} bytes, got ${bytes.length}`);
  }
  return bytes;
}

class RecordBox {
  // The user's keypair as standard base64 (32 bytes each). The secret key is used for the
  // shared key only and not kept.
  constructor(publicKeyB64, secretKeyB64) {
    const publicKey = decodeKey(publicKeyB64, 'public_key', nacl.box.publicKeyLength);
    const secretKey = decodeKey(secretKeyB64, 'secret_key', nacl.box.secretKeyLength);
    const derived = nacl.box.keyPair.fromSecretKey(secretKey).publicKey;
    if (util.encodeBase64(derived) !== util.encodeBase64(publicKey)) {
      throw new CryptoError('public_key does not belong to secret_key');
    }
    this.publicKeyB64 = util.encodeBase64(publicKey);
    this.sharedKey = nacl.box.before(publicKey, secretKey);
    secretKey.fill(0);
  }

  // A JSON object -> {nonce, ciphertext}, both standard base64, under a fresh random nonce.
  seal(data) {
    const nonce = nacl.randomBytes(nacl.box.nonceLength);
    const message = util.decodeUTF8(JSON.stringify(data));
    const box = nacl.box.after(message, nonce, this.sharedKey);
    return {nonce: util.encodeBase64(nonce), ciphertext: util.encodeBase64(box)};
  }

  // {nonce, ciphertext} of an envelope -> the JSON object it holds; throws CryptoError when it
  // does not open with the user's key or does not hold a JSON object.
  open(envelope) {
    const where = `${envelope.table}/${envelope.id}`;
    let nonce;
    let box;
    try {
      nonce = decodeKey(envelope.nonce, 'nonce', nacl.box.nonceLength);
      box = util.decodeBase64(envelope.ciphertext);
    } catch (e) {
      throw new CryptoError(`record ${where}: nonce or ciphertext is not valid base64`);
    }
    const message = nacl.box.open.after(box, nonce, this.sharedKey);
    if (message === null) throw new CryptoError(`record ${where} does not open with the device key`);
    let data;
    try {
      data = JSON.parse(util.encodeUTF8(message));
    } catch (e) {
      throw new CryptoError(`record ${where} does not hold JSON`);
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new CryptoError(`record ${where} does not hold a JSON object`);
    }
    return data;
  }
}

module.exports = {RecordBox, CryptoError};
