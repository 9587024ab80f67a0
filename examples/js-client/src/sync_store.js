'use strict';
// The app's small sync store (a Zustand-like store): what the sync indicator and the settings
// screen show. The sync engine writes it; screens read it and may subscribe.
//   syncing      a sync or resolve is running
//   lastSyncAt   end of the last sync that completed (push and pull), device-clock ms, or null
//   pending      records not yet accepted by the server (pending + syncing)
//   conflicts    records in conflict
//   error        the last sync's failure message; null after a successful sync

class SyncStore {
  constructor() {
    this.state = {syncing: false, lastSyncAt: null, pending: 0, conflicts: 0, error: null};
    this.listeners = new Set();
  }

  getState() {
    return this.state;
  }

  setState(partial) {
    this.state = {...this.state, ...partial};
    for (const listener of this.listeners) listener(this.state);
  }

  // Returns the unsubscribe function.
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

module.exports = {SyncStore};
