#pragma once
// A stored record as it goes out in pull, conflict and resolve responses: the full envelope with
// its version, fields byte-exactly as accepted.
#include <nlohmann/json.hpp>

#include "reference/protocol/envelope.hpp"
#include "reference/server/mutations.hpp"

namespace syncsuite::server {

nlohmann::json record_json(const protocol::Envelope& envelope, const Mutations& mutations);

}  // namespace syncsuite::server
