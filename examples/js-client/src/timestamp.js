'use strict';
// Edit times on the wire (contract section 2): RFC 3339 UTC with exactly milliseconds,
// e.g. 2026-11-24T10:00:00.123Z, and the device clock that produces them.

const PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

// Milliseconds since the epoch -> "YYYY-MM-DDTHH:MM:SS.mmmZ" (toISOString has that exact form
// for years 0000..9999).
function format(ms) {
  return new Date(ms).toISOString();
}

// The text's instant in milliseconds, or null when it is not the contract's exact form or not a
// real date (2026-02-30 does not round-trip).
function parse(text) {
  if (typeof text !== 'string' || !PATTERN.test(text)) return null;
  const ms = Date.parse(text);
  if (Number.isNaN(ms) || format(ms) !== text) return null;
  return ms;
}

function isValid(text) {
  return parse(text) !== null;
}

// The device clock. It follows the system clock until set; once set (the adapter's `clock`
// request, a test), it stays at that instant until set again, so that edit times and the
// auto-sync rule are exactly what the test chose.
class DeviceClock {
  constructor() {
    this.fixed = null;
  }

  now() {
    return this.fixed === null ? Date.now() : this.fixed;
  }

  set(ms) {
    this.fixed = ms;
  }
}

module.exports = {format, parse, isValid, DeviceClock};
