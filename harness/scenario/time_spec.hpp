#pragma once
// Times in scenarios: absolute RFC 3339 UTC with milliseconds ("2026-11-24T10:00:00.000Z"), or
// relative to the scenario's base time: [+-] then one or more <number><unit> with unit ms, s, m,
// h or d ("+5s", "-1500ms", "+1m30s").
#include <optional>
#include <string_view>

#include "reference/core/timestamp.hpp"

namespace syncsuite::scenario {

// The offset of a relative spec in ms; nullopt when `text` is not one.
std::optional<timestamp::Millis> parse_offset(std::string_view text);
// An absolute or relative spec resolved against `base`; nullopt when `text` is neither.
std::optional<timestamp::Millis> resolve_time(std::string_view text, timestamp::Millis base);
bool valid_time_spec(std::string_view text);

// "17MiB", "1024", "8KiB", "100B" -> bytes; nullopt otherwise.
std::optional<std::uint64_t> parse_byte_size(std::string_view text);

}  // namespace syncsuite::scenario
