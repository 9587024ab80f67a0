'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const timestamp = require('../src/timestamp');

test('format gives RFC 3339 UTC with exactly milliseconds', () => {
  assert.equal(timestamp.format(Date.UTC(2026, 10, 24, 10, 0, 0, 5)), '2026-11-24T10:00:00.005Z');
  assert.equal(timestamp.format(0), '1970-01-01T00:00:00.000Z');
});

test('parse accepts only the exact contract form of a real instant', () => {
  assert.equal(timestamp.parse('2026-11-24T10:00:00.123Z'), Date.UTC(2026, 10, 24, 10, 0, 0, 123));
  for (const bad of ['2026-11-24T10:00:00Z', '2026-11-24T10:00:00.12Z', '2026-11-24T10:00:00.1234Z',
    '2026-11-24T10:00:00.123+00:00', '2026-11-24 10:00:00.123Z', '2026-02-30T10:00:00.000Z',
    '2026-11-24T24:00:00.000Z', '', null, 5]) {
    assert.equal(timestamp.parse(bad), null, String(bad));
  }
});

test('the device clock follows the system clock until set, then stays where it was set', () => {
  const clock = new timestamp.DeviceClock();
  const before = Date.now();
  const now = clock.now();
  assert.ok(now >= before && now <= Date.now());
  clock.set(1234);
  assert.equal(clock.now(), 1234);
  assert.equal(clock.now(), 1234);
});
