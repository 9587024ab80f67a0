'use strict';
// Contract section 8, pull: what a pulled record does to the local copy.
const test = require('node:test');
const assert = require('node:assert/strict');
const {PullAction, decidePull} = require('../src/pull_rules');

const T1 = '2026-11-24T10:00:00.000Z';
const T2 = '2026-11-24T10:00:00.001Z';

function local(syncStatus, updatedAt, version) {
  return {table: 't', id: 'r', data: {}, updatedAt, deleted: false, syncStatus, version,
    sealed: null, editCount: 1, server: null};
}
function server(updatedAt, version) {
  return {table: 't', id: 'r', updated_at: updatedAt, deleted: false, nonce: 'n', ciphertext: 'c', version};
}

const cases = [
  ['no local copy', null, server(T1, 1), PullAction.insert],
  ['synced, earlier', local('synced', T1, 1), server(T2, 2), PullAction.takeServer],
  ['synced, later', local('synced', T2, 1), server(T1, 2), PullAction.markConflict],
  ['synced, equal', local('synced', T1, 1), server(T1, 1), PullAction.keepLocal],
  ['pending, earlier', local('pending', T1, null), server(T2, 1), PullAction.takeServer],
  ['pending, later, other base', local('pending', T2, 1), server(T1, 2), PullAction.markConflict],
  ['pending edit on this very version', local('pending', T2, 3), server(T1, 3), PullAction.keepLocal],
  ['in conflict, later server', local('conflict', T1, 1), server(T2, 4), PullAction.refreshConflict],
  ['in conflict, equal', local('conflict', T1, 1), server(T1, 4), PullAction.refreshConflict],
];

for (const [name, mine, theirs, expected] of cases) {
  test(`pull rule: ${name} -> ${expected}`, () => {
    assert.equal(decidePull(mine, theirs), expected);
  });
}
