#include "reference/server/write_rules.hpp"

namespace syncsuite::server {

WriteAction decide_write(const std::optional<protocol::Envelope>& stored,
                         const protocol::EnvelopeView& pushed, const Mutations& mutations) {
  if (!stored) return WriteAction::insert;
  if (pushed.same_content(*stored)) {
    return mutations.retry_bumps_version ? WriteAction::overwrite : WriteAction::retry;
  }
  // The text form is fixed-width (YYYY-MM-DDTHH:MM:SS.mmmZ), so text order is time order.
  if (pushed.updated_at > stored->updated_at) return WriteAction::overwrite;
  if (pushed.updated_at == stored->updated_at && mutations.tie_overwrites) {
    return WriteAction::overwrite;
  }
  if (mutations.no_conflict_check) return WriteAction::overwrite;
  return WriteAction::conflict;
}

}  // namespace syncsuite::server
