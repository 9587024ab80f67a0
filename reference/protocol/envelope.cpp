#include "reference/protocol/envelope.hpp"

#include <optional>
#include <string_view>

#include "reference/core/base64.hpp"
#include "reference/core/timestamp.hpp"
#include "reference/protocol/limits.hpp"

namespace syncsuite::protocol {
namespace {

bool lower_or_digit_or_underscore(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

Error field_error(std::string_view where, std::string_view field, std::string_view rule) {
  // "records[3].nonce: ...", "nonce: ...", "records[3]: ..." (the whole value), "envelope: ...".
  std::string msg(where);
  if (!msg.empty() && !field.empty()) msg += '.';
  msg += field;
  if (msg.empty()) msg = "envelope";
  msg += ": ";
  msg += rule;
  return make_error("bad_request", std::move(msg));
}

const nlohmann::json* member(const nlohmann::json& obj, const char* name) {
  auto it = obj.find(name);
  return it == obj.end() ? nullptr : &*it;
}

}  // namespace

bool valid_table(std::string_view t) {
  if (t.empty() || t.size() > 64 || t[0] < 'a' || t[0] > 'z') return false;
  for (char c : t) {
    if (!lower_or_digit_or_underscore(c)) return false;
  }
  return true;
}

bool valid_record_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool valid_nonce_text(std::string_view text) {
  return text.size() <= 64 && base64::checked_size(text) == kNonceBytes;
}

namespace {

// What is wrong with a ciphertext's text (the field error's rule), or nothing.
std::optional<std::string_view> ciphertext_problem(std::string_view text) {
  constexpr std::string_view kTooLong = "must decode to at most 1 MiB";
  if (base64::decoded_size_upper_bound(text) > kMaxCiphertextBytes + 2) return kTooLong;
  const auto size = base64::checked_size(text);
  if (!size) return "must be standard base64 (with padding)";
  if (*size < kMinCiphertextBytes) return "must decode to at least 16 bytes (the MAC)";
  if (*size > kMaxCiphertextBytes) return kTooLong;
  return std::nullopt;
}

}  // namespace

bool valid_ciphertext_text(std::string_view text) { return !ciphertext_problem(text); }

Result<Envelope> parse_envelope(const nlohmann::json& v, std::string_view where,
                                bool with_version) {
  if (!v.is_object()) return field_error(where, "", "must be a JSON object");
  Envelope e;
  const auto* table = member(v, "table");
  if (table == nullptr || !table->is_string() || !valid_table(table->get_ref<const std::string&>()))
    return field_error(where, "table", "must be a string matching ^[a-z][a-z0-9_]{0,63}$");
  e.table = table->get<std::string>();
  const auto* id = member(v, "id");
  if (id == nullptr || !id->is_string() || !valid_record_id(id->get_ref<const std::string&>()))
    return field_error(where, "id", "must be a string matching ^[A-Za-z0-9_-]{1,64}$");
  e.id = id->get<std::string>();
  const auto* updated = member(v, "updated_at");
  if (updated == nullptr || !updated->is_string() ||
      !timestamp::valid(updated->get_ref<const std::string&>()))
    return field_error(where, "updated_at",
                       "must be RFC 3339 UTC with millisecond precision, e.g. "
                       "2026-11-24T10:00:00.123Z");
  e.updated_at = updated->get<std::string>();
  const auto* deleted = member(v, "deleted");
  if (deleted == nullptr || !deleted->is_boolean())
    return field_error(where, "deleted", "must be a boolean");
  e.deleted = deleted->get<bool>();
  const auto* nonce = member(v, "nonce");
  if (nonce == nullptr || !nonce->is_string())
    return field_error(where, "nonce", "must be standard base64 of exactly 24 bytes");
  {
    const auto& text = nonce->get_ref<const std::string&>();
    if (!valid_nonce_text(text))
      return field_error(where, "nonce", "must be standard base64 of exactly 24 bytes");
    e.nonce = text;
  }
  const auto* ct = member(v, "ciphertext");
  if (ct == nullptr || !ct->is_string())
    return field_error(where, "ciphertext", "must be a base64 string");
  {
    const auto& text = ct->get_ref<const std::string&>();
    if (auto problem = ciphertext_problem(text)) {
      return field_error(where, "ciphertext", *problem);
    }
    e.ciphertext = text;
  }
  if (with_version) {
    const auto* version = member(v, "version");
    if (version != nullptr) {
      if (!version->is_number_integer() || version->get<std::int64_t>() < 1)
        return field_error(where, "version", "must be a positive integer");
      e.version = version->get<std::int64_t>();
    }
  }
  return e;
}

nlohmann::json to_json(const Envelope& e) {
  nlohmann::json j = {{"table", e.table},         {"id", e.id},
                      {"updated_at", e.updated_at}, {"deleted", e.deleted},
                      {"nonce", e.nonce},         {"ciphertext", e.ciphertext}};
  if (e.version) j["version"] = *e.version;
  return j;
}

}  // namespace syncsuite::protocol
