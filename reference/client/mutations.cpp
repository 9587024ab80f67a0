#include "reference/client/mutations.hpp"

namespace syncsuite::client {
namespace {

struct MutantEntry {
  ClientMutantInfo info;
  bool ClientMutations::*flag;
};

// The one table of client mutants: name, area, contract section, description, flag.
const std::vector<MutantEntry>& mutant_table() {
  static const std::vector<MutantEntry> table = {
      {{"nonce-reuse", "crypto", "3",
        "one random nonce, drawn when the device opens, seals every record and version"},
       &ClientMutations::nonce_reuse},
      {{"plaintext-leak", "crypto", "3",
        "each pushed envelope also carries the record's data in clear (an extra \"data\" field)"},
       &ClientMutations::plaintext_leak},
      {{"tombstone-plaintext", "crypto", "2",
        "a tombstone's ciphertext is the text {} behind 16 zero bytes, not a crypto_box"},
       &ClientMutations::tombstone_plaintext},
      {{"reseal-on-retry", "push", "8",
        "a pending record is sealed again (fresh nonce) on every push, so a retry after a lost "
        "answer is no longer byte-identical and conflicts with itself"},
       &ClientMutations::reseal_on_retry},
      {{"batch-over-500", "push", "4",
        "all pending records go in one push request, however many there are"},
       &ClientMutations::batch_over_500},
      {{"failed-push-marked-synced", "push", "8",
        "records of a failed push (network error, 5xx) are marked synced instead of pending"},
       &ClientMutations::failed_push_marked_synced},
      {{"edit-during-push-synced", "push", "8",
        "an edit made while its record is in a push is marked synced when that push is accepted"},
       &ClientMutations::edit_during_push_synced},
      {{"ignore-has-more", "pull", "8",
        "a pull fetches one page and stops, whatever has_more says"},
       &ClientMutations::ignore_has_more},
      {{"cursor-before-apply", "pull", "8",
        "the page's cursor is saved before the page is applied, so a failed page is never "
        "fetched again"},
       &ClientMutations::cursor_before_apply},
      {{"undecryptable-skipped", "pull", "8",
        "a pulled record that does not open is skipped silently and the cursor moves past it"},
       &ClientMutations::undecryptable_skipped},
      {{"conflict-overwritten", "pull", "8",
        "a pulled record older than the local copy replaces it instead of marking a conflict"},
       &ClientMutations::conflict_overwritten},
      {{"resolve-stale-version", "resolve", "8",
        "resolve sends the local copy's version as expected_version, not the server copy's"},
       &ClientMutations::resolve_stale_version},
      {{"merged-keeps-old-time", "resolve", "8",
        "a local or merged resolution keeps the local copy's updated_at instead of one past both "
        "copies"},
       &ClientMutations::merged_keeps_old_time},
      {{"foreground-always-syncs", "auto-sync", "8",
        "every foreground syncs, even within 5 minutes of the last sync"},
       &ClientMutations::foreground_always_syncs},
      {{"foreground-never-syncs", "auto-sync", "8", "coming to the foreground never syncs"},
       &ClientMutations::foreground_never_syncs},
      {{"state-error-sticky", "sync-state", "9",
        "the sync state keeps the last error after a later success"},
       &ClientMutations::state_error_sticky},
      {{"state-pending-new-only", "sync-state", "9",
        "the pending count covers only records the server never accepted: edits of synced "
        "records are not counted"},
       &ClientMutations::state_pending_new_only},
      {{"state-last-sync-on-failure", "sync-state", "9",
        "last_sync_at moves at the end of a failed sync too (so foreground does not retry it)"},
       &ClientMutations::state_last_sync_on_failure},
  };
  return table;
}

}  // namespace

Result<ClientMutations> ClientMutations::from_name(std::string_view name) {
  ClientMutations mutations;
  if (name.empty()) return mutations;
  std::string valid;
  for (const auto& entry : mutant_table()) {
    if (entry.info.name == name) {
      mutations.*entry.flag = true;
      return mutations;
    }
    if (!valid.empty()) valid += ", ";
    valid += entry.info.name;
  }
  return make_error("unknown_mutant",
                    "unknown client mutant \"" + std::string(name) + "\"; valid names: " + valid);
}

const std::vector<ClientMutantInfo>& client_mutants() {
  static const std::vector<ClientMutantInfo> infos = [] {
    std::vector<ClientMutantInfo> out;
    for (const auto& entry : mutant_table()) out.push_back(entry.info);
    return out;
  }();
  return infos;
}

}  // namespace syncsuite::client
