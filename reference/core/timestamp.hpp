#pragma once
// The contract's time format: RFC 3339 UTC with exactly millisecond precision,
// "2026-11-24T10:00:00.123Z". Text of this exact shape sorts in time order, so servers may
// compare it as text; we convert to milliseconds since the Unix epoch where arithmetic is needed.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace syncsuite::timestamp {

using Millis = std::int64_t;  // milliseconds since 1970-01-01T00:00:00.000Z

// nullopt unless `text` is exactly YYYY-MM-DDTHH:MM:SS.mmmZ and a real calendar instant.
std::optional<Millis> parse(std::string_view text);
bool valid(std::string_view text);
std::string format(Millis ms);

// Wall clock, for servers and devices that are not driven by a test clock.
Millis system_now();
std::string system_now_text();

}  // namespace syncsuite::timestamp
