#pragma once
// ${...} templates and the structured $envelope / $repeat values of scenarios (README "Templates"
// and "Envelopes"). Parsing is separate from expansion, so that the loader rejects a bad template
// at load time and the runner expands it when the step runs.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "reference/core/result.hpp"
#include "reference/core/timestamp.hpp"
#include "reference/crypto/record_box.hpp"

namespace syncsuite::scenario {

using Json = nlohmann::json;

// The field every device record's data carries with the run's canary (README "Automatic checks").
inline constexpr std::string_view kCanaryField = "_canary";
// The field that pads a plaintext to an exact size ($envelope ciphertext_bytes) or a request body
// to an exact size (request pad_to: there an unknown envelope field, ignored by contract 2).
inline constexpr std::string_view kPadField = "_pad";
// The longest id ${id:NAME:N} fills to (past the contract's 64, for refusal tests).
inline constexpr std::size_t kMaxFilledId = 128;

// One ${name} or ${name:arg} found in a text.
struct TemplateRef {
  std::string name;  // run, id, time, canary, device_id, public_key, start_cursor, last, saved, i, repeat
  std::string arg;   // "" when there was no ':'
  std::size_t begin = 0, end = 0;  // the expression's bytes in the text, end exclusive
};

// Every template in `text`, checked for a known name and a well-formed argument; the error names
// the bad expression. "$${" is a literal "${" and yields no reference.
Result<std::vector<TemplateRef>> parse_templates(std::string_view text);

// Checks a $envelope spec (the mapping under the key) for unknown keys, missing and mistyped
// members; the error names the member.
Status validate_envelope_spec(const Json& spec);
// Checks a $repeat spec ({count, item}).
Status validate_repeat_spec(const Json& spec);

// Seals plaintext for an account's keypair; account -1 means an unrelated ("foreign") keypair.
using Sealer = std::function<Result<crypto::Sealed>(int account, std::string_view plaintext)>;

// What templates read. Shared by all steps of one scenario run.
struct TemplateContext {
  std::string run_prefix;            // "r<hex>"
  timestamp::Millis base_time = 0;
  std::string canary;
  std::map<std::string, std::string> device_ids;  // device name -> device_id it sends
  std::map<std::string, int> device_accounts;     // device name -> account index
  std::vector<std::string> public_keys;           // base64, by account index
  std::vector<std::string> start_cursors;         // status cursor at scenario start, by account
  std::optional<Json> last;                       // body of the last response received (parsed)
  std::map<std::string, Json> saved;              // responses kept with save_as
  std::map<std::string, Json> envelopes;          // envelopes kept with $envelope.save_as
  Sealer sealer;
};

// Per-branch values (concurrent branches each have their own ${i}).
struct Locals {
  std::optional<std::int64_t> index;
};

// "r<hex>-<name>": the run id of a written id. A name that already is a run id of this scenario
// (an expanded ${id:...}) is kept as it is.
std::string run_id(const TemplateContext& ctx, std::string_view name);
// The run id of `name` filled with '_' to exactly `length` characters (${id:NAME:N}); an error
// when the run id alone is longer.
Result<std::string> filled_run_id(const TemplateContext& ctx, std::string_view name,
                                  std::size_t length);

// The plaintext of `data` (an object gets the canary, when it fits) padded to exactly `bytes`
// bytes, so that its sealed ciphertext decodes to bytes + 16 ($envelope ciphertext_bytes). 0 gives
// the empty plaintext; a size too small for the data without the canary is an error.
Result<std::string> padded_plaintext(const Json& data, const std::string& canary,
                                     std::size_t bytes);

// `body` serialized to exactly `size` bytes by a string field _pad of 'x' in the last object of
// its "records" array, or in the body itself when it has none (request pad_to).
Result<std::string> dump_padded(Json body, std::uint64_t size);

// `text` with every template replaced by its value's text. With `url_encode`, substituted values
// are percent-encoded (RFC 3986 unreserved characters kept): for request paths.
Result<std::string> expand_text(std::string_view text, TemplateContext& ctx, const Locals& locals,
                                bool url_encode = false);

// A JSON value with strings expanded (a string that is exactly one template keeps its value's
// JSON type), {$envelope: spec} sealed, {$repeat: {count, item}} unrolled.
Result<Json> expand_value(const Json& value, TemplateContext& ctx, const Locals& locals);

// `data` with the canary and padding fields removed (for comparing plaintexts with what a scenario
// wrote).
Json without_canary(Json data);
// `data` with the canary field added (objects only).
Json with_canary(Json data, const std::string& canary);

}  // namespace syncsuite::scenario
