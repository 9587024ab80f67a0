#include "harness/scenario/time_spec.hpp"

#include <cctype>
#include <cstdint>
#include <limits>

namespace syncsuite::scenario {
namespace {

std::optional<std::int64_t> unit_ms(std::string_view unit) {
  if (unit == "ms") return 1;
  if (unit == "s") return 1000;
  if (unit == "m") return 60 * 1000;
  if (unit == "h") return 3600 * 1000;
  if (unit == "d") return 24LL * 3600 * 1000;
  return std::nullopt;
}

}  // namespace

std::optional<timestamp::Millis> parse_offset(std::string_view text) {
  if (text.size() < 3 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  const std::int64_t sign = text[0] == '-' ? -1 : 1;
  std::size_t i = 1;
  std::int64_t total = 0;
  while (i < text.size()) {
    std::int64_t number = 0;
    const std::size_t digits_start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      if (number > 1'000'000'000'000LL) return std::nullopt;
      number = number * 10 + (text[i] - '0');
      ++i;
    }
    if (i == digits_start) return std::nullopt;
    const std::size_t unit_start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    const auto factor = unit_ms(text.substr(unit_start, i - unit_start));
    if (!factor) return std::nullopt;
    total += number * *factor;
    if (total > 100LL * 365 * 24 * 3600 * 1000) return std::nullopt;  // a century is plenty
  }
  return sign * total;
}

std::optional<timestamp::Millis> resolve_time(std::string_view text, timestamp::Millis base) {
  if (auto offset = parse_offset(text)) return base + *offset;
  return timestamp::parse(text);
}

bool valid_time_spec(std::string_view text) { return resolve_time(text, 0).has_value(); }

std::optional<std::uint64_t> parse_byte_size(std::string_view text) {
  std::size_t i = 0;
  std::uint64_t number = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    if (number > (1ULL << 40)) return std::nullopt;
    number = number * 10 + static_cast<std::uint64_t>(text[i] - '0');
    ++i;
  }
  if (i == 0) return std::nullopt;
  const std::string_view unit = text.substr(i);
  std::uint64_t factor = 0;
  if (unit.empty() || unit == "B") factor = 1;
  else if (unit == "KiB") factor = 1024;
  else if (unit == "MiB") factor = 1024 * 1024;
  else return std::nullopt;
  const std::uint64_t bytes = number * factor;
  if (bytes > (1ULL << 30)) return std::nullopt;  // 1 GiB: far past any limit worth testing
  return bytes;
}

}  // namespace syncsuite::scenario
