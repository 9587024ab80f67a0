'use strict';
// A fetch for SyncClient that records every request it sends (method, path with query, parsed
// body) and its answer (status, parsed JSON or null), and may run a hook first: the client's own view of what it sent,
// for checks such as "re-sent byte for byte" and "batches of at most 500".

function recordingFetch(log, hook = async () => {}) {
  return async (url, init) => {
    const parsed = new URL(url);
    const entry = {method: init.method, path: parsed.pathname, query: parsed.searchParams,
      text: init.body === undefined ? null : init.body};
    entry.body = entry.text === null ? null : JSON.parse(entry.text);
    log.push(entry);
    await hook(entry);
    const response = await fetch(url, init);
    entry.status = response.status;
    entry.answer = await response.clone().text().then((text) => JSON.parse(text), () => null);
    return response;
  };
}

module.exports = {recordingFetch};
