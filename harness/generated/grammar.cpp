#include "harness/generated/grammar.hpp"

namespace syncsuite::generated {

std::string_view request_name(Request request) {
  switch (request) {
    case Request::push:
      return "push";
    case Request::pull:
      return "pull";
    case Request::resolve:
      return "resolve";
    case Request::key:
      return "key";
    case Request::headers:
      return "headers";
  }
  return "";
}

std::optional<Request> parse_request(std::string_view name) {
  for (Request r : kAllRequests) {
    if (request_name(r) == name) return r;
  }
  return std::nullopt;
}

const std::vector<Field>& grammar() {
  static const std::vector<Field> fields = {
      // 4: push body; the bad record sits between valid neighbours ("@").
      {Request::push, "device_id", Place::body, "/device_id", Rule::device_id,
       "4.1/device-id-rule"},
      {Request::push, "records", Place::body, "/records", Rule::records, "4.1/records-rule"},
      {Request::push, "records[]", Place::body, "/records/@", Rule::envelope, "4.1/records-rule"},
      // 2: the envelope of the bad record.
      {Request::push, "records[].table", Place::body, "/records/@/table", Rule::table,
       "2/table-rule"},
      {Request::push, "records[].id", Place::body, "/records/@/id", Rule::record_id, "2/id-rule"},
      {Request::push, "records[].updated_at", Place::body, "/records/@/updated_at", Rule::timestamp,
       "2/updated-at-rule"},
      {Request::push, "records[].deleted", Place::body, "/records/@/deleted", Rule::boolean,
       "2/deleted-bool"},
      {Request::push, "records[].nonce", Place::body, "/records/@/nonce", Rule::nonce,
       "2/nonce-rule"},
      {Request::push, "records[].ciphertext", Place::body, "/records/@/ciphertext",
       Rule::ciphertext, "2/ciphertext-rule"},
      // 5: pull query.
      {Request::pull, "limit", Place::query, "limit", Rule::limit, "5/limit-range-400"},
      {Request::pull, "since", Place::query, "since", Rule::cursor, "5/bad-cursor-400"},
      // 6: resolve body ("local" with a record of the same (table, id)).
      {Request::resolve, "table", Place::body, "/table", Rule::table, "6/invalid-body-400"},
      {Request::resolve, "id", Place::body, "/id", Rule::record_id, "6/invalid-body-400"},
      {Request::resolve, "resolution", Place::body, "/resolution", Rule::resolution,
       "6/invalid-body-400"},
      {Request::resolve, "expected_version", Place::body, "/expected_version",
       Rule::expected_version, "6/invalid-body-400"},
      {Request::resolve, "record", Place::body, "/record", Rule::resolve_record,
       "6/invalid-body-400"},
      {Request::resolve, "record.updated_at", Place::body, "/record/updated_at", Rule::timestamp,
       "2/updated-at-rule"},
      {Request::resolve, "record.deleted", Place::body, "/record/deleted", Rule::boolean,
       "2/deleted-bool"},
      {Request::resolve, "record.nonce", Place::body, "/record/nonce", Rule::nonce, "2/nonce-rule"},
      {Request::resolve, "record.ciphertext", Place::body, "/record/ciphertext", Rule::ciphertext,
       "2/ciphertext-rule"},
      // 3: key body.
      {Request::key, "public_key", Place::body, "/public_key", Rule::public_key,
       "3/key-invalid-refused"},
      // 1: headers of an otherwise valid push.
      {Request::headers, "Authorization", Place::header, "Authorization", Rule::authorization,
       "1/auth-unknown-401"},
      {Request::headers, "Content-Type", Place::header, "Content-Type", Rule::content_type,
       "1/malformed-4xx-not-5xx"},
  };
  return fields;
}

}  // namespace syncsuite::generated
