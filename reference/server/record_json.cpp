#include "reference/server/record_json.hpp"

namespace syncsuite::server {

nlohmann::json record_json(const protocol::Envelope& envelope, const Mutations& mutations) {
  auto json = protocol::to_json(envelope);
  if (mutations.updated_at_reformatted && envelope.updated_at.size() == 24) {
    // "2026-11-24T10:00:00.123Z" -> "2026-11-24T10:00:00Z"
    json["updated_at"] = envelope.updated_at.substr(0, 19) + "Z";
  }
  return json;
}

}  // namespace syncsuite::server
