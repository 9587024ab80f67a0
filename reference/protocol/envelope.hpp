#pragma once
// The record envelope of contract section 2: what a device sends and the server stores.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "reference/core/result.hpp"

namespace syncsuite::protocol {

struct Envelope {
  std::string table;       // ^[a-z][a-z0-9_]{0,63}$
  std::string id;          // ^[A-Za-z0-9_-]{1,64}$
  std::string updated_at;  // RFC 3339 UTC, exactly milliseconds
  bool deleted = false;    // tombstone; still carries an encrypted body of {}
  std::string nonce;       // base64 of 24 bytes
  std::string ciphertext;  // base64 of 16 bytes .. 1 MiB
  std::optional<std::int64_t> version;  // server-assigned; only in server responses

  // Same stored content (section 4.2 "identical"): updated_at, deleted, nonce, ciphertext.
  bool same_content(const Envelope& other) const;  // EnvelopeView::same_content's rule
};

// An envelope's pushed fields viewed, not owned: a pushed record read straight out of its request
// body, or an Envelope seen through it (implicitly: every place that takes a view takes both).
// Valid while what it views lives.
struct EnvelopeView {
  std::string_view table;
  std::string_view id;
  std::string_view updated_at;
  bool deleted = false;
  std::string_view nonce;
  std::string_view ciphertext;

  EnvelopeView() = default;
  EnvelopeView(const Envelope& e)  // NOLINT(google-explicit-constructor): a view of it
      : table(e.table),
        id(e.id),
        updated_at(e.updated_at),
        deleted(e.deleted),
        nonce(e.nonce),
        ciphertext(e.ciphertext) {}

  bool same_content(const Envelope& stored) const {
    return updated_at == stored.updated_at && deleted == stored.deleted &&
           nonce == stored.nonce && ciphertext == stored.ciphertext;
  }
  Envelope to_envelope() const {
    return Envelope{std::string(table),      std::string(id),         std::string(updated_at),
                    deleted,                 std::string(nonce),      std::string(ciphertext),
                    std::nullopt};
  }
};

inline bool Envelope::same_content(const Envelope& other) const {
  return EnvelopeView(*this).same_content(other);
}

bool valid_table(std::string_view table);
bool valid_record_id(std::string_view id);
// The base64 fields' rules of section 2 (parse_envelope applies the same, with messages).
bool valid_nonce_text(std::string_view text);
bool valid_ciphertext_text(std::string_view text);

// Checks a JSON value against section 2. `where` prefixes error messages ("records[3]"), and the
// error message names the field and its rule, e.g. "records[3].nonce: must be standard base64
// of exactly 24 bytes". Unknown fields are ignored. `version` is read when present and
// `with_version` is true (server responses), and ignored otherwise (pushed envelopes).
Result<Envelope> parse_envelope(const nlohmann::json& value, std::string_view where,
                                bool with_version);

// JSON of an envelope; "version" only when set.
nlohmann::json to_json(const Envelope& envelope);

}  // namespace syncsuite::protocol
