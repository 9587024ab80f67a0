#pragma once
// What the app's sync store (Zustand) shows, and the small reports async operations complete with.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "reference/core/result.hpp"
#include "reference/core/timestamp.hpp"

namespace syncsuite::client {

enum class SyncStatus { idle, syncing, error };
std::string_view to_string(SyncStatus status);

struct SyncState {
  SyncStatus status = SyncStatus::idle;  // syncing while a network operation runs; error when
                                         // the last one failed
  std::optional<timestamp::Millis> last_sync_at;  // end of the last complete sync (push + pull)
  std::size_t pending_count = 0;                  // records not yet accepted: pending + syncing
  std::size_t conflict_count = 0;                 // records in conflict
  std::string last_error;  // message of the last failed operation; "" after a success
};

// Section 8 auto-sync: in the foreground, and never synced or the last sync over 5 minutes ago.
inline constexpr timestamp::Millis kAutoSyncAfterMs = 5 * 60 * 1000;
bool auto_sync_due(bool foreground, std::optional<timestamp::Millis> last_sync_at,
                   timestamp::Millis now);

// The completion of push, pull and sync. Counts cover what was applied before any error.
struct SyncReport {
  std::size_t pushed = 0;     // records sent in push requests answered with a valid 200
  std::size_t accepted = 0;   // of those, accepted
  std::size_t conflicts = 0;  // records that became conflicts (push answers and pulled pages)
  std::size_t pulled = 0;     // records received in pull pages that were applied
  std::optional<Error> error;
  bool ok() const { return !error.has_value(); }
};

}  // namespace syncsuite::client
