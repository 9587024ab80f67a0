#include "reference/server/push_fast_parse.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "reference/core/timestamp.hpp"
#include "reference/protocol/envelope.hpp"
#include "reference/protocol/limits.hpp"

namespace syncsuite::server {
namespace {

namespace od = simdjson::ondemand;

// One parser per thread: it keeps its buffers between requests. The body is copied into a
// buffer with simdjson's padding (it reads up to SIMDJSON_PADDING bytes past the end).
struct ThreadParser {
  od::parser parser;
  std::string buffer;
};

ThreadParser& thread_parser() {
  thread_local ThreadParser parser;
  return parser;
}

// A view of the unescaped string in the thread's parser: valid until it parses the next body.
bool read_string(simdjson::simdjson_result<od::value> value, std::string_view& out) {
  return value.get_string().get(out) == simdjson::SUCCESS;
}

// Two records of one (table, id): sorted keys, neighbours compared (no allocation per record).
bool has_repeat(const std::vector<protocol::EnvelopeView>& records) {
  std::vector<RecordKey> keys;
  keys.reserve(records.size());
  for (const auto& r : records) keys.emplace_back(r.table, r.id);
  std::sort(keys.begin(), keys.end());
  return std::adjacent_find(keys.begin(), keys.end()) != keys.end();
}

// The six fields, each exactly once, each valid (section 2); false declines.
bool read_envelope(simdjson::simdjson_result<od::value> value, protocol::EnvelopeView& e) {
  od::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) return false;
  enum Field : unsigned {
    kTable = 1,
    kId = 2,
    kUpdatedAt = 4,
    kDeleted = 8,
    kNonce = 16,
    kCiphertext = 32
  };
  unsigned seen = 0;
  for (auto field : object) {
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) return false;
    unsigned which = 0;
    bool ok = false;
    if (key == "table") {
      which = kTable;
      ok = read_string(field.value(), e.table) && protocol::valid_table(e.table);
    } else if (key == "id") {
      which = kId;
      ok = read_string(field.value(), e.id) && protocol::valid_record_id(e.id);
    } else if (key == "updated_at") {
      which = kUpdatedAt;
      ok = read_string(field.value(), e.updated_at) && timestamp::valid(e.updated_at);
    } else if (key == "deleted") {
      which = kDeleted;
      ok = field.value().get_bool().get(e.deleted) == simdjson::SUCCESS;
    } else if (key == "nonce") {
      which = kNonce;
      ok = read_string(field.value(), e.nonce) && protocol::valid_nonce_text(e.nonce);
    } else if (key == "ciphertext") {
      which = kCiphertext;
      ok =
          read_string(field.value(), e.ciphertext) && protocol::valid_ciphertext_text(e.ciphertext);
    }
    if (!ok || (seen & which) != 0) return false;  // invalid, unknown or repeated
    seen |= which;
  }
  return seen == (kTable | kId | kUpdatedAt | kDeleted | kNonce | kCiphertext);
}

bool read_records(simdjson::simdjson_result<od::value> value,
                  std::vector<protocol::EnvelopeView>& records) {
  od::array array;
  std::size_t count = 0;
  if (value.get_array().get(array) != simdjson::SUCCESS ||
      array.count_elements().get(count) != simdjson::SUCCESS || count == 0 ||
      count > protocol::kMaxBatchRecords) {
    return false;
  }
  records.reserve(count);
  for (auto element : array) {
    if (records.size() == count) return false;
    if (!read_envelope(element, records.emplace_back())) return false;
  }
  return records.size() == count && !has_repeat(records);
}

}  // namespace

std::optional<PushBatch> parse_push_fast(std::string_view body) {
  // The parser keeps buffers sized for the largest body it has read (several times its size), per
  // thread, for the life of the server: bodies past this bound take the full parser instead.
  if (body.size() > kFastPathMaxBytes) return std::nullopt;
  ThreadParser& tp = thread_parser();
  tp.buffer.reserve(body.size() + simdjson::SIMDJSON_PADDING);
  tp.buffer.assign(body);
  od::document doc;
  if (tp.parser
          .iterate(
              simdjson::padded_string_view(tp.buffer.data(), body.size(), tp.buffer.capacity()))
          .get(doc) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  od::object object;
  if (doc.get_object().get(object) != simdjson::SUCCESS) return std::nullopt;
  PushBatch batch;
  bool has_device = false, has_records = false;
  for (auto field : object) {
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) return std::nullopt;
    if (key == "device_id" && !has_device) {
      has_device = true;
      std::string_view device_id;
      if (!read_string(field.value(), device_id) || !valid_device_id(device_id)) {
        return std::nullopt;
      }
      batch.device_id = device_id;
    } else if (key == "records" && !has_records) {
      has_records = true;
      if (!read_records(field.value(), batch.records)) return std::nullopt;
    } else {
      return std::nullopt;  // unknown or repeated
    }
  }
  // One JSON value and nothing after it: past the object's end the document has no location.
  if (!has_device || !has_records || doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    return std::nullopt;
  }
  return batch;
}

}  // namespace syncsuite::server
