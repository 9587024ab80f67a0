#include "harness/load/payload.hpp"

#include <charconv>
#include <string>

namespace syncsuite::load {

namespace {

constexpr std::size_t kHexDigits = 16;
// {"p":"","w":"<16 digits>"}, as nlohmann::json dumps it (keys sorted).
constexpr std::size_t kFrame = 15 + kHexDigits;

std::string hex(WriteId w) {
  std::string out(kHexDigits, '0');
  for (std::size_t i = 0; i < kHexDigits; ++i) {
    out[kHexDigits - 1 - i] = "0123456789abcdef"[(w >> (4 * i)) & 0xf];
  }
  return out;
}

std::string padding(WriteId w, std::size_t length) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  // splitmix64 of the id: each write pads differently, so swapped bodies do not pass as intact.
  std::uint64_t x = w + 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  x ^= x >> 31;
  std::string out(length, 'a');
  for (std::size_t i = 0; i < length; ++i) {
    out[i] = kAlphabet[(x + i * 7919) % (sizeof(kAlphabet) - 1)];
  }
  return out;
}

}  // namespace

std::string record_name(std::uint32_t index) { return "r" + std::to_string(index); }

std::optional<std::uint32_t> record_index(std::string_view id) {
  if (id.size() < 2 || id[0] != 'r') return std::nullopt;
  std::uint32_t index = 0;
  auto [end, ec] = std::from_chars(id.data() + 1, id.data() + id.size(), index);
  if (ec != std::errc() || end != id.data() + id.size()) return std::nullopt;
  return index;
}

nlohmann::json make_payload(WriteId w, std::uint32_t bytes) {
  const std::size_t pad = bytes > kFrame ? bytes - kFrame : 0;
  return nlohmann::json{{"w", hex(w)}, {"p", padding(w, pad)}};
}

std::optional<WriteId> payload_write(const nlohmann::json& data) {
  if (!data.is_object()) return std::nullopt;
  auto it = data.find("w");
  if (it == data.end() || !it->is_string()) return std::nullopt;
  const auto& text = it->get_ref<const std::string&>();
  if (text.size() != kHexDigits) return std::nullopt;
  WriteId w = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), w, 16);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return w;
}

bool payload_intact(const nlohmann::json& data, WriteId w, std::uint32_t bytes) {
  return data == make_payload(w, bytes);
}

}  // namespace syncsuite::load
