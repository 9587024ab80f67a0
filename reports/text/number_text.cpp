#include "reports/text/number_text.hpp"

#include <array>
#include <charconv>

namespace syncsuite::reports::text {

std::string fixed(double value, int decimals) {
  std::array<char, 64> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                       std::chars_format::fixed, decimals);
  if (ec != std::errc{}) return "?";  // only for absurd magnitudes (> 1e40 ms)
  return std::string(buffer.data(), end);
}

std::string compact(double value, int decimals) {
  std::string out = fixed(value, decimals);
  if (out.find('.') == std::string::npos) return out;
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out == "-0" ? "0" : out;
}

}  // namespace syncsuite::reports::text
