#include "harness/driver/printable.hpp"

#include <cstdint>

namespace syncsuite::driver {
namespace {

// Length of the valid UTF-8 sequence starting at bytes[i] (2 to 4), or 0 (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence(std::string_view bytes, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(bytes[k]); };
  const std::uint8_t lead = byte(i);
  std::size_t length = 0;
  std::uint8_t low = 0x80, high = 0xBF;  // allowed range of the first continuation byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + length > bytes.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

void append_escaped(std::string& out, std::uint8_t byte) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += "\\x";
  out.push_back(kHex[byte >> 4]);
  out.push_back(kHex[byte & 0xF]);
}

}  // namespace

std::string printable(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    const auto byte = static_cast<std::uint8_t>(bytes[i]);
    if (byte < 0x80) {
      const bool control = (byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7F;
      if (control) {
        append_escaped(out, byte);
      } else {
        out.push_back(static_cast<char>(byte));
      }
      ++i;
    } else if (const auto length = utf8_sequence(bytes, i); length > 0) {
      out.append(bytes.substr(i, length));
      i += length;
    } else {
      append_escaped(out, byte);
      ++i;
    }
  }
  return out;
}

std::string quote_start(std::string_view line, std::size_t max_bytes) {
  std::string out = "'" + printable(line.substr(0, max_bytes)) + "'";
  if (line.size() > max_bytes) out += "... (" + std::to_string(line.size()) + " bytes)";
  return out;
}

}  // namespace syncsuite::driver
