#include "reference/server/push_fast_parse.hpp"

#include <simdjson.h>

#include <cstddef>
#include <string>
#include <unordered_set>
#include <utility>

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

bool read_string(simdjson::simdjson_result<od::value> value, std::string& out) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) return false;
  out.assign(text);
  return true;
}

// The six fields, each exactly once, each valid (section 2); false declines.
bool read_envelope(simdjson::simdjson_result<od::value> value, protocol::Envelope& e) {
  od::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) return false;
  enum Field : unsigned { kTable = 1, kId = 2, kUpdatedAt = 4, kDeleted = 8, kNonce = 16, kCiphertext = 32 };
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
      ok = read_string(field.value(), e.ciphertext) && protocol::valid_ciphertext_text(e.ciphertext);
    }
    if (!ok || (seen & which) != 0) return false;  // invalid, unknown or repeated
    seen |= which;
  }
  return seen == (kTable | kId | kUpdatedAt | kDeleted | kNonce | kCiphertext);
}

bool read_records(simdjson::simdjson_result<od::value> value,
                  std::vector<protocol::Envelope>& records) {
  od::array array;
  std::size_t count = 0;
  if (value.get_array().get(array) != simdjson::SUCCESS ||
      array.count_elements().get(count) != simdjson::SUCCESS || count == 0 ||
      count > protocol::kMaxBatchRecords) {
    return false;
  }
  // Reserved once: the (table, id) views in `seen` must not move with a reallocation.
  records.reserve(count);
  std::unordered_set<RecordKey, RecordKeyHash> seen;
  seen.reserve(count);
  for (auto element : array) {
    if (records.size() == count) return false;
    if (!read_envelope(element, records.emplace_back())) return false;
    if (!seen.emplace(records.back().table, records.back().id).second) return false;
  }
  return records.size() == count;
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
          .iterate(simdjson::padded_string_view(tp.buffer.data(), body.size(),
                                                tp.buffer.capacity()))
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
      if (!read_string(field.value(), batch.device_id) || !valid_device_id(batch.device_id)) {
        return std::nullopt;
      }
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
