#pragma once
// The bad inputs of the generated campaign, derived field by field from the grammar: each wrong
// JSON type, each pattern broken at its edges, numbers past their bounds, timestamps that only
// look right, and structural JSON edge cases that no JSON value can express (raw bytes). Each
// variant says what the contract expects of a server that receives it. Pure data, no I/O.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "harness/generated/grammar.hpp"

namespace syncsuite::generated {

using Json = nlohmann::json;

// Placeholders in variant texts and string values, filled in when a case is rendered.
inline constexpr std::string_view kIdMark = "\x01id\x01";        // the bad record's fresh id
inline constexpr std::string_view kTokenMark = "\x01token\x01";  // account 0's token

enum class Expect {
  refuse,         // a MUST: a 4xx with a JSON detail, nothing stored
  refuse_should,  // a SHOULD (duplicate keys): a 4xx, else a warning; the bad value never stored
  unauthorized,   // a broken Authorization: 401 with a JSON detail, nothing stored
  lenient,        // the contract is silent: any answer but a 5xx, HTML or a dropped connection
};

enum class Edit {
  set,          // the field's value becomes `value`
  remove,       // the field is left out
  raw,          // the field's value is the raw JSON text `text` (no JSON value expresses it)
  nest,         // the field's value is `depth` nested arrays
  body_prefix,  // `text` goes before the body's bytes
  body_suffix,  // `text` goes after the body's bytes
  body_whole,   // the body is `text`
  text,         // a query parameter's (decoded) or a header's value is `text`
  omit,         // the query parameter or header is left out
};

struct Variant {
  Request request = Request::push;
  std::string field;  // Field::name, or "body" for structural cases
  Place place = Place::body;
  std::string pointer;  // as Field::pointer
  std::string klass;    // "<class>:<what>": type:null, edge:trailing-newline, structure:bom, ...
  std::string check;    // the check id of the rule it breaks
  std::optional<Rule> rule;  // the field's rule (none for structural cases)
  Expect expect = Expect::refuse;
  Edit edit = Edit::set;
  Json value;             // Edit::set
  std::string text;       // Edit::raw, body_*, text
  int depth = 0;          // Edit::nest
  int neighbours = 2;     // push: valid records sent with the bad one (half before, half after)
  std::string bad_value;  // refuse_should: a value that must never be stored
  std::string note;       // shown with the case

  // "records[].nonce edge:url-safe" - the group a budget keeps covered.
  std::string group() const;
  // One line for reports: field, class and the bad value (escaped, cut).
  std::string describe() const;
};

// The variants of one field of the grammar.
std::vector<Variant> field_variants(const Field& field);
// Whole-body cases of a request (push and resolve): raw bytes around and inside the JSON.
std::vector<Variant> structural_variants(Request request);
// Every variant of a request, in a fixed order: the full campaign.
std::vector<Variant> all_variants(Request request);

// A printable, cut form of bytes (control characters and non-ASCII escaped as \xNN / \uNNNN).
std::string printable(std::string_view bytes, std::size_t limit = 80);

}  // namespace syncsuite::generated
