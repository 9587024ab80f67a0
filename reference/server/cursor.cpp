#include "reference/server/cursor.hpp"

namespace syncsuite::server {

std::string format_cursor(std::int64_t seq) { return "c" + std::to_string(seq); }

std::optional<std::int64_t> parse_cursor(std::string_view text) {
  if (text.empty()) return 0;
  if (text.size() < 2 || text.size() > 19 || text[0] != 'c') return std::nullopt;
  const std::string_view digits = text.substr(1);
  if (digits.size() > 1 && digits[0] == '0') return std::nullopt;
  std::int64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');  // at most 18 digits: no overflow
  }
  return value;
}

}  // namespace syncsuite::server
