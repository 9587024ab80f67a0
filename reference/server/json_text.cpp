#include "reference/server/json_text.hpp"

#include <nlohmann/json.hpp>

namespace syncsuite::server {

// Appends `text` as a JSON string. Printable ASCII without quote or backslash (every field the
// push validation lets in) is copied as is; anything else goes through nlohmann's dump, so
// escaping and invalid UTF-8 come out exactly as json_response writes them.
void append_json_string(std::string& out, std::string_view text) {
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

// Keys in nlohmann's (sorted) order.
void append_record_json(std::string& out, const protocol::Envelope& e, const Mutations& mutations) {
  out += "{\"ciphertext\":";
  append_json_string(out, e.ciphertext);
  out += ",\"deleted\":";
  out += e.deleted ? "true" : "false";
  out += ",\"id\":";
  append_json_string(out, e.id);
  out += ",\"nonce\":";
  append_json_string(out, e.nonce);
  out += ",\"table\":";
  append_json_string(out, e.table);
  out += ",\"updated_at\":";
  if (mutations.updated_at_reformatted && e.updated_at.size() == 24) {
    append_json_string(out, e.updated_at.substr(0, 19) + "Z");
  } else {
    append_json_string(out, e.updated_at);
  }
  if (e.version) {
    out += ",\"version\":";
    out += std::to_string(*e.version);
  }
  out += '}';
}

}  // namespace syncsuite::server
