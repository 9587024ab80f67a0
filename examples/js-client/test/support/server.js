'use strict';
// The server the server tests run against, named by the environment (tests/scripts/
// js_client.test.sh sets it; without it those tests are skipped):
//   SYNCSUITE_URL, SYNCSUITE_ACCOUNTS            a plain server and its accounts YAML
//   SYNCSUITE_CONTROL_URL, SYNCSUITE_CONTROL_ACCOUNTS  a server started with --control, whose
//                                                 faults the fault tests install (theirs alone)
// Plus raw HTTP helpers that read and write the server as another device would.

const fs = require('node:fs');
const crypto = require('node:crypto');
const nacl = require('tweetnacl');
const util = require('tweetnacl-util');

function target(urlVar, accountsVar) {
  const url = process.env[urlVar];
  const accounts = process.env[accountsVar];
  if (!url || !accounts) return null;
  const text = fs.readFileSync(accounts, 'utf8');
  const tokens = [...text.matchAll(/^\s*-\s*token:\s*"([^"]+)"\s*$/gm)].map((m) => m[1]);
  return {url, tokens};
}

const plain = target('SYNCSUITE_URL', 'SYNCSUITE_ACCOUNTS');
const control = target('SYNCSUITE_CONTROL_URL', 'SYNCSUITE_CONTROL_ACCOUNTS');
const skipPlain = plain ? false : 'SYNCSUITE_URL / SYNCSUITE_ACCOUNTS not set (run tests/scripts/js_client.test.sh)';
const skipControl = control ? false
  : 'SYNCSUITE_CONTROL_URL / SYNCSUITE_CONTROL_ACCOUNTS not set (run tests/scripts/js_client.test.sh)';

function wireKeys(pair) {
  return {publicKey: util.encodeBase64(pair.publicKey), secretKey: util.encodeBase64(pair.secretKey)};
}

// A fresh keypair in the wire form.
function keypair() {
  return wireKeys(nacl.box.keyPair());
}

// The account's keypair: all devices of a user hold the same one (contract section 3), and the
// test files, which run in parallel processes on the same accounts, must agree on it; so it is
// derived from the token.
function accountKeys(token) {
  const seed = nacl.hash(util.decodeUTF8(`syncsuite js-client test keypair v1 ${token}`)).slice(0, 32);
  return wireKeys(nacl.box.keyPair.fromSecretKey(seed));
}

// Record ids no other test or run uses (contract section 10: a run judges only what it wrote).
function freshId(label) {
  return `${label}-${crypto.randomBytes(6).toString('hex')}`;
}

async function http(url, token, method, path, body) {
  const headers = {Authorization: `Token ${token}`};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url + path, {method, headers,
    body: body === undefined ? undefined : JSON.stringify(body)});
  const text = await response.text();
  return {status: response.status, body: text === '' ? null : JSON.parse(text)};
}

// Every record of the account, following the cursor (limit 1000 per page).
async function pullAll(url, token) {
  const records = new Map();
  let cursor = '';
  for (;;) {
    const page = await http(url, token, 'GET', `/api/v1/sync/pull/?since=${encodeURIComponent(cursor)}&limit=1000`);
    if (page.status !== 200) throw new Error(`pull answered ${page.status}`);
    for (const r of page.body.records) records.set(`${r.table}/${r.id}`, r);
    cursor = page.body.cursor;
    if (!page.body.has_more) return records;
  }
}

// nacl.box.open with the plain (not precomputed) tweetnacl API -> the JSON object, or null.
function openEnvelope(env, keys) {
  const message = nacl.box.open(util.decodeBase64(env.ciphertext), util.decodeBase64(env.nonce),
    util.decodeBase64(keys.publicKey), util.decodeBase64(keys.secretKey));
  return message === null ? null : JSON.parse(util.encodeUTF8(message));
}

// An envelope sealed with `keys` (another user's, to make a record that does not open).
function sealEnvelope(table, id, updatedAt, data, keys) {
  const nonce = nacl.randomBytes(24);
  const box = nacl.box(util.decodeUTF8(JSON.stringify(data)), nonce,
    util.decodeBase64(keys.publicKey), util.decodeBase64(keys.secretKey));
  return {table, id, updated_at: updatedAt, deleted: false,
    nonce: util.encodeBase64(nonce), ciphertext: util.encodeBase64(box)};
}

// Installs a fault plan on the control server (mockserver/fault_plan.hpp); [] removes them.
async function setFaults(rules) {
  const path = '/__syncsuite/control/faults/';
  const response = rules.length === 0
    ? await fetch(control.url + path, {method: 'DELETE'})
    : await fetch(control.url + path, {method: 'POST', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({rules})});
  if (response.status !== 200) throw new Error(`fault plan refused: ${await response.text()}`);
}

module.exports = {plain, control, skipPlain, skipControl, keypair, accountKeys, freshId, http, pullAll,
  openEnvelope, sealEnvelope, setFaults};
