#include "reference/server/pull_body.hpp"

#include "reference/server/json_text.hpp"

namespace syncsuite::server {

std::string pull_body(const std::vector<StoredRecord>& records, const std::string& cursor,
                      bool has_more, const std::string& server_time, const Mutations& mutations) {
  std::size_t size = 128;
  for (const auto& record : records) {
    const auto& e = record.envelope;
    size += 128 + e.ciphertext.size() + e.id.size() + e.nonce.size() + e.table.size();
  }
  std::string out;
  out.reserve(size);
  out += "{\"cursor\":";
  append_json_string(out, cursor);
  out += ",\"has_more\":";
  out += has_more ? "true" : "false";
  out += ",\"records\":[";
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (i > 0) out += ',';
    append_record_json(out, records[i].envelope, mutations);
  }
  out += "],\"server_time\":";
  append_json_string(out, server_time);
  out += '}';
  return out;
}

}  // namespace syncsuite::server
