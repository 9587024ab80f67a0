#include "reference/server/pull_body.hpp"

#include <nlohmann/json.hpp>

namespace syncsuite::server {
namespace {

// Appends `text` as a JSON string. Printable ASCII without quote or backslash (every field the
// push validation lets in) is copied as is; anything else goes through nlohmann's dump, so
// escaping and invalid UTF-8 come out exactly as json_response writes them.
void append_string(std::string& out, const std::string& text) {
  bool plain = true;
  for (unsigned char c : text) {
    if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
      plain = false;
      break;
    }
  }
  if (!plain) {
    out += nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out += '"';
  out += text;
  out += '"';
}

// record_json's object, keys in nlohmann's (sorted) order.
void append_record(std::string& out, const protocol::Envelope& e, const Mutations& mutations) {
  out += "{\"ciphertext\":";
  append_string(out, e.ciphertext);
  out += ",\"deleted\":";
  out += e.deleted ? "true" : "false";
  out += ",\"id\":";
  append_string(out, e.id);
  out += ",\"nonce\":";
  append_string(out, e.nonce);
  out += ",\"table\":";
  append_string(out, e.table);
  out += ",\"updated_at\":";
  if (mutations.updated_at_reformatted && e.updated_at.size() == 24) {
    append_string(out, e.updated_at.substr(0, 19) + "Z");
  } else {
    append_string(out, e.updated_at);
  }
  if (e.version) {
    out += ",\"version\":";
    out += std::to_string(*e.version);
  }
  out += '}';
}

}  // namespace

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
  append_string(out, cursor);
  out += ",\"has_more\":";
  out += has_more ? "true" : "false";
  out += ",\"records\":[";
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (i > 0) out += ',';
    append_record(out, records[i].envelope, mutations);
  }
  out += "],\"server_time\":";
  append_string(out, server_time);
  out += '}';
  return out;
}

}  // namespace syncsuite::server
