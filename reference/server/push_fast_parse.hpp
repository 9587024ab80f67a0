#pragma once
// The push request's fast path: simdjson On-Demand reads the common body (one object of
// "device_id" and "records", each record exactly the six envelope fields, all valid) straight into
// a PushBatch, without building a JSON tree. Anything else (a refusal, an unknown or repeated key,
// a repeated record, another shape) is declined, and the full parser (read_json_object and
// parse_push_batch) answers it with its precise 400: the fast path decides nothing on its own,
// and what it accepts the full parser accepts identically (a differential test holds it to that).
#include <cstddef>
#include <optional>
#include <string_view>

#include "reference/server/push_batch.hpp"

namespace syncsuite::server {

// The largest body the fast path reads (500 records of 2 KiB ciphertexts fit).
inline constexpr std::size_t kFastPathMaxBytes = 2 * 1024 * 1024;

// A PushBatch without error, or nullopt to take the full parser. Its records view this thread's
// parser: valid until the thread's next call.
std::optional<PushBatch> parse_push_fast(std::string_view body);

}  // namespace syncsuite::server
