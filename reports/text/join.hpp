#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace syncsuite::reports::text {

// {"4.2", "7"} joined by ", " -> "4.2, 7"; "" for no parts.
inline std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

}  // namespace syncsuite::reports::text
