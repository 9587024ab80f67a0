#pragma once
// Deliberate slips of a client's sync code (client mutants), as plain flags: the gate's own power
// on the client side (`syncsuite adapter --mutant NAME`). Each flag is checked at exactly one
// place in reference/client/, beside the correct logic, so the clean path reads without them.
// docs/client-mutants.md describes them.
#include <string>
#include <string_view>
#include <vector>

#include "reference/core/result.hpp"

namespace syncsuite::client {

struct ClientMutations {
  // crypto
  bool nonce_reuse = false;          // 3: one nonce for every seal of the device
  bool plaintext_leak = false;       // 3: pushed envelopes also carry the data in clear
  bool tombstone_plaintext = false;  // 2/3: a tombstone's "ciphertext" is {} behind a zero MAC
  // push
  bool reseal_on_retry = false;            // 8: a pending record is re-sealed on every push
  bool batch_over_500 = false;             // 4/8: all pending records in one request
  bool failed_push_marked_synced = false;  // 8: a failed push marks its records synced
  bool edit_during_push_synced = false;    // 8: an edit made during a push is marked synced
  // pull
  bool ignore_has_more = false;        // 8: one page per pull
  bool cursor_before_apply = false;    // 8: the cursor is saved before the page is applied
  bool undecryptable_skipped = false;  // 8: a record that does not open is skipped
  bool conflict_overwritten = false;   // 8: a later local copy is replaced by the server's
  // resolve
  bool resolve_stale_version = false;  // 6/8: expected_version from the local copy
  bool merged_keeps_old_time = false;  // 8: local/merged keeps the local copy's updated_at
  // auto-sync
  bool foreground_always_syncs = false;  // 8: every foreground syncs
  bool foreground_never_syncs = false;   // 8: foreground never syncs
  // sync state
  bool state_error_sticky = false;          // 9: the error is not cleared by a success
  bool state_pending_new_only = false;      // 9: pending leaves out edits of synced records
  bool state_last_sync_on_failure = false;  // 9: last_sync_at moves on a failed sync too

  bool operator==(const ClientMutations&) const = default;
  // "" gives the correct client; an unknown name is an error listing the valid names.
  static Result<ClientMutations> from_name(std::string_view name);
};

struct ClientMutantInfo {
  std::string name;         // e.g. "nonce-reuse"
  std::string area;         // crypto, push, pull, resolve, auto-sync, sync-state
  std::string section;      // contract section it violates, e.g. "3"
  std::string description;  // what it does wrong
};
// Every client mutant, in table order.
const std::vector<ClientMutantInfo>& client_mutants();

}  // namespace syncsuite::client
