#!/usr/bin/env node
'use strict';
// The section 9 adapter of this client (contract section 9, "Client driver protocol"): one JSON
// request per line on stdin, exactly one JSON answer line on stdout per request, in order.
// Every answer has "ok"; "error" when ok is false. Supports the optional clock, foreground and
// state requests. stdout carries answers only: every log goes to stderr.
//
// Environment (optional, for tests that want small pages): SYNCSUITE_JS_PULL_LIMIT (1..1000),
// SYNCSUITE_JS_PUSH_BATCH (1..500), SYNCSUITE_JS_TIMEOUT_MS (per HTTP request, default 10000).

const readline = require('node:readline');
const {SyncClient} = require('./src/sync_client');
const timestamp = require('./src/timestamp');

// Nothing but answers may reach stdout, whatever a dependency prints.
for (const name of ['log', 'info', 'debug', 'warn']) console[name] = console.error;

function envNumber(name) {
  const text = process.env[name];
  return text === undefined || text === '' ? undefined : Number(text);
}

function field(request, name, type) {
  const value = request[name];
  if (typeof value !== type) throw new Error(`${name} must be a ${type}`);
  return value;
}

function optionalTime(request) {
  const value = request.updated_at;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new Error('updated_at must be a string');
  return value;
}

class Adapter {
  constructor() {
    this.client = null;
    this.clockBeforeInit = null;  // a clock request that came before init applies to its device
  }

  requireClient() {
    if (this.client === null) throw new Error('no device yet: send init first');
    return this.client;
  }

  // One request -> its answer object (without ok); throws for ok:false.
  async handle(request) {
    switch (request.op) {
      case 'init':
        this.client = await SyncClient.init({
          server: field(request, 'server', 'string'),
          token: field(request, 'token', 'string'),
          publicKey: field(request, 'public_key', 'string'),
          secretKey: field(request, 'secret_key', 'string'),
          deviceId: field(request, 'device_id', 'string'),
          pullLimit: envNumber('SYNCSUITE_JS_PULL_LIMIT'),
          pushBatch: envNumber('SYNCSUITE_JS_PUSH_BATCH'),
          timeoutMs: envNumber('SYNCSUITE_JS_TIMEOUT_MS'),
        });
        if (this.clockBeforeInit !== null) this.client.setClock(this.clockBeforeInit);
        return {};
      case 'put':
        this.requireClient().put(field(request, 'table', 'string'), field(request, 'id', 'string'),
          request.data, optionalTime(request));
        return {};
      case 'delete':
        this.requireClient().delete(field(request, 'table', 'string'),
          field(request, 'id', 'string'), optionalTime(request));
        return {};
      case 'sync':
        await this.requireClient().sync();
        return {};
      case 'records':
        return {records: this.requireClient().records()};
      case 'resolve':
        await this.requireClient().resolve(field(request, 'table', 'string'),
          field(request, 'id', 'string'), field(request, 'choice', 'string'), request.data);
        return {};
      case 'clock': {
        const now = field(request, 'now', 'string');
        if (this.client === null) {
          if (!timestamp.isValid(now)) throw new Error('now must be RFC 3339 UTC with milliseconds');
          this.clockBeforeInit = now;
        } else {
          this.client.setClock(now);
        }
        return {};
      }
      case 'foreground':
        return {synced: await this.requireClient().foreground()};
      case 'state':
        return {state: this.requireClient().state()};
      case 'quit':
        return {};
      default:
        throw new Error(`unknown op ${JSON.stringify(request.op)}`);
    }
  }

  async answer(line) {
    let request;
    try {
      request = JSON.parse(line);
    } catch (e) {
      return {ok: false, error: `request is not JSON: ${e.message}`};
    }
    if (request === null || typeof request !== 'object' || Array.isArray(request)) {
      return {ok: false, error: 'request is not a JSON object'};
    }
    try {
      return {ok: true, ...(await this.handle(request))};
    } catch (e) {
      console.error(`js-client adapter: ${request.op}: ${e.message}`);
      return {ok: false, error: e.message};
    }
  }
}

function main() {
  const adapter = new Adapter();
  // The suite went away: nobody reads the answers any more.
  process.stdout.on('error', () => process.exit(0));
  const input = readline.createInterface({input: process.stdin, crlfDelay: Infinity});
  // Requests are answered one at a time, in order, even if the next line arrives early.
  let queue = Promise.resolve();
  input.on('line', (line) => {
    queue = queue.then(async () => {
      if (line.trim() === '') return;
      const reply = await adapter.answer(line);
      const text = `${JSON.stringify(reply)}\n`;
      let quitting = false;
      try {
        quitting = JSON.parse(line).op === 'quit';
      } catch (e) {
        quitting = false;
      }
      await new Promise((resolve) => process.stdout.write(text, resolve));
      if (quitting) process.exit(0);
    });
  });
  // stdin closed without quit: finish what was asked, then leave.
  input.on('close', () => queue.then(() => process.exit(0)));
}

main();
