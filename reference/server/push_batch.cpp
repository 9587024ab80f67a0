#include "reference/server/push_batch.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "reference/protocol/limits.hpp"
#include "reference/server/request_body.hpp"

namespace syncsuite::server {

bool valid_device_id(std::string_view device_id) {
  // Code points of valid UTF-8 (the JSON parser has checked the encoding): the lead bytes.
  std::size_t length = 0;
  for (unsigned char c : device_id) {
    if ((c & 0xC0) != 0x80) ++length;
  }
  return length >= 1 && length <= protocol::kMaxDeviceIdLength;
}

PushBatch parse_push_batch(const nlohmann::json& body, const Mutations& mutations) {
  PushBatch batch;
  const auto device = body.find("device_id");
  if (device == body.end() || !device->is_string() ||
      !valid_device_id(device->get_ref<const std::string&>())) {
    batch.error = "device_id: must be a string of 1 to 64 characters";
    return batch;
  }
  batch.device_id = device->get<std::string>();
  const auto records = body.find("records");
  if (records == body.end() || !records->is_array()) {
    batch.error = "records: must be an array of 1 to 500 envelopes";
    return batch;
  }
  const bool too_many = records->size() > protocol::kMaxBatchRecords && !mutations.batch_limit_off;
  if (records->empty() || too_many) {
    batch.error = "records: must hold 1 to 500 envelopes, not " + std::to_string(records->size());
    return batch;
  }
  // (table, id) -> index, viewing the strings of batch.owned: reserved up front, so they never
  // move while the views live (a vector's move keeps its elements where they are).
  batch.owned.reserve(records->size());
  batch.records.reserve(records->size());
  std::unordered_map<RecordKey, std::size_t, RecordKeyHash> seen;
  seen.reserve(records->size());
  for (std::size_t i = 0; i < records->size(); ++i) {
    const std::string where = "records[" + std::to_string(i) + "]";
    auto envelope = parse_device_envelope((*records)[i], where, mutations);
    if (!envelope) {
      batch.error = envelope.error().message;
      return batch;
    }
    const auto& added = batch.owned.emplace_back(std::move(envelope).value());
    auto [it, fresh] = seen.emplace(RecordKey(added.table, added.id), i);
    if (!fresh) {
      batch.owned.pop_back();
      batch.error = where + ": repeats the (table, id) of records[" + std::to_string(it->second) +
                    "]; a batch may hold each record once";
      return batch;
    }
    batch.records.emplace_back(added);
  }
  return batch;
}

}  // namespace syncsuite::server
