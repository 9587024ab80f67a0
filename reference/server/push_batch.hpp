#pragma once
// Validation of a push body (contract section 4.1), before anything is stored.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "reference/protocol/envelope.hpp"
#include "reference/server/mutations.hpp"

namespace syncsuite::server {

// Move-only: `records` views `owned` (the full parser's envelopes) or the fast parser's buffers
// (push_fast_parse.hpp), never a copy's.
struct PushBatch {
  PushBatch() = default;
  PushBatch(PushBatch&&) = default;
  PushBatch& operator=(PushBatch&&) = default;
  PushBatch(const PushBatch&) = delete;
  PushBatch& operator=(const PushBatch&) = delete;

  std::string device_id;
  // All records when `error` is empty; else the valid records before the bad one.
  std::vector<protocol::EnvelopeView> records;
  std::vector<protocol::Envelope> owned;  // what `records` views, when the full parser read them
  std::optional<std::string> error;       // the 400 detail, naming the field and its rule
};

PushBatch parse_push_batch(const nlohmann::json& body, const Mutations& mutations);

// A record's (table, id), viewing its envelope's strings: finds a repeat within one batch.
using RecordKey = std::pair<std::string_view, std::string_view>;
struct RecordKeyHash {
  std::size_t operator()(const RecordKey& key) const noexcept {
    const std::hash<std::string_view> hash;
    return hash(key.first) * 31 + hash(key.second);
  }
};

// 1 to 64 characters (code points) of valid UTF-8.
bool valid_device_id(std::string_view device_id);

}  // namespace syncsuite::server
