#pragma once
// What a pulled record does to the local copy (contract section 8), as a pure decision.
#include "reference/client/local_store.hpp"
#include "reference/protocol/envelope.hpp"

namespace syncsuite::client {

enum class PullAction {
  insert,            // no local copy: store the server's as synced
  take_server,       // local updated_at earlier: the server's copy replaces it, synced
  mark_conflict,     // local updated_at later: conflict, both copies kept
  refresh_conflict,  // already in conflict: stays so, only the kept server copy is replaced
  keep_local,        // equal updated_at, or the server copy is the base of an unpushed edit
};

// `server` carries a version. A local record that is pending (an edit not pushed yet) and already
// knows the server's version was edited after that very version: the server has nothing this
// device has not seen, so the edit stays pending for the next push instead of conflicting with
// its own base (this happens to a record edited while its push was in flight).
PullAction decide_pull(const StoredRecord* local, const protocol::Envelope& server);

}  // namespace syncsuite::client
