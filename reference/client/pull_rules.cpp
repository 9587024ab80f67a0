#include "reference/client/pull_rules.hpp"

#include "reference/core/timestamp.hpp"

namespace syncsuite::client {

PullAction decide_pull(const StoredRecord* local, const protocol::Envelope& server) {
  if (local == nullptr) return PullAction::insert;
  if (local->status == RecordStatus::conflict) return PullAction::refresh_conflict;
  const bool unpushed =
      local->status == RecordStatus::pending || local->status == RecordStatus::syncing;
  if (unpushed && local->envelope.version && server.version &&
      *local->envelope.version == *server.version) {
    return PullAction::keep_local;
  }
  // Both are valid contract timestamps (checked on the way in); compare instants, and fall back
  // to text order, which is the same order for this exact format.
  const auto mine = timestamp::parse(local->envelope.updated_at);
  const auto theirs = timestamp::parse(server.updated_at);
  const int order = mine && theirs ? (*mine < *theirs   ? -1
                                      : *mine > *theirs ? 1
                                                        : 0)
                                   : local->envelope.updated_at.compare(server.updated_at);
  if (order < 0) return PullAction::take_server;
  if (order > 0) return PullAction::mark_conflict;
  return PullAction::keep_local;
}

}  // namespace syncsuite::client
