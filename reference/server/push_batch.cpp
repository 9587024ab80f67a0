#include "reference/server/push_batch.hpp"

#include <map>
#include <utility>

#include "reference/protocol/limits.hpp"
#include "reference/server/request_body.hpp"

namespace syncsuite::server {
namespace {

// Code points of valid UTF-8 (nlohmann has checked the encoding): count the non-continuation bytes.
std::size_t utf8_length(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace

PushBatch parse_push_batch(const nlohmann::json& body, const Mutations& mutations) {
  PushBatch batch;
  const auto device = body.find("device_id");
  if (device == body.end() || !device->is_string() ||
      utf8_length(device->get_ref<const std::string&>()) < 1 ||
      utf8_length(device->get_ref<const std::string&>()) > protocol::kMaxDeviceIdLength) {
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
  std::map<std::pair<std::string, std::string>, std::size_t> seen;  // (table, id) -> index
  for (std::size_t i = 0; i < records->size(); ++i) {
    const std::string where = "records[" + std::to_string(i) + "]";
    auto envelope = parse_device_envelope((*records)[i], where, mutations);
    if (!envelope) {
      batch.error = envelope.error().message;
      return batch;
    }
    auto [it, fresh] = seen.emplace(std::make_pair(envelope->table, envelope->id), i);
    if (!fresh) {
      batch.error = where + ": repeats the (table, id) of records[" + std::to_string(it->second) +
                    "]; a batch may hold each record once";
      return batch;
    }
    batch.records.push_back(std::move(envelope).value());
  }
  return batch;
}

}  // namespace syncsuite::server
