'use strict';
// What a pulled record does to the local copy (contract section 8), as a pure decision.

const timestamp = require('./timestamp');
const {SyncStatus} = require('./local_store');

const PullAction = Object.freeze({
  insert: 'insert',             // no local copy: store the server's as synced
  takeServer: 'takeServer',     // local updated_at earlier: the server's copy replaces it
  markConflict: 'markConflict',  // local updated_at later: conflict, both copies kept
  refreshConflict: 'refreshConflict',  // already in conflict: only the kept server copy changes
  keepLocal: 'keepLocal',       // equal updated_at, or the server copy is this edit's own base
});

// local: a LocalStore row or null; server: a pulled envelope (with version).
function decidePull(local, server) {
  if (local === null) return PullAction.insert;
  if (local.syncStatus === SyncStatus.conflict) return PullAction.refreshConflict;
  // An edit not pushed yet that was made on top of this very server version (say, while its
  // previous version was being pushed): the server has nothing new, the edit waits for the next
  // push instead of conflicting with its own base.
  const unpushed = local.syncStatus === SyncStatus.pending || local.syncStatus === SyncStatus.syncing;
  if (unpushed && local.version !== null && local.version === server.version) {
    return PullAction.keepLocal;
  }
  const mine = timestamp.parse(local.updatedAt);
  const theirs = timestamp.parse(server.updated_at);
  if (mine < theirs) return PullAction.takeServer;
  if (mine > theirs) return PullAction.markConflict;
  return PullAction.keepLocal;
}

module.exports = {PullAction, decidePull};
