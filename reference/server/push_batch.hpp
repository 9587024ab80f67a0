#pragma once
// Validation of a push body (contract section 4.1), before anything is stored.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reference/protocol/envelope.hpp"
#include "reference/server/mutations.hpp"

namespace syncsuite::server {

struct PushBatch {
  std::string device_id;
  // All records when `error` is empty; else the valid records before the bad one.
  std::vector<protocol::Envelope> records;
  std::optional<std::string> error;  // the 400 detail, naming the field and its rule
};

PushBatch parse_push_batch(const nlohmann::json& body, const Mutations& mutations);

}  // namespace syncsuite::server
