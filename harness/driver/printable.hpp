#pragma once
// Adapter output quoted in a diagnosis: whatever bytes an adapter wrote become valid UTF-8 text
// (a diagnosis travels in JSON reports, whose writers reject invalid UTF-8), with control
// characters and invalid bytes shown as \xNN. Newlines and tabs are kept.
#include <cstddef>
#include <string>
#include <string_view>

namespace syncsuite::driver {

std::string printable(std::string_view bytes);

// The first `max_bytes` of `line`, printable and in single quotes, then "... (N bytes)" if cut.
std::string quote_start(std::string_view line, std::size_t max_bytes = 200);

}  // namespace syncsuite::driver
