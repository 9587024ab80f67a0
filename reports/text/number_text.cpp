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

}  // namespace syncsuite::reports::text
