#pragma once
// The contract's rules for every request field (sections 1-6) as data: where a field lives in a
// request, which rule its value must keep, and the check id that judges a violation. The
// generated campaign (variants.hpp) derives its bad inputs from this table alone.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace syncsuite::generated {

enum class Request { push, pull, resolve, key, headers };

inline constexpr Request kAllRequests[] = {Request::push, Request::pull, Request::resolve,
                                           Request::key, Request::headers};

std::string_view request_name(Request request);
std::optional<Request> parse_request(std::string_view name);

// The rule a field's value keeps; each has its own generators (variants.cpp).
enum class Rule {
  table,             // 2: ^[a-z][a-z0-9_]{0,63}$
  record_id,         // 2: ^[A-Za-z0-9_-]{1,64}$
  timestamp,         // 2: RFC 3339 UTC, exactly milliseconds
  boolean,           // 2: deleted
  nonce,             // 2: standard base64 of 24 bytes
  ciphertext,        // 2: standard base64, 16 bytes .. 1 MiB
  envelope,          // 4: a record is a JSON object
  device_id,         // 4: string of 1..64 characters
  records,           // 4: array of 1..500 envelopes
  resolution,        // 6: "local" | "server" | "merged"
  expected_version,  // 6: the integer version of S
  resolve_record,    // 6: an envelope, required for local and merged
  public_key,        // 3: standard base64 of 32 bytes
  limit,             // 5: 1..1000
  cursor,            // 5: an opaque cursor the server issued
  authorization,     // 1: Token <token>
  content_type,      // 1: application/json (what else gets is left open)
};

enum class Place {
  body,   // a member of the JSON body: `pointer` is its JSON pointer ("@" = the bad record's index)
  query,  // a query parameter of the pull: `pointer` is its name
  header  // a request header: `pointer` is its name
};

struct Field {
  Request request;
  std::string name;  // as reports show it: "records[].nonce", "limit", "Authorization"
  Place place;
  std::string pointer;  // see Place
  Rule rule;
  std::string check;  // the check id a violation of the rule fails
};

// Every field of every request, in contract order.
const std::vector<Field>& grammar();

}  // namespace syncsuite::generated
