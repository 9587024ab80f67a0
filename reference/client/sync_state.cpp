#include "reference/client/sync_state.hpp"

namespace syncsuite::client {

std::string_view to_string(SyncStatus status) {
  switch (status) {
    case SyncStatus::idle:
      return "idle";
    case SyncStatus::syncing:
      return "syncing";
    case SyncStatus::error:
      return "error";
  }
  return "idle";
}

bool auto_sync_due(bool foreground, std::optional<timestamp::Millis> last_sync_at,
                   timestamp::Millis now) {
  if (!foreground) return false;
  return !last_sync_at || now - *last_sync_at > kAutoSyncAfterMs;
}

}  // namespace syncsuite::client
