'use strict';
// The sync server's HTTP API (contract sections 1, 3-6): JSON over fetch with
// `Authorization: Token <token>`. Answers are checked against the contract before the sync engine
// sees them; anything else is an ApiError:
//   kind "network"       no answer: connection refused, dropped, reset, timed out, body cut short
//   kind "http"          an unexpected status (status and the server's detail in the message)
//   kind "bad_response"  a 200 that breaks the contract (the message names the field)
// Messages never hold the token or record data.

const timestamp = require('./timestamp');

class ApiError extends Error {
  constructor(kind, message, status = null) {
    super(message);
    this.kind = kind;
    this.status = status;
  }
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// A full server envelope (with version): throws bad_response naming the field.
function checkEnvelope(env, where) {
  if (!isObject(env)) throw new ApiError('bad_response', `${where}: not an object`);
  for (const field of ['table', 'id', 'nonce', 'ciphertext']) {
    if (typeof env[field] !== 'string') {
      throw new ApiError('bad_response', `${where}.${field}: not a string`);
    }
  }
  if (!timestamp.isValid(env.updated_at)) {
    throw new ApiError('bad_response', `${where}.updated_at: not RFC 3339 UTC with milliseconds`);
  }
  if (typeof env.deleted !== 'boolean') {
    throw new ApiError('bad_response', `${where}.deleted: not a boolean`);
  }
  if (!Number.isSafeInteger(env.version) || env.version < 1) {
    throw new ApiError('bad_response', `${where}.version: not a positive integer`);
  }
  return env;
}

class SyncApi {
  // server: base URL ("http://127.0.0.1:8000"); fetchImpl: a fetch function (tests wrap it);
  // timeoutMs: per request, answer included (an app gives up on a silent server and retries on
  // the next sync).
  constructor({server, token, fetchImpl = globalThis.fetch, timeoutMs = 10000}) {
    this.base = String(server).replace(/\/+$/, '');
    this.token = token;
    this.fetch = fetchImpl;
    this.timeoutMs = timeoutMs;
  }

  // -> {status, body}; body is the parsed JSON (null when the answer had none or not JSON).
  async request(method, path, body) {
    const headers = {Authorization: `Token ${this.token}`, Accept: 'application/json'};
    const init = {method, headers, signal: AbortSignal.timeout(this.timeoutMs)};
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let text;
    let status;
    try {
      const response = await this.fetch(this.base + path, init);
      status = response.status;
      text = await response.text();
    } catch (e) {
      const cause = e && e.cause && e.cause.code ? ` (${e.cause.code})` : '';
      throw new ApiError('network', `${method} ${path}: no answer: ${e.message}${cause}`);
    }
    let parsed = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch (e) {
      parsed = null;
    }
    return {status, body: parsed};
  }

  static unexpected(method, path, answer) {
    const detail = isObject(answer.body) && typeof answer.body.detail === 'string'
      ? `: ${answer.body.detail.slice(0, 200)}` : '';
    return new ApiError('http', `${method} ${path}: HTTP ${answer.status}${detail}`, answer.status);
  }

  // PUT /key/ (section 3); the answer must echo the key.
  async putKey(publicKey) {
    const path = '/api/v1/sync/key/';
    const answer = await this.request('PUT', path, {public_key: publicKey});
    if (answer.status !== 200) throw SyncApi.unexpected('PUT', path, answer);
    if (!isObject(answer.body) || answer.body.public_key !== publicKey) {
      throw new ApiError('bad_response', `PUT ${path}: the answer does not echo the public key`);
    }
  }

  // POST /push/ (section 4) -> one result per sent envelope, in order:
  // {status: "accepted", version} or {status: "conflict", server: <envelope>}.
  async push(deviceId, envelopes) {
    const path = '/api/v1/sync/push/';
    const answer = await this.request('POST', path, {device_id: deviceId, records: envelopes});
    if (answer.status !== 200) throw SyncApi.unexpected('POST', path, answer);
    const results = isObject(answer.body) ? answer.body.results : undefined;
    if (!Array.isArray(results) || results.length !== envelopes.length) {
      throw new ApiError('bad_response', `POST ${path}: results must have one entry per record`);
    }
    return results.map((result, i) => {
      const where = `POST ${path}: results[${i}]`;
      const sent = envelopes[i];
      if (!isObject(result) || result.table !== sent.table || result.id !== sent.id) {
        throw new ApiError('bad_response', `${where}: not the record sent at that position`);
      }
      if (result.status === 'accepted') {
        if (!Number.isSafeInteger(result.version) || result.version < 1) {
          throw new ApiError('bad_response', `${where}.version: not a positive integer`);
        }
        return {status: 'accepted', version: result.version};
      }
      if (result.status === 'conflict') {
        const server = checkEnvelope(result.server, `${where}.server`);
        if (server.table !== sent.table || server.id !== sent.id) {
          throw new ApiError('bad_response', `${where}.server: another record`);
        }
        return {status: 'conflict', server};
      }
      throw new ApiError('bad_response', `${where}.status: neither accepted nor conflict`);
    });
  }

  // GET /pull/ (section 5) -> {records, cursor, hasMore}.
  async pull(since, limit) {
    const path = '/api/v1/sync/pull/';
    const query = `?since=${encodeURIComponent(since)}&limit=${limit}`;
    const answer = await this.request('GET', path + query);
    if (answer.status !== 200) throw SyncApi.unexpected('GET', path, answer);
    const body = answer.body;
    if (!isObject(body) || !Array.isArray(body.records)) {
      throw new ApiError('bad_response', `GET ${path}: records is not an array`);
    }
    if (typeof body.cursor !== 'string') {
      throw new ApiError('bad_response', `GET ${path}: cursor is not a string`);
    }
    if (typeof body.has_more !== 'boolean') {
      throw new ApiError('bad_response', `GET ${path}: has_more is not a boolean`);
    }
    body.records.forEach((env, i) => checkEnvelope(env, `GET ${path}: records[${i}]`));
    return {records: body.records, cursor: body.cursor, hasMore: body.has_more};
  }

  // POST /resolve/ (section 6) -> {applied: true, record} on 200, {applied: false, record: the
  // current server copy} on 409.
  async resolve(request) {
    const path = '/api/v1/sync/resolve/';
    const answer = await this.request('POST', path, request);
    const field = answer.status === 200 ? 'record' : answer.status === 409 ? 'server' : null;
    if (field === null) throw SyncApi.unexpected('POST', path, answer);
    const record = checkEnvelope(isObject(answer.body) ? answer.body[field] : undefined,
      `POST ${path} (${answer.status}): ${field}`);
    if (record.table !== request.table || record.id !== request.id) {
      throw new ApiError('bad_response', `POST ${path}: the answer is about another record`);
    }
    return {applied: answer.status === 200, record};
  }
}

module.exports = {SyncApi, ApiError};
