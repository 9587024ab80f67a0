#pragma once
// Durations in load profiles and on the command line (--duration): one or more <digits><unit>,
// units ms, s, m, h from largest to smallest, each at most once, no sign, no spaces, no fractions
// ("30s", "1m30s", "250ms", "2h"); "0" alone is zero. A malformed text gets a sentence that says
// what to write instead, because "1h30" or "10 s" are easy mistakes to make.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace syncsuite::load {

struct DurationParse {
  std::optional<std::chrono::milliseconds> value;  // set exactly when `problem` is empty
  std::string problem;                             // "the number 30 has no unit: write 30m or 30s"
};

DurationParse parse_duration(std::string_view text);

// "1m30s", "250ms", "0s": the shortest text parse_duration reads back to the same value.
std::string format_duration(std::chrono::milliseconds value);

}  // namespace syncsuite::load
